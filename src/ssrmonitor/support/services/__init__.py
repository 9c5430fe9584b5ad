"""Every write of the support app: imports, exchange rates, strategy and alignment."""
