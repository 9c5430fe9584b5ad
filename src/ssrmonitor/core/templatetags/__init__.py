"""Template tags shared by every page (navigation, query strings, audit changes)."""
