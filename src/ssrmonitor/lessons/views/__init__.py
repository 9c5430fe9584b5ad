"""Pages of the lessons-learned library: the search (``pages``) and the editor (``editor``)."""
