"""Report section of the lessons app: lessons learned in the thematic report (OP 25).

``lessons_learned`` lists the **published** lessons (never drafts, whoever generates the
report) of the report's countries or of no particular country, dated by the end of the report
period, most recent first, at most :data:`MAX_LESSONS`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.sections import CollectContext, Scope, SectionParts, register, report_viewer
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Paragraph, Section
from ssrmonitor.lessons.permissions import lessons_visible_to

MAX_LESSONS = 15


class LessonsLearned:
    """Published lessons learned across the countries of the thematic report."""

    key = "lessons_learned"
    order = 70
    scope: Scope = "thematic"

    def collect(self, context: CollectContext) -> dict[str, Any] | None:
        """The most recent published lessons; ``None`` when there is none."""
        countries = [country.pk for country in context.countries]
        found = (
            lessons_visible_to(report_viewer(context))
            .filter(is_published=True)
            .filter(Q(country__in=countries) | Q(country__isnull=True))
            .filter(Q(lesson_date__isnull=True) | Q(lesson_date__lte=context.period.end))
            .select_related("country")
            .order_by("-lesson_date", "title", "id")
        )
        total = found.count()
        if not total:
            return None
        lessons = [
            {
                "title": lesson.title,
                "summary": lesson.summary,
                "country": lesson.country.name if lesson.country else "",
                "country_iso2": lesson.country.iso2 if lesson.country else "",
                "source": lesson.source_document,
                "date": lesson.lesson_date.isoformat() if lesson.lesson_date else None,
            }
            for lesson in found[:MAX_LESSONS]
        ]
        return {"total": total, "lessons": lessons}

    def build(self, data: dict[str, Any]) -> SectionParts:
        """A heading and a paragraph per lesson, with its country, source and date."""
        total, shown = data["total"], len(data["lessons"])
        lead = ngettext(
            "%(count)s published lesson learned applies to these countries",
            "%(count)s published lessons learned apply to these countries",
            total,
        ) % {"count": fmt.count(total)}
        lead += (
            "."
            if shown == total
            else _("; the %(shown)s most recent are listed.") % {"shown": fmt.count(shown)}
        )
        blocks: list[Any] = [Paragraph(lead, "lead")]
        for lesson in data["lessons"]:
            blocks.append(Paragraph(lesson["title"], "heading"))
            blocks.append(Paragraph(lesson["summary"]))
            place = fmt.country(lesson["country"], lesson.get("country_iso2"))
            where = [part for part in (place, lesson["source"]) if part]
            if lesson["date"]:
                where.append(fmt.day(lesson["date"]))
            if where:
                blocks.append(Paragraph(", ".join(where), "note"))
        title = _("Lessons learned")
        return SectionParts(summary=[lead], body=[Section(self.key, title, blocks)])


register(LessonsLearned())
