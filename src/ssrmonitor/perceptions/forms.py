"""Forms of the perceptions pages; each ``save`` calls one service and shows its errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ModelFieldsForm, ServiceForm
from ssrmonitor.core.models import Country, Job
from ssrmonitor.perceptions.jobs import submit_respondents_import
from ssrmonitor.perceptions.models import Consultation, Item, Question, Recommendation, Survey
from ssrmonitor.perceptions.reading import FORMATS, MAX_BYTES, parse_codebook
from ssrmonitor.perceptions.services import consultations, imports, surveys


def _saved(form: ServiceForm, call: Any) -> Any:
    try:
        return call()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None


class SurveyForm(ModelFieldsForm):
    """A survey's description, sampling design, source, licence and publication."""

    model = Survey
    field_names = (
        "series", "name", "round_number", "fieldwork_start", "fieldwork_end", "weight_variable",
        "strata_variable", "cluster_variable", "source", "licence", "citation",
        "is_published",
    )  # fmt: skip
    widgets: ClassVar[dict[str, forms.Widget]] = {"citation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, instance: Survey | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["source_url"] = forms.URLField(
            label=_("Source link"), required=False, max_length=500, assume_scheme="https"
        )
        if instance is not None:
            self.initial["source_url"] = instance.source_url

    def save(self, *, acting_user: Actor, country: Country, survey: Survey | None) -> Any:
        if survey is None:
            return _saved(
                self,
                lambda: surveys.create_survey(
                    acting_user=acting_user, country=country, **self.values()
                ),
            )
        return _saved(
            self, lambda: surveys.update_survey(survey, acting_user=acting_user, **self.values())
        )


class QuestionForm(ServiceForm):
    """A question with its answer categories (``code = label`` per line) and favourable codes."""

    code = forms.CharField(label=_("Code in this round"), max_length=40)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    categories = forms.CharField(
        label=_("Answer categories"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, as code = label, e.g. 3 = A lot."),
    )
    favourable = forms.CharField(
        label=_("Favourable answers"), help_text=_("Their codes, separated by commas, e.g. 2, 3.")
    )
    item = forms.ModelChoiceField(
        Item.objects.all(), required=False, label=_("Crosswalk item (followed across rounds)")
    )

    def clean_categories(self) -> list[dict[str, str]]:
        found = []
        for line in str(self.cleaned_data["categories"]).splitlines():
            if not line.strip():
                continue
            code, sep, label = line.partition("=")
            if not sep or not code.strip() or not label.strip():
                raise forms.ValidationError(_("Write each category as code = label."))
            found.append({"code": code.strip(), "label": label.strip()})
        return found

    def clean_favourable(self) -> list[str]:
        return [c.strip() for c in str(self.cleaned_data["favourable"]).split(",") if c.strip()]

    def save(self, *, acting_user: Actor, survey: Survey) -> Question | None:
        data = self.cleaned_data
        return _saved(  # type: ignore[no-any-return]
            self,
            lambda: surveys.add_question(
                survey, acting_user=acting_user, code=data["code"], text=data["text"],
                categories=data["categories"], favourable=data["favourable"], item=data["item"],
            ),
        )  # fmt: skip


class RespondentImportForm(ServiceForm):
    """A respondent-level file and the codebook that maps its columns."""

    file = forms.FileField(label=_("Respondent file (CSV, SPSS .sav or Stata .dta)"))
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f".{f}") for f in FORMATS], initial="csv"
    )
    codebook = forms.CharField(
        label=_("Codebook (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Which column holds the weight, strata, clusters, sex, age, region, "
                    "urban/rural and each question: see docs/population.md."),
    )  # fmt: skip

    def clean_codebook(self) -> Any:
        try:
            return parse_codebook(json.loads(self.cleaned_data["codebook"]))
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not JSON: %s") % exc) from None
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors[0].reason) from None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload

    def submit(self, *, acting_user: Actor, survey: Survey) -> Job:
        """Keep the upload and queue its import as a background job (see ``jobs.py``)."""
        upload = self.cleaned_data["file"]
        return submit_respondents_import(
            acting_user=acting_user, survey=survey, chunks=upload.chunks(),
            fmt=self.cleaned_data["format"], codebook=json.loads(self.data["codebook"]),
            file_name=Path(upload.name or "").name,
        )  # fmt: skip


class TableImportForm(ServiceForm):
    """A published table of estimates (CSV)."""

    file = forms.FileField(
        label=_("Published table (CSV)"),
        help_text=_("Columns: question, group, value, share, ci_low, ci_high, respondents."),
    )

    def save(self, *, acting_user: Actor, survey: Survey) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            self.add_error("file", _("The file is too large."))
            return None
        content = upload.read()
        return _saved(
            self,
            lambda: imports.import_published_table(
                survey, acting_user=acting_user, content=content
            ),
        )


class ConsultationForm(ModelFieldsForm):
    """A consultation: when, where, who organised it, who took part, topics, publication."""

    model = Consultation
    field_names = (
        "title", "kind", "held_on", "place", "organiser", "women_youth", "women_older",
        "men_youth", "men_older", "unspecified", "civil_society", "womens_organisations",
        "youth_organisations", "customary_authorities", "security_personnel", "summary",
        "source", "is_published",
    )  # fmt: skip
    widgets: ClassVar[dict[str, forms.Widget]] = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, instance: Consultation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["topics_text"] = forms.CharField(
            label=_("Topics"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One per line."),
            initial="\n".join(instance.topics) if instance is not None else "",
        )  # fmt: skip

    def values(self) -> dict[str, Any]:
        found = super().values()
        text = str(found.pop("topics_text") or "")
        found["topics"] = [line.strip() for line in text.splitlines() if line.strip()]
        return found

    def form_field_of(self, service_field: str) -> str | None:
        return "topics_text" if service_field == "topics" else super().form_field_of(service_field)

    def save(
        self, *, acting_user: Actor, country: Country, consultation: Consultation | None
    ) -> Any:
        if consultation is None:
            return _saved(
                self,
                lambda: consultations.create_consultation(
                    acting_user=acting_user, country=country, **self.values()
                ),
            )
        return _saved(
            self,
            lambda: consultations.update_consultation(
                consultation, acting_user=acting_user, **self.values()
            ),
        )


class LinksForm(ServiceForm):
    """The priorities, benchmarks and transition tasks a consultation speaks to."""

    def __init__(
        self, *args: Any, choices: dict[str, Any], initial_links: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "priorities": _("National priorities"),
            "benchmarks": _("Benchmarks"),
            "transition_tasks": _("Transition tasks"),
        }
        for name, queryset in choices.items():
            self.fields[name] = forms.ModelMultipleChoiceField(
                queryset, required=False, label=labels[name],
                widget=forms.CheckboxSelectMultiple, initial=initial_links.get(name, []),
            )  # fmt: skip

    def save(self, *, acting_user: Actor, consultation: Consultation) -> Any:
        links = {name: list(self.cleaned_data[name]) for name in self.fields}
        return _saved(
            self, lambda: consultations.set_links(consultation, acting_user=acting_user, **links)
        )


class RecommendationForm(ModelFieldsForm):
    """A recommendation and its follow-up."""

    model = Recommendation
    field_names = ("text", "addressee", "follow_up", "follow_up_note", "followed_up_on")
    widgets: ClassVar[dict[str, forms.Widget]] = {
        "text": forms.Textarea(attrs={"rows": 3}),
        "follow_up_note": forms.Textarea(attrs={"rows": 3}),
    }

    def save(
        self,
        *,
        acting_user: Actor,
        consultation: Consultation,
        recommendation: Recommendation | None,
    ) -> Any:
        values = self.values()
        if recommendation is None:
            return _saved(
                self,
                lambda: consultations.add_recommendation(
                    consultation, acting_user=acting_user, text=values["text"],
                    addressee=values["addressee"],
                ),
            )  # fmt: skip
        return _saved(
            self,
            lambda: consultations.update_recommendation(
                recommendation, acting_user=acting_user, **values
            ),
        )
