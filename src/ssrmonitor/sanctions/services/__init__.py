"""Every write of the sanctions app: list imports (``unlist``) and embargoes (``embargo``)."""
