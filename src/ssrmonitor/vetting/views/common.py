"""What the vetting pages share: the ``iso2`` path converter, paging and the actions they check.

Importing this module registers the ``<iso2:…>`` converter, which keeps ``/vetting/<iso2>/``
apart from ``/vetting/age/`` and the like.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.urls import register_converter

from ssrmonitor.core.permissions import Action
from ssrmonitor.vetting.models import CaseStatus

PAGE_SIZE = 50
PERSONAL = Action.VIEW_VETTING_PERSONAL
EDIT = Action.EDIT_VETTING
FORM = "vetting/registry_form.html"
CLOSED = (CaseStatus.NOT_THE_PERSON, CaseStatus.FINAL)


class Iso2Converter:
    """Two letters: keeps ``/vetting/<iso2>/`` apart from ``/vetting/age/`` and the like."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value.upper()


register_converter(Iso2Converter, "iso2")


def page_of(request: HttpRequest, rows: Any) -> Page[Any]:
    """The page of ``rows`` the request asks for (``?page=``), :data:`PAGE_SIZE` rows long."""
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def offset_of(page: Page[Any]) -> int:
    """Rows before the page (as the API's ``offset``)."""
    return max(int(page.start_index()) - 1, 0)
