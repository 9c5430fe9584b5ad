"""Pages of the sector app: reading (``pages``), downloads (``downloads``), bulk entry."""
