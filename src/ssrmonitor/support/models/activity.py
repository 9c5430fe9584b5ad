"""A support activity as the IATI Standard 2.03 models it, and its repeated parts.

Codes are stored exactly as published (IATI codelist codes, as strings) so that an export writes
back what was imported; :mod:`ssrmonitor.support.codelists` labels them. Money always keeps its
currency and value date: nothing here converts or sums across currencies.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.models.choices import Source, TextKind


class Activity(models.Model):
    """One IATI activity: who reports it, what it is, where, in which sectors, with what money."""

    iati_identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded for"),
        help_text=_("The country whose office recorded the activity (national entries only)."),
    )
    reporting_org = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reported_activities",
        verbose_name=_("reporting organisation"),
    )
    reporting_org_ref = models.CharField(
        _("reporting organisation reference"), max_length=200, blank=True
    )
    reporting_org_name = models.CharField(
        _("reporting organisation as published"), max_length=500, blank=True
    )
    reporting_org_type = models.CharField(
        _("reporting organisation type"), max_length=3, blank=True
    )
    default_language = models.CharField(_("default language"), max_length=10, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True)
    hierarchy = models.PositiveSmallIntegerField(_("hierarchy"), null=True, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=2, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    collaboration_type = models.CharField(_("collaboration type"), max_length=2, blank=True)
    flow_type = models.CharField(_("default flow type"), max_length=4, blank=True)
    finance_type = models.CharField(_("default finance type"), max_length=4, blank=True)
    aid_type = models.CharField(_("default aid type"), max_length=10, blank=True)
    aid_type_vocabulary = models.CharField(_("aid type vocabulary"), max_length=3, blank=True)
    tied_status = models.CharField(_("default tied status"), max_length=2, blank=True)
    last_updated = models.DateTimeField(_("last updated (publisher)"), null=True, blank=True)
    iati_version = models.CharField(_("IATI version"), max_length=5, blank=True)
    content_digest = models.CharField(_("content digest"), max_length=64, blank=True)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["iati_identifier"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.iati_identifier

    def title_in(self, language: str) -> str:
        """The title in ``language``, else in the default language, else the first one."""
        return _pick(self.texts.all(), TextKind.TITLE, language, self.default_language)

    def description_in(self, language: str) -> str:
        """The general description (type 1 or none) in ``language`` or the closest one."""
        rows = [t for t in self.texts.all() if t.description_type in ("", "1")]
        return _pick(rows, TextKind.DESCRIPTION, language, self.default_language)


def _pick(rows: object, kind: str, language: str, default: str) -> str:
    candidates = [t for t in rows if t.kind == kind]  # type: ignore[attr-defined]
    for wanted in (language, default, ""):
        for text in candidates:
            if (text.language or default).lower()[:2] == wanted.lower()[:2]:
                return str(text.text)
    return str(candidates[0].text) if candidates else ""


class ActivityText(models.Model):
    """One narrative of a title or description, in one language (IATI ``narrative``)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="texts")
    kind = models.CharField(_("kind"), max_length=12, choices=TextKind.choices)
    description_type = models.CharField(_("description type"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["activity_id", "position"]
        verbose_name = _("activity text")
        verbose_name_plural = _("activity texts")

    def __str__(self) -> str:
        return f"{self.kind} [{self.language}]"


class ParticipatingOrg(models.Model):
    """An organisation taking part in the activity in one role (funding, implementing, …)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    name = models.CharField(_("name as published"), max_length=500, blank=True)
    role = models.CharField(_("role"), max_length=2)
    org_type = models.CharField(_("type"), max_length=3, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["activity_id", "position"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self) -> str:
        return f"{self.name or self.ref} ({self.role})"


class RecipientCountry(models.Model):
    """A country the activity benefits, with its share of the activity when published."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="countries")
    # indexed: "the activities of a country" is read on every support page (``concerning_ids``)
    code = models.CharField(_("ISO code"), max_length=2, db_index=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=7, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")

    def __str__(self) -> str:
        return self.code


class RecipientRegion(models.Model):
    """A region the activity benefits (OECD DAC or UN M49 vocabulary)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField(_("code"), max_length=10)
    vocabulary = models.CharField(_("vocabulary"), max_length=3, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=7, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("recipient region")
        verbose_name_plural = _("recipient regions")

    def __str__(self) -> str:
        return self.code


class Transaction(models.Model):
    """A commitment, disbursement, expenditure… with its own currency and value date."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    transaction_type = models.CharField(_("type"), max_length=2)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    description = models.TextField(_("description"), blank=True)
    provider_ref = models.CharField(_("provider reference"), max_length=200, blank=True)
    provider_name = models.CharField(_("provider"), max_length=500, blank=True)
    provider_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_type = models.CharField(_("provider type"), max_length=3, blank=True, default="")
    receiver_ref = models.CharField(_("receiver reference"), max_length=200, blank=True)
    receiver_name = models.CharField(_("receiver"), max_length=500, blank=True)
    receiver_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiver_type = models.CharField(_("receiver type"), max_length=3, blank=True, default="")
    recipient_country = models.CharField(
        _("recipient country"), max_length=2, blank=True, db_index=True
    )
    flow_type = models.CharField(_("flow type"), max_length=4, blank=True)
    finance_type = models.CharField(_("finance type"), max_length=4, blank=True)
    aid_type = models.CharField(_("aid type"), max_length=10, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["activity_id", "position"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")

    def __str__(self) -> str:
        return f"{self.transaction_type} {self.date} {self.value} {self.currency}"


class SectorAllocation(models.Model):
    """A sector of the activity (``transaction`` empty) or of one transaction."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    transaction = models.ForeignKey(
        Transaction, on_delete=models.CASCADE, null=True, blank=True, related_name="sectors"
    )
    vocabulary = models.CharField(_("vocabulary"), max_length=3, blank=True)
    code = models.CharField(_("code"), max_length=50)
    percentage = models.DecimalField(
        _("percentage"), max_digits=7, decimal_places=3, null=True, blank=True
    )

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.vocabulary or '1'}:{self.code}"


class PolicyMarker(models.Model):
    """An OECD DAC policy marker (gender equality is code 1) and its significance (0–4)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="policy_markers")
    vocabulary = models.CharField(_("vocabulary"), max_length=3, blank=True)
    code = models.CharField(_("code"), max_length=20)
    significance = models.CharField(_("significance"), max_length=2, blank=True)

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("policy marker")
        verbose_name_plural = _("policy markers")

    def __str__(self) -> str:
        return f"{self.code}={self.significance}"


class Budget(models.Model):
    """A budget of the activity for one period (original or revised, indicative or committed)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    budget_type = models.CharField(_("type"), max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=2, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))

    class Meta:
        ordering = ["activity_id", "period_start"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.value} {self.currency}"


class Result(models.Model):
    """A result of the activity (output, outcome, impact): its type and title."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    result_type = models.CharField(_("type"), max_length=2)
    aggregation_status = models.BooleanField(_("aggregation status"), null=True, blank=True)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["activity_id", "position"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title[:80]
