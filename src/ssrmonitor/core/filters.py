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
from typing import Any, cast

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

    def known_values(self) -> dict[str, set[str]]:
        """Every value each field accepts, as text (choice fields and bounded whole numbers;
        other fields accept none here): what :func:`cacheable_query` lets key a cached page."""
        found: dict[str, set[str]] = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                choices = cast(Iterable[tuple[Any, Any]], field.choices)
                found[name] = {str(value) for value, _label in choices}
            elif isinstance(field, forms.IntegerField) and None not in (
                field.min_value,
                field.max_value,
            ):
                low, high = int(field.min_value), int(field.max_value)  # type: ignore[arg-type]
                found[name] = {"", *(str(n) for n in range(low, high + 1))}
            else:
                found[name] = set()
        return found

    @property
    def is_filtered(self) -> bool:
        """Whether any filter is in the query string (valid or not): "Clear filters" is useful."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def cacheable_query(params: Any, allowed: Mapping[str, Iterable[str] | None]) -> bool:
    """Whether a page's query may key a cached result. ``params`` is a ``QueryDict`` or a
    mapping of names to lists of values. Only the names in ``allowed``, one value each, and that
    value among the allowed ones (``None``: a number of at most four digits, for ``page``).
    Anything else is answered afresh and not kept, so that a visitor cannot fill the cache with
    odd queries and push out what others read."""
    lists = params.lists() if hasattr(params, "lists") else params.items()
    for name, values in lists:
        if name not in allowed or len(values) != 1:
            return False
        choices = allowed[name]
        value = str(values[0])
        if choices is None:
            if not (value.isdigit() and len(value) <= 4):
                return False
        elif value not in choices:
            return False
    return True
