"""What every page shares, in one import: `from app_state import shared`.

A façade; each name lives in the module of its concern:

- `_text`: the translator (`t`, `lang`; values always literal text: `t_plain`, `t_plotly`, `listing`, `phrase`),
  library errors in the current language, messages shown once a run;
- `_cache`: cached resources (models, datasets, the checkpoint listing, layer tables), keyed on content;
- `_current`: the model and dataset this session shows, and the checkpoints and runs it may choose from;
- `_state`: session and URL state (shared links, remembered choices, page switches, the session's liveness);
- `_sidebar`: the sidebar every page shows;
- `_widgets`: small shared widgets (a remembered picker, the diagram, downloads, explanations, your runs).

To replace a name in a test, patch it in the module that defines it: the others import it from there.

(The folder is `app_pages/`, not `pages/`: Streamlit treats a `pages/` folder beside the entry script as a
legacy multipage app on a fresh server's first deep link, which would skip `st.navigation` and this sidebar.)
"""

from __future__ import annotations

from app_state.cache import (
    cached_rows,
    checkpoint_list,
    checkpoint_model,
    dataset,
    evaluation_of,
    uploaded_model,
    zip_dataset,
    zoo_model,
)
from app_state.current import (
    CHECKPOINT_DIR,
    DEFAULT_CHECKPOINT,
    FOLDER,
    ROOT,
    UPLOAD,
    CurrentModel,
    available_checkpoints,
    checkpoint_current,
    checkpoint_key,
    checkpoint_label,
    client_address,
    current_dataset,
    current_model,
    layer_rows,
    model_choices,
    model_dataset,
    named_dataset,
    own_runs,
    owner,
    runs_dir,
    shown_class_names,
)
from app_state.sidebar import sidebar
from app_state.text import Markdown, full_name, lang, listing, message, phrase, show_once, t, t_plain, t_plotly
from app_state.view import (
    MAX_SAMPLE_DIGITS,
    MAX_URL_VALUE,
    SHARED_KEYS,
    explore,
    follow_switch,
    hold,
    keep_valid,
    mirror_to_url,
    restore_from_url,
    session_alive,
    switch,
    url_value,
    view_query,
)
from app_state.widgets import (
    clicked_cell,
    clicked_points,
    curve_labels,
    diagram,
    download_csv,
    download_png,
    explain,
    needs_conv,
    pick,
    runs_manager,
    trained_curves,
    view_choice,
)

__all__ = [
    "CHECKPOINT_DIR", "DEFAULT_CHECKPOINT", "FOLDER", "MAX_SAMPLE_DIGITS", "MAX_URL_VALUE", "ROOT",
    "SHARED_KEYS", "UPLOAD", "CurrentModel", "Markdown", "full_name", "listing", "phrase", "t_plain", "t_plotly",
    "available_checkpoints", "cached_rows", "checkpoint_current",
    "checkpoint_key", "checkpoint_label", "clicked_cell", "client_address",
    "clicked_points", "checkpoint_list", "curve_labels", "trained_curves",
    "checkpoint_model", "current_dataset", "current_model", "dataset", "diagram", "download_csv",
    "download_png", "evaluation_of", "explain", "explore", "follow_switch", "hold", "keep_valid", "lang", "layer_rows",
    "message",
    "mirror_to_url", "model_choices", "model_dataset", "named_dataset", "needs_conv", "own_runs", "owner", "pick",
    "restore_from_url", "runs_dir", "runs_manager", "session_alive", "show_once", "shown_class_names", "sidebar", "t",
    "switch", "uploaded_model", "url_value", "view_choice", "view_query", "zip_dataset", "zoo_model",
]
