"""Pages of the support app: activities (``pages``), coordination, strategy and imports."""
