"""A parser that never loads a DTD, never expands entities and never touches the network.

IATI files come from outside: an XML external entity (XXE) could read local files, and nested
entities ("billion laughs") could exhaust memory. The streaming importer passes the same options
to ``iterparse`` (see :mod:`ssrmonitor.support.iati.importer`); ``huge_tree`` stays off, so
libxml2's limits on text size and depth remain a second line of defence.
"""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """An lxml parser for whole documents (codelists, the schema, exported files)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
    )
