"""Models of the sector app."""
