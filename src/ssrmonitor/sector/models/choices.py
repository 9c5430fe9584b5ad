"""Closed sets of the sector app: institution kinds, roles, instruments, ranks, budgets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    ARMED_FORCES = "armed_forces", _("Armed forces")
    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    JUSTICE = "justice", _("Justice")
    PROSECUTION = "prosecution", _("Prosecution")
    CORRECTIONS = "corrections", _("Corrections")
    BORDER = "border_management", _("Border management")
    CUSTOMS = "customs", _("Customs")
    IMMIGRATION = "immigration", _("Immigration")
    CIVIL_PROTECTION = "civil_protection", _("Disaster management / civil protection")
    INTELLIGENCE = "intelligence", _("Intelligence")
    CUSTOMARY = "customary", _("Customary and traditional providers")
    PRIVATE_SECURITY = "private_security", _("Private security")
    MINISTRY = "ministry", _("Ministry / executive management")
    COORDINATION = "coordination", _("Coordination body")
    PARLIAMENTARY_COMMITTEE = "parliamentary_committee", _("Oversight: parliamentary committee")
    OMBUDSMAN = "ombudsman", _("Oversight: ombudsman")
    INSPECTORATE = "inspectorate", _("Oversight: inspectorate")
    AUDIT_INSTITUTION = "audit_institution", _("Oversight: audit institution")
    HUMAN_RIGHTS_COMMISSION = "human_rights_commission", _("Oversight: human rights commission")
    CIVIL_SOCIETY = "civil_society", _("Oversight: civil society")


OVERSIGHT_KINDS = frozenset(
    {
        InstitutionKind.PARLIAMENTARY_COMMITTEE,
        InstitutionKind.OMBUDSMAN,
        InstitutionKind.INSPECTORATE,
        InstitutionKind.AUDIT_INSTITUTION,
        InstitutionKind.HUMAN_RIGHTS_COMMISSION,
        InstitutionKind.CIVIL_SOCIETY,
    }
)


class InstitutionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PLANNED = "planned", _("Planned / envisaged")
    SUSPENDED = "suspended", _("Suspended")
    MERGED = "merged", _("Merged into another institution")
    DISSOLVED = "dissolved", _("Dissolved")


class Coverage(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional / provincial")
    LOCAL = "local", _("Local / municipal")
    SPECIFIC = "specific", _("Specific sites (ports, airports, borders)")


class FunctionRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


class OversightInstrument(models.TextChoices):
    BUDGET_APPROVAL = "budget_approval", _("Budget approval")
    HEARINGS = "hearings", _("Hearings")
    INSPECTIONS = "inspections", _("Inspections")
    COMPLAINTS = "complaints", _("Complaints")
    AUDIT = "audit", _("Financial audit")
    JUDICIAL_REVIEW = "judicial_review", _("Judicial review")


class Sex(models.TextChoices):
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")


class RankCategory(models.TextChoices):
    OFFICER = "officer", _("Officers")
    NCO = "nco", _("Non-commissioned officers")
    OTHER = "other", _("Other ranks")


class EconomicClass(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    GOODS_SERVICES = "goods_services", _("Goods and services")
    CAPITAL = "capital", _("Capital")
    TRANSFERS = "transfers", _("Transfers")


class Cofog(models.TextChoices):
    DEFENCE = "02", _("02 Defence")
    PUBLIC_ORDER = "03", _("03 Public order and safety")


class FundingSource(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic")
    EXTERNAL_ON_BUDGET = "external_on_budget", _("External, on budget")
    EXTERNAL_OFF_BUDGET = "external_off_budget", _("External, off budget")
