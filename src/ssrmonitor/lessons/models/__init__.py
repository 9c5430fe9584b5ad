"""Models of the lessons app."""
