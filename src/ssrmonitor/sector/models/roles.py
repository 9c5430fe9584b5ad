"""Security functions, who leads or supports them, and who oversees whom."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.sector.models.choices import FunctionRole, OversightInstrument
from ssrmonitor.sector.models.institution import Institution, pick_name


class SecurityFunction(models.Model):
    """A function the security sector of a country must perform (e.g. border control)."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    code = models.SlugField(_("code"), max_length=40)
    names = models.JSONField(_("names"), default=dict)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["country_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="sector_function_code")
        ]
        verbose_name = _("security function")
        verbose_name_plural = _("security functions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick_name(self.names) or self.code


class RoleAssignment(models.Model):
    """An institution's role (lead or support) in one security function."""

    function = models.ForeignKey(
        SecurityFunction,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("function"),
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="roles", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=10, choices=FunctionRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["function", "institution"], name="sector_one_role_per_function"
            )
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.function_id}/{self.institution_id}: {self.role}"


class OversightRelation(models.Model):
    """A body that oversees an institution, and by what instrument."""

    overseer = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="oversees", verbose_name=_("overseer")
    )
    overseen = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="overseen_by",
        verbose_name=_("overseen institution"),
    )
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=OversightInstrument.choices
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["overseer", "overseen", "instrument"], name="sector_oversight_unique"
            )
        ]
        verbose_name = _("oversight relation")
        verbose_name_plural = _("oversight relations")

    def __str__(self) -> str:
        return f"{self.overseer_id} → {self.overseen_id} ({self.instrument})"
