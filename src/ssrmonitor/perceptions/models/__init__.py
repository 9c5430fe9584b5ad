from __future__ import annotations

from ssrmonitor.perceptions.models.consultation import (
    GROUP_FIELDS,
    PARTICIPANT_FIELDS,
    Consultation,
    ConsultationKind,
    FollowUp,
    Recommendation,
)
from ssrmonitor.perceptions.models.sdg import SdgValue
from ssrmonitor.perceptions.models.survey import (
    AgeBand,
    Area,
    Estimate,
    GroupKind,
    Item,
    Origin,
    Question,
    Respondent,
    Sex,
    Survey,
    SurveyKind,
)

__all__ = [
    "GROUP_FIELDS",
    "PARTICIPANT_FIELDS",
    "AgeBand",
    "Area",
    "Consultation",
    "ConsultationKind",
    "Estimate",
    "FollowUp",
    "GroupKind",
    "Item",
    "Origin",
    "Question",
    "Recommendation",
    "Respondent",
    "SdgValue",
    "Sex",
    "Survey",
    "SurveyKind",
]
