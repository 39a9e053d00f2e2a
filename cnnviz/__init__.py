"""cnnviz: the computations behind the interactive CNN explorer.

Every number and array the app shows comes from a function in this package,
so it can be called from a notebook and tested without Streamlit.
"""

__version__ = "0.1.0"
