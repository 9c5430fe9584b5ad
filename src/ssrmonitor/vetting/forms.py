"""Forms of the registry pages: they check the input's shape and call the services.

The services own the rules; a form catches their :class:`ValidationFailed` and shows each
reason next to its field (``names`` → full name, ``birth_date`` → date of birth …).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.models import Country
from ssrmonitor.sector.models import Institution
from ssrmonitor.vetting.entries import birth_date_input, birth_date_text
from ssrmonitor.vetting.models import (
    Case,
    Person,
    RecordStatus,
    Sex,
    SourceReliability,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)
from ssrmonitor.vetting.services import registry as registry_services
from ssrmonitor.vetting.services import registry_files, screening

MAX_UPLOAD = 50 * 1024 * 1024
DOB_HELP = _("YYYY-MM-DD, YYYY-MM, YYYY or a range of years YYYY/YYYY; empty if unknown.")


def textarea(rows: int = 3) -> forms.Textarea:
    """A text area ``rows`` high (the registry and case forms)."""
    return forms.Textarea(attrs={"rows": rows})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(";", "\n").splitlines() if line.strip()]


def date_input() -> forms.DateInput:
    """The browser's date picker, ISO dates."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistryForm(ServiceForm):
    """A form whose service errors name model fields the form spells differently."""

    aliases: ClassVar[dict[str, str]] = {}

    def form_field_of(self, service_field: str) -> str | None:
        name = self.aliases.get(service_field, service_field)
        return name if name in self.fields else None


class PersonForm(RegistryForm):
    """A person of the personnel registry."""

    aliases: ClassVar[dict[str, str]] = {
        "names": "full_name",
        "birth_date": "date_of_birth",
        "institution": "institution",
    }

    reference = forms.CharField(label=_("Person id"), max_length=100)
    full_name = forms.CharField(label=_("Full name"), max_length=300)
    other_names = forms.CharField(
        label=_("Other names or spellings"),
        required=False,
        widget=textarea(2),
        help_text=_("One per line, in any script."),
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"), required=False, max_length=20, help_text=DOB_HELP
    )
    birth_date_evidence = forms.CharField(
        label=_("Evidence of the date of birth"), required=False, max_length=200
    )
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    nationality = forms.CharField(
        label=_("Nationality"), required=False, max_length=2, help_text=_("Two-letter code.")
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), required=False
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=200)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=100)
    service_number = forms.CharField(label=_("Service number"), required=False, max_length=100)
    enlistment_date = forms.DateField(
        label=_("Enlistment date"), required=False, widget=date_input()
    )

    def __init__(self, *args: Any, country: Country, person: Person | None = None, **kw: Any):
        if person is not None and not args:
            kw.setdefault("initial", self.initial_of(person))
        super().__init__(*args, **kw)
        self.country = country
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Institution.objects.filter(country=country).order_by("key")

    @staticmethod
    def initial_of(person: Person) -> dict[str, Any]:
        birth = person.birth_date if isinstance(person.birth_date, dict) else {}
        return {
            "reference": person.reference,
            "full_name": person.full_name,
            "other_names": "\n".join(person.names[1:]),
            "date_of_birth": birth_date_text(person.birth_date),
            "birth_date_evidence": birth.get("evidence", ""),
            "place_of_birth": person.place_of_birth,
            "sex": person.sex,
            "nationality": person.nationality,
            "institution": person.institution_id,
            "unit": person.unit,
            "rank": person.rank,
            "service_number": person.service_number,
            "enlistment_date": person.enlistment_date,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        plain = ("reference", "place_of_birth", "sex", "unit", "rank", "service_number")
        return {
            **{name: data[name] for name in plain},
            "names": [data["full_name"].strip(), *_lines(data["other_names"])],
            "birth_date": birth_date_input(data["date_of_birth"], data["birth_date_evidence"]),
            "nationality": data["nationality"].upper(),
            "institution": data["institution"],
            "enlistment_date": data["enlistment_date"],
        }

    def register(self, *, acting_user: Actor) -> tuple[Person, list[Case]] | None:
        """Register and screen the person; ``None`` with errors on the form if refused."""
        try:
            return screening.register_and_screen(
                acting_user=acting_user, country=self.country, **self.values()
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None

    def update(self, person: Person, *, acting_user: Actor) -> Person | None:
        try:
            return registry_services.update_person(person, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


class RecordForm(RegistryForm):
    """A record of alleged violations: the person as the source describes them."""

    aliases: ClassVar[dict[str, str]] = {
        "names": "full_name",
        "weak_aliases": "weak_aliases",
        "birth_dates": "dates_of_birth",
    }

    reference = forms.CharField(label=_("Record id"), max_length=100)
    full_name = forms.CharField(label=_("Full name"), max_length=300)
    aliases_text = forms.CharField(
        label=_("Aliases"), required=False, widget=textarea(2), help_text=_("One per line.")
    )
    weak_aliases = forms.CharField(
        label=_("Low-quality aliases"), required=False, widget=textarea(2)
    )
    dates_of_birth = forms.CharField(
        label=_("Dates of birth"),
        required=False,
        widget=textarea(2),
        help_text=_("One per line: YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY."),
    )
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=2)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ViolationCategory.choices)
    incident_date = forms.DateField(
        label=_("Date of the incident"), required=False, widget=date_input()
    )
    incident_place = forms.CharField(label=_("Place of the incident"), required=False)
    source = forms.CharField(label=_("Source"), required=False)
    source_reliability = forms.ChoiceField(
        label=_("Reliability of the source"),
        choices=SourceReliability.choices,
        initial=SourceReliability.UNKNOWN,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=RecordStatus.choices, initial=RecordStatus.ALLEGATION
    )
    narrative = forms.CharField(label=_("Narrative"), required=False, widget=textarea(4))

    def __init__(
        self, *args: Any, country: Country, record: ViolationRecord | None = None, **kw: Any
    ):
        if record is not None and not args:
            kw.setdefault("initial", self.initial_of(record))
        super().__init__(*args, **kw)
        self.country = country

    @staticmethod
    def initial_of(record: ViolationRecord) -> dict[str, Any]:
        plain = (
            "reference", "place_of_birth", "sex", "nationality", "unit", "category",
            "incident_date", "incident_place", "source", "source_reliability", "status",
            "narrative",
        )  # fmt: skip
        return {
            **{name: getattr(record, name) for name in plain},
            "full_name": record.full_name,
            "aliases_text": "\n".join(record.names[1:]),
            "weak_aliases": "\n".join(record.weak_aliases),
            "dates_of_birth": "\n".join(birth_date_text(v) for v in record.birth_dates or []),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        plain = (
            "reference", "place_of_birth", "sex", "unit", "category", "incident_date",
            "incident_place", "source", "source_reliability", "status", "narrative",
        )  # fmt: skip
        dates = [
            birth_date_input(text, field="birth_dates")
            for text in data["dates_of_birth"].splitlines()
            if text.strip()
        ]
        return {
            **{name: data[name] for name in plain},
            "names": [data["full_name"].strip(), *_lines(data["aliases_text"])],
            "weak_aliases": _lines(data["weak_aliases"]),
            "birth_dates": dates,
            "nationality": data["nationality"].upper(),
        }

    def register(self, *, acting_user: Actor) -> ViolationRecord | None:
        try:
            return registry_services.register_record(
                acting_user=acting_user, country=self.country, **self.values()
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None

    def update(self, record: ViolationRecord, *, acting_user: Actor) -> ViolationRecord | None:
        try:
            return registry_services.update_record(record, acting_user=acting_user, **self.values())
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


def _check_size(upload: UploadedFile) -> UploadedFile:
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The file is larger than 50 MB."))
    return upload


class _UploadForm(ServiceForm):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        return _check_size(upload)

    def _saved(self) -> Path:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = Path(upload.name or "upload").suffix
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return Path(handle.name)

    @property
    def file_name(self) -> str:
        upload: UploadedFile = self.cleaned_data["file"]
        return Path(upload.name or "upload").name


class RosterImportForm(_UploadForm):
    """A roster CSV: ``person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit``."""

    def content(self) -> bytes:
        """The uploaded roster (its size was checked by ``clean_file``)."""
        upload: UploadedFile = self.cleaned_data["file"]
        return b"".join(upload.chunks())


class WatchlistImportForm(_UploadForm):
    """A watchlist file: the UN Security Council list (XML) or a records CSV."""

    name = forms.CharField(
        label=_("Name of the list"),
        max_length=200,
        help_text=_("Importing again under the same name replaces the list's records."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Watchlist.Kind.choices)

    def save(
        self, *, acting_user: Actor, country: Country
    ) -> tuple[Watchlist, registry_files.ImportSummary] | None:
        path = self._saved()
        data = self.cleaned_data
        importer = (
            registry_files.import_un_list
            if data["kind"] == Watchlist.Kind.UN_SC_LIST
            else registry_files.import_records
        )
        try:
            return importer(
                path,
                acting_user=acting_user,
                country=country,
                name=data["name"],
                file_name=self.file_name,
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None
        finally:
            path.unlink(missing_ok=True)
