"""SSR Monitor: an information system for security sector reform (UNSCR 2553 (2020))."""

__version__ = "0.1.0"
