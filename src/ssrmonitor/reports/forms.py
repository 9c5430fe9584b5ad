"""Forms of the reports pages; they parse input and the views call the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.sections import Audience
from ssrmonitor.reports.services import MAX_NARRATIVE, MAX_TITLE


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=_("Plain text; separate paragraphs with an empty line. Each save is kept as a "
                    "new version."),
    )  # fmt: skip


class SnapshotForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        help_text=_("What the snapshot is for, e.g. the symbol of the report it feeds."),
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.INTERNAL
    )
