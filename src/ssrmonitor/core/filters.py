"""Shared GET filters of long pages: one declarative form, the same behaviour everywhere.

A page declares its filters as a :class:`FilterForm` (plain, optional form fields) and reads
:meth:`FilterForm.selected`: the filters that validated, by name. A value that does not validate
(an unknown choice, a year that is not a number) is left out and shown beside its field; the
other filters still apply, so a hand-edited or stale link never answers a server error. Filters
travel as GET parameters, so a link keeps them; ``core/_filters.html`` renders every filter form
alike, with a "Clear filters" link back to the unfiltered page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

#: The label of a choice filter's first, empty choice.
ANY = _("Any")


def _is_empty(value: object) -> bool:
    """No filter: nothing chosen, an unticked box, an empty text or list (but 0 is a value)."""
    if value is None or value is False:
        return True
    return isinstance(value, str | list | tuple | set | frozenset) and not value


def choices_with_any(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """``choices`` after an empty first choice labelled "Any" (no filter)."""
    return [("", ANY), *choices]


class FilterForm(forms.Form):
    """A form of optional GET filters that never fails as a whole.

    Subclasses declare fields as in any Django form; every field is made optional. The form is
    bound only when the query string holds one of its fields, so a plain visit (or ``?page=2``)
    shows no error.
    """

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(None, **kwargs)
        for field in self.fields.values():
            field.required = False
        if params is not None and any(name in params for name in self.fields):
            self.is_bound = True
            self.data = params

    def selected(self) -> dict[str, Any]:
        """The filters given that validated, by field name (empty ones left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if not _is_empty(value)}

    @property
    def is_filtered(self) -> bool:
        """Whether any filter is in the query string (valid or not): "Clear filters" is useful."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)
