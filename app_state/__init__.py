"""The app's state, apart from the pages a user navigates (app_pages/): what the user reads (text), the shared
caches (cache), the model and dataset on screen (current), the view state's one owner (view), uploads kept in
the session (uploads), the sidebar, small shared widgets, the picture a page looks at (picture), the epoch
replay, the warm-up, shared renders, serving, lessons, presenter mode; `shared` is the façade pages import.
"""
