"""Pages of the sanctions app: the UN list (``listing``) and arms embargoes (``embargo``)."""
