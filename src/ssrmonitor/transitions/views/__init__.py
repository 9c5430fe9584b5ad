"""Pages of the transitions app: reading (``pages``) and the plan editor (``editor``)."""
