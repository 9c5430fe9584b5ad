"""Rebuild ``sdg_dsd_1.14.json`` from the IAEG-SDGs SDG data structure definition 1.14.

Run by hand (``python -m ssrmonitor.perceptions.sdg.data.build_codelists DSD.xml``); the product
reads only the JSON it writes: the DSD's dimensions and attributes with their codelists, and
every code of those codelists with its English name (see PROVENANCE.md beside this file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
OUT = HERE / "sdg_dsd_1.14.json"


def _codelist_id(component: Any) -> str:
    representation = component.local_representation
    if representation is None or representation.enumerated is None:
        return ""
    return str(representation.enumerated.id)


def build(dsd_path: Path) -> dict[str, Any]:
    import sdmx

    message: Any = sdmx.read_sdmx(dsd_path)
    dsd = message.structure["SDG"]
    dimensions = [[d.id, _codelist_id(d)] for d in dsd.dimensions.components]
    attributes = [[a.id, _codelist_id(a)] for a in dsd.attributes.components]
    used = {cl for _, cl in dimensions + attributes if cl}
    codelists = {
        cl: {
            str(code.id): str(code.name.localizations.get("en", ""))
            for code in message.codelist[cl]
        }
        for cl in sorted(used)
    }
    return {
        "agency": str(dsd.maintainer.id),
        "id": str(dsd.id),
        "version": str(dsd.version),
        "dimensions": dimensions,
        "attributes": attributes,
        "measure": dsd.measures.components[0].id,
        "codelists": codelists,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(Path(sys.argv[1])), ensure_ascii=False, sort_keys=True) + "\n")
