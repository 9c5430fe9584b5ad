"""The demo's institution lists and figures, with where each comes from.

Real (from ``shared/domain/ssr-domain-primer.md`` §3 and the UN documents it cites):
institution names, acronyms, types as the sources describe them, the Liberian functions of the
2008 National Security Strategy (section 7), Somalia's National Security Architecture force
levels (2017, revised 2023), the Haitian National Police totals by sex in the Secretary-
General's reports (S/2018/795 … S/2019/805) and the MINUJUSTH target of 11 % women police
(S/2018/527, indicator 4.3). Everything else is illustrative and flagged ``is_illustrative``:
role assignments and oversight instruments, rank splits of the real totals, units, budget
lines and fiscal context.
"""

from __future__ import annotations

from datetime import date
from typing import Any

LR_NSS = "National Security Strategy of the Republic of Liberia (NSSRL), January 2008"
LR_SOURCE = "NSSRL (2008), section 7; ssr-domain-primer §3.1"
LR_FROM = date(2008, 1, 1)

Row = dict[str, Any]


def _inst(key: str, en: str, kind: str, fr: str = "", **extra: Any) -> Row:
    names = {"en": en, **({"fr": fr} if fr else {})}
    return {"key": key, "names": names, "kind": kind, **extra}


LIBERIA: list[Row] = [
    _inst("LNP", "Liberia National Police", "police", acronym="LNP"),
    _inst("NBI", "National Bureau of Investigation", "police", acronym="NBI"),
    _inst("DEA", "Drugs Enforcement Agency", "police", acronym="DEA"),
    _inst("LSP", "Liberia Seaport Police", "police", acronym="LSP", coverage="specific"),
    _inst("MCP", "Monrovia City Police", "police", acronym="MCP", coverage="local"),
    _inst("AFL", "Armed Forces of Liberia", "armed_forces", acronym="AFL"),
    _inst(
        "LNCG",
        "Liberia National Coastguard",
        "armed_forces",
        acronym="LNCG",
        parent="AFL",
        status="planned",
        mandate="To be revitalised and managed as an integral element of the AFL.",
    ),
    _inst("NSA", "National Security Agency", "intelligence", acronym="NSA"),
    _inst("MNS", "Ministry of National Security", "ministry"),
    _inst("SSS", "Special Security Service", "police", acronym="SSS"),
    _inst("BIN", "Bureau of Immigration and Naturalization", "immigration", acronym="BIN"),
    _inst("BCE", "Bureau of Customs and Excise", "customs"),
    _inst("BOC", "The Bureau of Corrections", "corrections"),
    _inst("NFS", "National Fire Service", "civil_protection", acronym="NFS"),
    _inst("ACC", "Anti-Corruption Commission", "inspectorate", acronym="ACC", status="planned"),
    _inst(
        "NSC",
        "National Security Council",
        "coordination",
        acronym="NSC",
        head="The President (chair)",
        mandate="The highest security coordinating body.",
    ),
    _inst(
        "LEG-DS",
        "Legislative committees on defence and security",
        "parliamentary_committee",
    ),
    _inst("HRC", "Independent National Human Rights Commission", "human_rights_commission"),
    _inst("CSO", "Civil society", "civil_society"),
]

LIBERIA_FUNCTIONS: list[tuple[str, str, str, bool]] = [
    ("law_enforcement", "Law enforcement", "Application de la loi", False),
    ("intelligence", "Intelligence", "Renseignement", False),
    ("territorial_safeguard", "Territorial safeguard", "Protection du territoire", False),
    ("vip_service", "VIP service", "Protection des personnalités", False),
    ("border_control", "Border control", "Contrôle des frontières", True),
    ("detention", "Detention", "Détention", True),
    ("disaster_response", "Disaster response", "Réponse aux catastrophes", True),
    ("child_protection", "Child protection units", "Unités de protection de l'enfance", True),
]

# (function, institution, role): illustrative, chosen to show one overlap and one gap
LIBERIA_ROLES: list[tuple[str, str, str]] = [
    ("law_enforcement", "LNP", "lead"),
    ("law_enforcement", "NBI", "support"),
    ("law_enforcement", "DEA", "support"),
    ("law_enforcement", "MCP", "support"),
    ("intelligence", "NSA", "lead"),
    ("intelligence", "MNS", "lead"),
    ("intelligence", "NBI", "support"),
    ("territorial_safeguard", "AFL", "lead"),
    ("vip_service", "SSS", "lead"),
    ("border_control", "BIN", "lead"),
    ("border_control", "BCE", "support"),
    ("border_control", "LSP", "support"),
    ("detention", "BOC", "lead"),
    ("disaster_response", "NFS", "lead"),
    ("disaster_response", "AFL", "support"),
    ("child_protection", "LNP", "support"),
]

LIBERIA_OVERSIGHT: list[tuple[str, str, str]] = [
    ("LEG-DS", "AFL", "hearings"),
    ("LEG-DS", "AFL", "budget_approval"),
    ("LEG-DS", "LNP", "hearings"),
    ("LEG-DS", "LNP", "budget_approval"),
    ("LEG-DS", "NSA", "hearings"),
    ("HRC", "LNP", "complaints"),
    ("HRC", "BOC", "inspections"),
    ("CSO", "LNP", "complaints"),
]

HT_SOURCE = "MINUJUSTH benchmarks (S/2018/527); ssr-domain-primer §3.5"
HAITI: list[Row] = [
    _inst("PNH", "Haitian National Police", "police", "Police nationale d'Haïti", acronym="PNH"),
    _inst(
        "DAP",
        "Directorate of Prison Administration",
        "corrections",
        "Direction de l'administration pénitentiaire",
        acronym="DAP",
        parent="PNH",
    ),
    _inst(
        "IGPNH",
        "General Inspectorate of the Haitian National Police",
        "inspectorate",
        "Inspection générale de la Police nationale d'Haïti",
        acronym="IGPNH",
        parent="PNH",
    ),
    _inst(
        "MJSP",
        "Ministry of Justice and Public Security",
        "ministry",
        "Ministère de la Justice et de la Sécurité publique",
        acronym="MJSP",
    ),
    _inst(
        "CSPJ",
        "Superior Council of the Judiciary",
        "justice",
        "Conseil supérieur du pouvoir judiciaire",
        acronym="CSPJ",
    ),
    _inst("CASS", "Court of Cassation", "justice", "Cour de cassation"),
    _inst(
        "CSCCA",
        "Superior Court of Audits and Administrative Disputes",
        "audit_institution",
        "Cour supérieure des comptes et du contentieux administratif",
        acronym="CSCCA",
    ),
    _inst(
        "OPC",
        "Office for the Protection of Citizens",
        "ombudsman",
        "Office de la protection du citoyen",
        acronym="OPC",
    ),
    _inst("EMA", "School of Magistrates", "justice", "École de la magistrature"),
]
HAITI_OVERSIGHT: list[tuple[str, str, str]] = [
    ("IGPNH", "PNH", "inspections"),
    ("IGPNH", "PNH", "complaints"),
    ("OPC", "PNH", "complaints"),
    ("OPC", "DAP", "inspections"),
    ("CSCCA", "PNH", "audit"),
]

# Haitian National Police totals by sex, from the Secretary-General's reports (real).
PNH_STRENGTH: list[tuple[str, int, int, str]] = [
    ("2018-07", 1379, 15042, "S/2018/795"),
    ("2018-10", 1568, 15735, "S/2018/1059"),
    ("2019-01", 1498, 15154, "S/2019/198"),
    ("2019-05", 1483, 14908, "S/2019/563"),
    ("2019-09", 1611, 15404, "S/2019/805"),
]

CAR_SOURCE = "Stratégie nationale de RSS 2017–2021; ssr-domain-primer §3.2"
CAR: list[Row] = [
    _inst("MINDEF", "Ministry of Defence", "ministry", "Ministère de la Défense"),
    _inst("MINJUS", "Ministry of Justice", "ministry", "Ministère de la Justice"),
    _inst("MINFIN", "Ministry of Finance", "ministry", "Ministère des Finances"),
    _inst("MINSEC", "Ministry of Public Security", "ministry", "Ministère de la Sécurité publique"),
    _inst("MINEF", "Ministry of Water and Forests", "ministry", "Ministère des Eaux et forêts"),
    _inst("AN", "National Assembly", "parliamentary_committee", "Assemblée nationale"),
    _inst(
        "CS-RSS",
        "DDRR/SSR/National Reconciliation strategic committee",
        "coordination",
        "Comité stratégique DDRR/RSS/RN",
        head="The President (chair)",
    ),
    _inst("CNRSS", "National SSR coordination", "coordination", "Coordination nationale RSS"),
    _inst(
        "FSI", "Internal Security Forces", "police", "Forces de sécurité intérieure", acronym="FSI"
    ),
]

DRC_SOURCE = "Plan d'action quinquennal 2020-2024 (PAQ-2); ssr-domain-primer §3.3"
DRC: list[Row] = [
    _inst(
        "PNC", "Congolese National Police", "police", "Police nationale congolaise", acronym="PNC"
    ),
    _inst(
        "CSRP",
        "Police Reform Monitoring Committee",
        "coordination",
        "Comité de suivi de la réforme de la police",
        acronym="CSRP",
        head="Vice-Prime Minister, Minister of the Interior (chair)",
    ),
]

SO_SOURCE = "National Security Architecture (April 2017), 2023 revision; ssr-domain-primer §3.4"
SOMALIA: list[Row] = [
    _inst(
        "SNA",
        "Somali National Army",
        "armed_forces",
        acronym="SNA",
        mandate="At least 18,000, excluding the Special Forces (Danab), Air force and Navy.",
    ),
    _inst("DANAB", "Danab special forces", "armed_forces", parent="SNA"),
    _inst("SPF", "Somali Police Force (Federal and State Police)", "police", acronym="SPF",
          mandate="32,000, divided into Federal Police and State Police as per the New "
          "Policing Model."),
]  # fmt: skip
SOMALIA_2023 = {
    "SNA": "At least 30,000 soldiers.",
    "SPF": "At least 40,000 police.",
}
