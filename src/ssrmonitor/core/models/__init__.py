"""Core models: reference data (countries, missions, organisations), access and audit."""

from ssrmonitor.core.models.access import ApiToken, Membership, Role
from ssrmonitor.core.models.audit import AuditEvent
from ssrmonitor.core.models.fieldwork import FieldSource, FieldSubmission
from ssrmonitor.core.models.grants import GrantStatus, RoleGrant
from ssrmonitor.core.models.jobs import Job, JobState, WorkerHeartbeat
from ssrmonitor.core.models.reference import Country, Mission, MissionKind, Organisation
from ssrmonitor.core.models.versions import DataVersion

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Country",
    "DataVersion",
    "FieldSource",
    "FieldSubmission",
    "GrantStatus",
    "Job",
    "JobState",
    "Membership",
    "Mission",
    "MissionKind",
    "Organisation",
    "Role",
    "RoleGrant",
    "WorkerHeartbeat",
]
