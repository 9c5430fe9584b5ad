"""The registries: personnel to screen, records of alleged violations, imported watchlists.

Every field that names or describes a person is encrypted at rest
(:mod:`ssrmonitor.vetting.crypto`). Identifiers are found again through keyed hashes only.
``__str__`` never shows personal data, because it is written to the audit log.

A date of birth is stored as an *interval* ``{"earliest", "latest", "precision", "evidence"}``
(ISO dates; precision ``day``, ``month``, ``year``, ``range`` or ``unknown``): see
:class:`ssrmonitor.vetting.matching.dates.BirthDate`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ssrmonitor.core.models import Country
from ssrmonitor.vetting.crypto import EncryptedJSONField, EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "F", pgettext_lazy("sex of one person", "Female")
    MALE = "M", pgettext_lazy("sex of one person", "Male")
    OTHER = "X", pgettext_lazy("sex of one person", "Other")
    UNKNOWN = "", _("Not known")


class Person(models.Model):
    """A member (or candidate member) of a national security institution, to be screened."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    reference = EncryptedTextField(_("person id"))
    reference_hash = models.CharField(max_length=64, editable=False)
    names = EncryptedJSONField(_("names"), default=list)
    birth_date = EncryptedJSONField(_("date of birth"), null=True, blank=True)
    place_of_birth = EncryptedTextField(_("place of birth"), blank=True, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, default="")
    institution = models.ForeignKey(
        "sector.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    unit = models.CharField(_("unit"), max_length=200, blank=True, default="")
    rank = models.CharField(_("rank"), max_length=100, blank=True, default="")
    service_number = EncryptedTextField(_("service number"), blank=True, default="")
    enlistment_date = models.DateField(_("enlistment date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "reference_hash"], name="vetting_person_reference_unique"
            )
        ]
        verbose_name = _("person")
        verbose_name_plural = _("personnel")

    def __str__(self) -> str:
        return f"person #{self.pk}"

    @property
    def full_name(self) -> str:
        return self.names[0] if self.names else ""


class Watchlist(models.Model):
    """A list imported from a file (UN Security Council list XML or records CSV)."""

    class Kind(models.TextChoices):
        UN_SC_LIST = "un_sc_list", _("UN Security Council consolidated list")
        RECORDS_CSV = "records_csv", _("Records file (CSV)")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, default="")
    file_sha256 = models.CharField(max_length=64, blank=True, default="")
    entry_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="vetting_watchlist_name")
        ]
        verbose_name = _("watchlist")

    def __str__(self) -> str:
        return self.name


class ViolationCategory(models.TextChoices):
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    CHILDREN_KILLING_MAIMING = "children_killing_maiming", _("Killing and maiming of children")
    CHILDREN_RECRUITMENT = "children_recruitment", _("Recruitment and use of children")
    CHILDREN_SEXUAL_VIOLENCE = "children_sexual_violence", _("Sexual violence against children")
    CHILDREN_ATTACKS_SCHOOLS_HOSPITALS = (
        "children_attacks_schools_hospitals",
        _("Attacks on schools and hospitals"),
    )
    CHILDREN_ABDUCTION = "children_abduction", _("Abduction of children")
    CHILDREN_DENIAL_HUMANITARIAN_ACCESS = (
        "children_denial_humanitarian_access",
        _("Denial of humanitarian access to children"),
    )
    OTHER_HUMAN_RIGHTS = "other_human_rights", _("Other human-rights or humanitarian-law violation")
    CORRUPTION = "corruption", _("Corruption")
    SANCTIONS_LISTING = "sanctions_listing", _("Listed under UN sanctions")


class SourceReliability(models.TextChoices):
    RELIABLE = "reliable", _("Reliable")
    USUALLY_RELIABLE = "usually_reliable", _("Usually reliable")
    FAIRLY_RELIABLE = "fairly_reliable", _("Fairly reliable")
    NOT_USUALLY_RELIABLE = "not_usually_reliable", _("Not usually reliable")
    UNKNOWN = "unknown", _("Cannot be judged")


class RecordStatus(models.TextChoices):
    ALLEGATION = "allegation", _("Allegation")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    CONVICTED = "convicted", _("Convicted")
    CLEARED = "cleared", _("Cleared")


class ViolationRecord(models.Model):
    """A record of alleged violations: the person *as described* by the source."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    watchlist = models.ForeignKey(
        Watchlist,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("watchlist"),
    )
    reference = EncryptedTextField(_("record id"))
    reference_hash = models.CharField(max_length=64, editable=False)
    names = EncryptedJSONField(_("names and good-quality aliases"), default=list)
    weak_aliases = EncryptedJSONField(_("low-quality aliases"), default=list)
    birth_dates = EncryptedJSONField(_("dates of birth"), default=list)
    place_of_birth = EncryptedTextField(_("place of birth"), blank=True, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, default="")
    unit = EncryptedTextField(_("unit"), blank=True, default="")
    category = models.CharField(_("category"), max_length=40, choices=ViolationCategory.choices)
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_place = EncryptedTextField(_("place of the incident"), blank=True, default="")
    source = EncryptedTextField(_("source"), blank=True, default="")
    source_reliability = models.CharField(
        _("reliability of the source"),
        max_length=24,
        choices=SourceReliability.choices,
        default=SourceReliability.UNKNOWN,
    )
    status = models.CharField(
        _("status"), max_length=24, choices=RecordStatus.choices, default=RecordStatus.ALLEGATION
    )
    narrative = EncryptedTextField(_("narrative"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "reference_hash"], name="vetting_record_reference_unique"
            )
        ]
        verbose_name = _("record of alleged violations")
        verbose_name_plural = _("records of alleged violations")

    def __str__(self) -> str:
        return f"record #{self.pk}"

    @property
    def full_name(self) -> str:
        return self.names[0] if self.names else ""
