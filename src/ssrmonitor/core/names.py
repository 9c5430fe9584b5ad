"""Names of reference data in the active language: countries, regions, languages, missions, audit.

Country and region names come from CLDR through Babel (by ISO 3166 alpha-2 code, and by UN M49
code for regions: CLDR names the M49 areas "002" Africa, "202" Sub-Saharan Africa, "029"
Caribbean...). In English the names stored with the data are kept, so existing pages, exports
and tests read as before; in any other language the CLDR name is given, with a few UN names
where CLDR's short form ("Congo-Kinshasa") is not the one UN documents use. Machine-readable
identifiers (ISO codes, M49 codes, audit action codes) never change: only their labels do.

Mission names and audit actions are interface strings: they are translated by the catalogues.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.apps import apps
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# UN short names where CLDR's standard form differs from the one used in UN documents.
_UN_NAMES: dict[str, dict[str, str]] = {
    "CD": {
        "fr": "République démocratique du Congo",
        "es": "República Democrática del Congo",
        "pt": "República Democrática do Congo",
        "ar": "جمهورية الكونغو الديمقراطية",
    },
    "CG": {"fr": "Congo", "es": "Congo", "pt": "Congo", "ar": "الكونغو"},
}

# M49 areas whose CLDR name is narrower than the M49 name ("419" is "Latin America" in CLDR).
_M49_NAMES: dict[str, Promise] = {
    "419": _("Latin America and the Caribbean"),
    "830": _("Channel Islands"),
}


def _language() -> str:
    return (get_language() or "en").split("-")[0].lower()


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def _cldr_territory(code: str, lang: str) -> str:
    locale = _locale(lang)
    if locale is None:
        return ""
    return str(locale.territories.get(code, ""))


def territory_name(iso2: str, fallback: str = "") -> str:
    """The name of the country ``iso2`` in the active language (``fallback`` in English)."""
    lang = _language()
    code = (iso2 or "").upper()
    if lang == "en" and fallback:
        return fallback
    named = _UN_NAMES.get(code, {}).get(lang) or _cldr_territory(code, lang)
    return named or fallback or code


def region_name(m49_code: str, fallback: str = "") -> str:
    """The name of the UN M49 region ``m49_code`` ("002", "202", "419") in the active language."""
    lang = _language()
    if not m49_code:
        return fallback
    if lang == "en" and fallback:
        return fallback
    if m49_code in _M49_NAMES:
        return str(_M49_NAMES[m49_code])
    return _cldr_territory(m49_code, lang) or fallback or m49_code


def language_name(code: str) -> str:
    """The name of the language ``code`` ("fr", "ar") in the active language, e.g. "français"."""
    locale = _locale(_language())
    base = (code or "").replace("_", "-").split("-")[0].lower()
    if locale is None or not base:
        return code
    return str(locale.languages.get(base, code))


# Missions whose frameworks the demo ships: their names are interface strings.
MISSION_NAMES = (
    gettext_noop("United Nations Integrated Office in Haiti"),
    gettext_noop("United Nations Mission for Justice Support in Haiti"),
    gettext_noop("United Nations Stabilization Mission in Haiti"),
    gettext_noop("United Nations Integrated Mission in Timor-Leste"),
    gettext_noop(
        "United Nations Multidimensional Integrated Stabilization Mission in the Central African"
        " Republic"
    ),
    gettext_noop("United Nations Mission in the Republic of South Sudan"),
    gettext_noop("United Nations Mission in Liberia"),
    gettext_noop(
        "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"
    ),
    gettext_noop("United Nations Assistance Mission in Somalia"),
    gettext_noop("United Nations Mission in Bosnia and Herzegovina"),
)


# Kinds of framework the demo data gives (a free-text field: other kinds show as typed).
FRAMEWORK_KINDS = (
    gettext_noop("exit strategy benchmarks"),
    gettext_noop("strategic benchmarks"),
    gettext_noop("contextual benchmarks"),
    gettext_noop("consolidation benchmarks"),
    gettext_noop("consolidation plan benchmarks"),
    gettext_noop("medium-term strategy benchmarks"),
    gettext_noop("handover criteria"),
    gettext_noop("drawdown benchmarks"),
    gettext_noop("transition plan benchmarks"),
    gettext_noop("transition plan"),
    gettext_noop("arms embargo key benchmarks"),
    gettext_noop("national commitments"),
    gettext_noop("mandate implementation plan"),
)


def framework_kind(kind: str) -> str:
    """A framework's kind ("exit strategy benchmarks"), translated where the catalogues have it."""
    return gettext(kind) if kind else kind


def mission_name(name: str) -> str:
    """A mission's name from the data, translated where the catalogues have it."""
    return gettext(name) if name else name


AUDIT_ACTIONS: dict[str, Promise] = {
    "create": pgettext_lazy("audit action", "created"),
    "update": pgettext_lazy("audit action", "updated"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "import": pgettext_lazy("audit action", "imported"),
    "submit": pgettext_lazy("audit action", "submitted"),
    "approve": pgettext_lazy("audit action", "approved"),
    "return": pgettext_lazy("audit action", "returned for correction"),
    "grant": pgettext_lazy("audit action", "role granted"),
    "request_grant": pgettext_lazy("audit action", "role requested"),
    "refuse": pgettext_lazy("audit action", "refused"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "append": pgettext_lazy("audit action", "appended"),
    "verify": pgettext_lazy("audit action", "verified"),
    "verify_failed": pgettext_lazy("audit action", "verification failed"),
    "screen": pgettext_lazy("audit action", "screened"),
    "read": pgettext_lazy("audit action", "read"),
    "open": pgettext_lazy("audit action", "opened"),
    "download": pgettext_lazy("audit action", "downloaded"),
    "generate": pgettext_lazy("audit action", "generated"),
    "freeze": pgettext_lazy("audit action", "frozen"),
    "correct": pgettext_lazy("audit action", "corrected"),
    "replace": pgettext_lazy("audit action", "replaced"),
    "classify": pgettext_lazy("audit action", "classified"),
    "align": pgettext_lazy("audit action", "aligned"),
    "backup": pgettext_lazy("audit action", "backed up"),
    "restore": pgettext_lazy("audit action", "restored"),
    "reset": pgettext_lazy("audit action", "reset"),
    "rekey": pgettext_lazy("audit action", "re-encrypted with a new key"),
    "set_password": pgettext_lazy("audit action", "password set"),
    "set_links": pgettext_lazy("audit action", "links set"),
    "update_links": pgettext_lazy("audit action", "links updated"),
    "add_evidence": pgettext_lazy("audit action", "evidence added"),
    "add_attachment": pgettext_lazy("audit action", "attachment added"),
    "remove_attachment": pgettext_lazy("audit action", "attachment removed"),
    "compute_estimates": pgettext_lazy("audit action", "estimates computed"),
    "import_respondents": pgettext_lazy("audit action", "respondents imported"),
    "import_published_table": pgettext_lazy("audit action", "published table imported"),
    "decide": pgettext_lazy("audit action", "decided"),
    "outcome": pgettext_lazy("audit action", "outcome recorded"),
    "pending": pgettext_lazy("audit action", "set pending"),
    "reference": pgettext_lazy("audit action", "referred to a reference check"),
    "referred": pgettext_lazy("audit action", "referred"),
    "request": pgettext_lazy("audit action", "requested"),
    "resolve": pgettext_lazy("audit action", "resolved"),
    "job.submit": pgettext_lazy("audit action", "job submitted"),
    "job.requeue": pgettext_lazy("audit action", "job requeued"),
    "job.finish": pgettext_lazy("audit action", "job finished"),
    "case.opened": _("Case opened from a hit"),
    "case.identity_confirmed": _("Identity match confirmed"),
    "case.identity_rejected": _("Identity match rejected"),
    "case.notified": _("Person notified"),
    "case.response": _("Response recorded"),
    "case.no_response": _("No response by the deadline"),
    "case.decision_proposed": _("Decision proposed"),
    "case.decision_confirmed": _("Decision confirmed (second reviewer)"),
    "case.decision_sent_back": _("Proposed decision sent back"),
    "case.appeal_lodged": _("Appeal lodged"),
    "case.appeal_decided": _("Appeal decided"),
    "case.made_final": _("Decision final (no appeal by the deadline)"),
}


def audit_action_label(action: str) -> str:
    """A human label of an audit action code (the code itself when it has none)."""
    label = AUDIT_ACTIONS.get(action)
    return str(label) if label is not None else action.replace("_", " ").replace(".", " · ")


def object_type_label(label_lower: str) -> str:
    """The verbose name of a model from its ``app_label.model_name`` ("vetting.person")."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return label_lower
    return capfirst(str(model._meta.verbose_name))
