"""The views of the Computation and Labs pages, each run only when its page shows it."""
