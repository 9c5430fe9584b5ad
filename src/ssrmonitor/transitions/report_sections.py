"""Report section of the transitions app: transition status where a mission draws down.

``transition_status`` (country report): each transition plan of the country that the report's
audience may see (a public report: published plans only) and that is under way in the report
period (started by its end, mission not ended before its start). For each plan: its tasks
with status and readiness, the readiness summary and the alerts judged at the end of the
report period with a horizon of :data:`ALERT_MONTHS` months (so a snapshot never depends on
the day it was generated). Criteria ratings use the indicators the audience may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.core.progress import Rating
from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, register, report_viewer
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Paragraph, Row, Section, Table
from ssrmonitor.transitions.models import TaskStatus, TransitionPlan
from ssrmonitor.transitions.permissions import plans_visible_to
from ssrmonitor.transitions.readiness import due_alerts
from ssrmonitor.transitions.selectors import PlanView, plan_view

ALERT_MONTHS = 6
Data = dict[str, Any]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _plan_data(view: PlanView, context: CollectContext) -> Data:
    plan = view.plan
    alerts = due_alerts(
        [task.readiness for task in view.tasks], today=context.period.end, months=ALERT_MONTHS
    )
    return {
        "mission": plan.mission.acronym,
        "title": plan.title,
        "successor": plan.successor,
        "start": _iso(plan.start_date),
        "end": _iso(plan.end_date),
        "illustrative": plan.is_illustrative,
        "rating": str(view.summary.rating),
        "handed_over": view.summary.handed_over,
        "ratings": {str(rating): count for rating, count in sorted(view.summary.ratings.items())},
        "tasks": [
            {
                "title": task.task.title,
                "future_lead": task.task.future_lead,
                "handover": _iso(task.task.handover_date),
                "status": task.task.status,
                "rating": str(task.readiness.rating),
            }
            for task in view.tasks
        ],
        "alerts": [
            {
                "title": alert.title,
                "handover": alert.handover_date.isoformat(),
                "days_left": alert.days_left,
                "off_track": alert.off_track,
            }
            for alert in alerts
        ],
    }


def status_label(status: str) -> str:
    return str(TaskStatus(status).label) if status in TaskStatus.values else status


class TransitionStatus:
    """Transition status of the country's missions drawing down (country report)."""

    key = "transition_status"
    order = 40
    scope: Scope = "country"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The visible plans under way in the period; ``None`` when there is none."""
        if context.country is None:
            return None
        viewer = report_viewer(context)
        period = context.period
        under_way = (Q(start_date__isnull=True) | Q(start_date__lte=period.end)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=period.start)
        )
        plans: list[TransitionPlan] = list(
            plans_visible_to(viewer)
            .filter(under_way, country=context.country)
            .order_by("start_date", "title", "id")
        )
        if not plans:
            return None
        indicators = indicators_visible_to(viewer)
        views = [plan_view(plan, indicators) for plan in plans]
        return {"plans": [_plan_data(view, context) for view in views]}

    def build(self, data: dict[str, Any]) -> SectionParts:
        """Per plan: a lead sentence, the tasks table and the alerts."""
        blocks: list[Any] = []
        summary: list[str] = []
        for plan in data["plans"]:
            lead = self._lead(plan)
            summary.append(lead)
            blocks.extend(self._plan_blocks(plan, lead))
        title = _("Transition status")
        return SectionParts(summary=summary, body=[Section(self.key, title, blocks)])

    @staticmethod
    def _lead(plan: Data) -> str:
        count = len(plan["tasks"])
        return ngettext(
            "%(mission)s transition: %(handed)s of %(count)s task handed over; "
            "overall readiness: %(rating)s.",
            "%(mission)s transition: %(handed)s of %(count)s tasks handed over; "
            "overall readiness: %(rating)s.",
            count,
        ) % {
            "mission": plan["mission"],
            "handed": fmt.count(plan["handed_over"]),
            "count": fmt.count(count),
            "rating": Rating(plan["rating"]).label,
        }

    @staticmethod
    def _plan_blocks(plan: Data, lead: str) -> list[Any]:
        blocks: list[Any] = [
            Paragraph(f"{plan['mission']} — {plan['title']}", "heading"),
            Paragraph(
                _("Transition from %(start)s; mission ends %(end)s.")
                % {"start": fmt.day(plan["start"]), "end": fmt.day(plan["end"])}
            ),
            Paragraph(lead),
        ]
        if plan["tasks"]:
            blocks.append(
                Table(
                    _("Transition tasks"),
                    [
                        Column(_("Task")),
                        Column(_("Future lead")),
                        Column(_("Handover date")),
                        Column(_("Status")),
                        Column(_("Readiness")),
                    ],
                    [
                        Row(
                            [
                                task["title"],
                                task["future_lead"] or "—",
                                fmt.day(task["handover"]),
                                status_label(task["status"]),
                                Rating(task["rating"]).label,
                            ]
                        )
                        for task in plan["tasks"]
                    ],
                )
            )
        alerts = plan["alerts"]
        if alerts:
            blocks.append(
                Table(
                    _("Alerts: handover due within %(months)s months with criteria off track")
                    % {"months": fmt.count(ALERT_MONTHS)},
                    [
                        Column(_("Task")),
                        Column(_("Handover date")),
                        Column(_("Criteria off track"), numeric=True),
                    ],
                    [
                        Row([a["title"], fmt.day(a["handover"]), fmt.count(a["off_track"])])
                        for a in alerts
                    ],
                )
            )
        else:
            blocks.append(Paragraph(_("No alert at the end of the period.")))
        if plan["illustrative"]:
            blocks.append(Paragraph(_("This plan is illustrative."), "note"))
        return blocks


register(TransitionStatus())
