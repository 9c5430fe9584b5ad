"""Models of the transitions app."""
