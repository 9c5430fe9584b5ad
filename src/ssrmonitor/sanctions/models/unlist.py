"""The UN Security Council consolidated sanctions list, as imported from its XML snapshots.

A :class:`Regime` is one ``UN_LIST_TYPE`` (a sanctions committee's list). A :class:`ListedParty`
is one ``INDIVIDUAL`` or ``ENTITY`` record, keyed by the UN's ``DATAID``. Nothing is deleted
when a later snapshot no longer carries a record: it is marked delisted on the snapshot's date,
so the history stays readable (and a record that comes back is relisted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Regime(models.Model):
    """One sanctions regime of the Security Council (a ``UN_LIST_TYPE`` of the list)."""

    code = models.CharField(_("list code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=250)
    first_seen_on = models.DateField(_("first seen in a list of"))
    last_seen_on = models.DateField(_("last seen in a list of"))
    delisted_on = models.DateField(
        _("no longer on the list since"),
        null=True,
        blank=True,
        help_text=_("Date of the first imported list that no longer carried the regime."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sanctions regime")
        verbose_name_plural = _("sanctions regimes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sanctions:regime", args=[self.code])

    @property
    def is_active(self) -> bool:
        return self.delisted_on is None


class PartyKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    ENTITY = "entity", _("entity")


class ListedParty(models.Model):
    """An individual or entity of the consolidated list (one ``DATAID``)."""

    data_id = models.PositiveBigIntegerField(_("UN data id"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PartyKind.choices)
    regime = models.ForeignKey(
        Regime, on_delete=models.PROTECT, related_name="parties", verbose_name=_("regime")
    )
    version = models.PositiveIntegerField(_("UN version number"), default=1)
    reference_number = models.CharField(_("UN reference"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=400, db_index=True)
    name_original_script = models.CharField(
        _("name in original script"), max_length=400, blank=True
    )
    gender = models.CharField(_("gender"), max_length=20, blank=True)
    titles = models.JSONField(_("titles"), default=list, blank=True)
    designations = models.JSONField(_("designations"), default=list, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    last_updated_on = models.DateField(_("last updated by the UN"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    first_seen_on = models.DateField(_("first seen in a list of"))
    last_seen_on = models.DateField(_("last seen in a list of"))
    delisted_on = models.DateField(
        _("no longer on the list since"),
        null=True,
        blank=True,
        help_text=_("Date of the first imported list that no longer carried the record."),
    )

    class Meta:
        ordering = ["name", "data_id"]
        verbose_name = _("listed individual or entity")
        verbose_name_plural = _("listed individuals and entities")

    def __str__(self) -> str:
        return f"{self.name} ({self.reference_number})" if self.reference_number else self.name

    def get_absolute_url(self) -> str:
        return reverse("sanctions:party", args=[self.pk])

    @property
    def is_listed(self) -> bool:
        return self.delisted_on is None


class AliasQuality(models.TextChoices):
    GOOD = "Good", _("good quality")
    LOW = "Low", _("low quality")
    UNKNOWN = "", _("not stated")


class Alias(models.Model):
    """Another name of a listed party; the UN grades each as good or low quality."""

    party = models.ForeignKey(
        ListedParty, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("party")
    )
    name = models.CharField(_("alias"), max_length=400, db_index=True)
    quality = models.CharField(
        _("quality"), max_length=4, choices=AliasQuality.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name


class BirthDateType(models.TextChoices):
    EXACT = "EXACT", _("exact")
    APPROXIMATELY = "APPROXIMATELY", _("approximately")
    BETWEEN = "BETWEEN", _("between")
    OTHER = "", _("not stated")


class BirthDate(models.Model):
    """A date of birth as the list states it: an exact date, a year, or a range of years."""

    party = models.ForeignKey(
        ListedParty, on_delete=models.CASCADE, related_name="birth_dates", verbose_name=_("party")
    )
    date_type = models.CharField(
        _("type"), max_length=14, choices=BirthDateType.choices, blank=True, default=""
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    from_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("date of birth")
        verbose_name_plural = _("dates of birth")

    def __str__(self) -> str:
        if self.date:
            text = self.date.isoformat()
        elif self.year:
            text = str(self.year)
        elif self.from_year or self.to_year:
            text = f"{self.from_year or '?'}–{self.to_year or '?'}"
        else:
            text = self.note or "?"
        return f"{self.get_date_type_display()} {text}" if self.date_type else text


class BirthPlace(models.Model):
    """A place of birth: city, state or province, country (any may be missing)."""

    party = models.ForeignKey(
        ListedParty, on_delete=models.CASCADE, related_name="birth_places", verbose_name=_("party")
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    state_province = models.CharField(_("state or province"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("place of birth")
        verbose_name_plural = _("places of birth")

    def __str__(self) -> str:
        parts = [self.city, self.state_province, self.country, self.note]
        return ", ".join(part for part in parts if part)


class ListImport(models.Model):
    """One imported snapshot of the consolidated list, with what it changed."""

    generated_at = models.DateTimeField(_("list generated at"), unique=True)
    list_date = models.DateField(_("list date"), help_text=_("As written in the file."))
    file_name = models.CharField(_("file name"), max_length=250)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    individuals = models.PositiveIntegerField(_("individuals in the file"), default=0)
    entities = models.PositiveIntegerField(_("entities in the file"), default=0)
    added = models.PositiveIntegerField(_("newly listed"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    delisted = models.PositiveIntegerField(_("delisted"), default=0)
    relisted = models.PositiveIntegerField(_("listed again"), default=0)
    regimes_delisted = models.JSONField(_("regimes no longer listed"), default=list, blank=True)

    class Meta:
        ordering = ["-generated_at"]
        verbose_name = _("list import")
        verbose_name_plural = _("list imports")

    def __str__(self) -> str:
        return f"UN consolidated list of {self.list_date:%Y-%m-%d}"
