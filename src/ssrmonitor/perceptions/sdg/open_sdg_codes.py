"""How the columns and cells of an Open SDG data file map onto the DSD's concepts and codes.

An Open SDG data file names its disaggregations in words (``Sex``, ``Age``, ``Units``) and its
values in words too (``Female``, ``15-24``, ``Percentage (%)``). :func:`component_of` gives the
DSD dimension or attribute a column stands for (``""`` for a national disaggregation the DSD
has no concept for, like a crime type or a council); :func:`code_for` gives the DSD code of a
cell: the code itself, the code's English name in its codelist, or one of the few usual words
listed here (``Female`` → ``F``, ``Percentage (%)`` → ``PT``, ``15-24`` → ``Y15T24``). Nothing
is guessed beyond that: a cell that is none of them has no code.
"""

from __future__ import annotations

import re
from functools import cache

from ssrmonitor.perceptions.sdg.dsd import codelist_of, definition, is_component

# Open SDG's column names (and common variants) → the DSD's concepts
COLUMNS = {
    "series": "SERIES",
    "sex": "SEX",
    "gender": "SEX",
    "age": "AGE",
    "age group": "AGE",
    "age groups": "AGE",
    "location": "URBANISATION",
    "urbanisation": "URBANISATION",
    "urbanization": "URBANISATION",
    "urban/rural": "URBANISATION",
    "area of residence": "URBANISATION",
    "disability": "DISABILITY_STATUS",
    "disability status": "DISABILITY_STATUS",
    "education level": "EDUCATION_LEV",
    "level of education": "EDUCATION_LEV",
    "quantile": "INCOME_WEALTH_QUANTILE",
    "income quantile": "INCOME_WEALTH_QUANTILE",
    "wealth quantile": "INCOME_WEALTH_QUANTILE",
    "income or wealth quantile": "INCOME_WEALTH_QUANTILE",
    "occupation": "OCCUPATION",
    "reporting type": "REPORTING_TYPE",
    "units": "UNIT_MEASURE",
    "unit": "UNIT_MEASURE",
    "unit of measure": "UNIT_MEASURE",
    "unit multiplier": "UNIT_MULT",
    "observation status": "OBS_STATUS",
    "nature": "NATURE",
}
# Words for codes that their codelists do not spell that way
VALUES = {
    "CL_SEX": {
        "female": "F", "women": "F", "woman": "F", "girls": "F", "f": "F",
        "male": "M", "men": "M", "man": "M", "boys": "M", "m": "M",
        "total": "_T", "both sexes": "_T", "all": "_T",
    },
    "CL_URBANISATION": {"urban": "U", "rural": "R", "total": "_T", "all": "_T"},
    "CL_UNIT_MEASURE": {
        "number": "NUMBER",
        "count": "NUMBER",
        "percentage": "PT",
        "percentage (%)": "PT",
        "percentage(%)": "PT",
        "percent": "PT",
        "%": "PT",
        "number per 100,000": "PER_100000_POP",
        "rate per 100,000 population": "PER_100000_POP",
        "per 100 000 population": "PER_100000_POP",
        "rate per 100,000": "PER_100000_POP",
    },
}  # fmt: skip
AGE_SPAN = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)(?:\s*years?(?:\s*old)?)?$")
AGE_FROM = re.compile(r"^(\d+)\s*(?:\+|and over|and above|and older|or older)(?:\s*years?)?$")
AGE_UNDER = re.compile(r"^(?:under|less than|below|<)\s*(\d+)(?:\s*years?(?:\s*old)?)?$")
BRACKETS = re.compile(r"\s*\[[^\]]*\]\s*$")


def normal(text: str) -> str:
    """Lower case, one space between words (underscores count as spaces)."""
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def component_of(column: str) -> str:
    """The DSD dimension or attribute ``column`` stands for ("" for a national one)."""
    if is_component(column.strip()):
        return column.strip()
    return COLUMNS.get(normal(column), "")


@cache
def _names(codelist: str) -> dict[str, str]:
    codes: dict[str, str] = definition()["codelists"].get(codelist, {})
    return {normal(BRACKETS.sub("", name)): code for code, name in codes.items()}


def _age(text: str) -> str:
    if match := AGE_SPAN.match(text):
        return f"Y{int(match.group(1))}T{int(match.group(2))}"
    if match := AGE_FROM.match(text):
        return f"Y_GE{int(match.group(1))}"
    if match := AGE_UNDER.match(text):
        return f"Y0T{int(match.group(1)) - 1}"
    return ""


def code_for(component: str, cell: str) -> str | None:
    """The DSD code of ``cell`` in ``component``'s codelist, or ``None`` when it has none.

    A component without a codelist (free text: ``TIME_DETAIL``, ``COMMENT_OBS``) takes the
    cell as it is.
    """
    codelist = codelist_of(component)
    if not codelist:
        return cell
    codes: dict[str, str] = definition()["codelists"].get(codelist, {})
    if cell in codes:
        return cell
    key = normal(cell)
    found = VALUES.get(codelist, {}).get(key) or _names(codelist).get(key)
    if found is None and codelist == "CL_AGE":
        found = _age(key) or None
    return found if found in codes else None
