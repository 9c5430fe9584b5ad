"""Models of the reports app: versioned narrative blocks and frozen report snapshots."""

from ssrmonitor.core.sections import Audience
from ssrmonitor.reports.models.narrative import NarrativeBlock, NarrativeKey
from ssrmonitor.reports.models.snapshot import Snapshot

__all__ = ["Audience", "NarrativeBlock", "NarrativeKey", "Snapshot"]
