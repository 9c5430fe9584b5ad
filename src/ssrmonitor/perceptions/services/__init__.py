"""The write side of the perceptions app: every change is one atomic, audited service."""
