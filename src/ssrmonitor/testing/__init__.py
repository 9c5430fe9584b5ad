"""Factories, personas and fixtures shared by every app's tests (not used at run time)."""
