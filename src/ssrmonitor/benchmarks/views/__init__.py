"""Pages of benchmark M&E: reading (``pages``), data entry and review (``entry``), editor.

The shared machinery (domain errors, HTMX fragments, form pages) is :mod:`ssrmonitor.core.http`.
"""
