"""Models of the support app: IATI activities, import runs, rates, strategy and alignment."""

from ssrmonitor.support.models.activity import (
    Activity,
    ActivityText,
    Budget,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    Result,
    SectorAllocation,
    Transaction,
)
from ssrmonitor.support.models.choices import Source, StrategyLevel, TextKind
from ssrmonitor.support.models.coordination import (
    ComponentLink,
    ExchangeRate,
    ImportRun,
    PriorityLink,
    StrategyNode,
)

__all__ = [
    "Activity",
    "ActivityText",
    "Budget",
    "ComponentLink",
    "ExchangeRate",
    "ImportRun",
    "ParticipatingOrg",
    "PolicyMarker",
    "PriorityLink",
    "RecipientCountry",
    "RecipientRegion",
    "Result",
    "SectorAllocation",
    "Source",
    "StrategyLevel",
    "StrategyNode",
    "TextKind",
    "Transaction",
]
