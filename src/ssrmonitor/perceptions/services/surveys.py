"""Surveys, their questions and the crosswalk of items (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.feeds import SURVEY, FeedChange, fed_data_changed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import checked, dates_in_order, require, save_changes, save_created
from ssrmonitor.perceptions.models import Item, Question, Survey
from ssrmonitor.perceptions.permissions import can_edit, can_edit_items

SURVEY_FIELDS = {
    "series", "name", "round_number", "fieldwork_start", "fieldwork_end", "kind",
    "weight_variable", "strata_variable", "cluster_variable", "source", "source_url",
    "licence", "citation", "is_published",
}  # fmt: skip
QUESTION_FIELDS = {"text", "item", "categories", "favourable"}


def _check_survey(survey: Survey) -> Survey:
    errors = dates_in_order(
        survey.fieldwork_start,
        survey.fieldwork_end,
        "fieldwork_end",
        _("Fieldwork cannot end before it starts."),
    )
    return checked(survey, errors)


@transaction.atomic(durable=True)
def create_survey(*, acting_user: Actor, country: Country, **fields: Any) -> Survey:
    """Record a survey round of a country.

    Args:
        acting_user: an editor of the country.
        country: where the survey was fielded.
        **fields: the survey's fields (name, series, round_number, design, source, licence …).
    """
    require(can_edit(acting_user, country.pk))
    unknown = set(fields) - SURVEY_FIELDS
    if unknown:
        raise ValidationFailed.one(sorted(unknown)[0], _("Unknown field."))
    survey = _check_survey(Survey(country=country, **fields))
    return save_created(survey, acting_user=acting_user, country_iso2=country.iso2)


@transaction.atomic(durable=True)
def update_survey(survey: Survey, *, acting_user: Actor, **changes: Any) -> Survey:
    """Change a survey's description, design or publication.

    Args:
        survey: the survey.
        acting_user: an editor of its country.
        **changes: the fields to change.
    """
    require(can_edit(acting_user, survey.country_id))
    changed = save_changes(
        survey,
        changes,
        allowed=SURVEY_FIELDS,
        check=_check_survey,
        acting_user=acting_user,
        country_iso2=survey.country.iso2,
    )
    fed_data_changed(FeedChange(SURVEY, survey.country_id, survey.pk))
    return changed


def _check_question(question: Question) -> Question:
    errors = []
    categories = question.categories
    shaped = isinstance(categories, list) and all(
        isinstance(c, dict) and str(c.get("code", "")) and str(c.get("label", ""))
        for c in categories
    )
    if not shaped or not categories:
        errors.append(FieldError("categories", _("Give each answer category a code and a label.")))
    codes = [str(c["code"]) for c in categories] if shaped else []
    if len(set(codes)) != len(codes):
        errors.append(FieldError("categories", _("Two answer categories share a code.")))
    favourable = question.favourable
    if not isinstance(favourable, list) or not favourable:
        errors.append(FieldError("favourable", _("Name the answers counted as favourable.")))
    elif any(str(code) not in codes for code in favourable):
        errors.append(FieldError("favourable", _("A favourable answer is not a category.")))
    else:
        question.favourable = [str(code) for code in favourable]
    return checked(question, errors)


@transaction.atomic(durable=True)
def add_question(
    survey: Survey,
    *,
    acting_user: Actor,
    code: str,
    text: str,
    categories: list[dict[str, str]],
    favourable: list[str],
    item: Item | None = None,
) -> Question:
    """Add a question to a survey, with its answer categories and the favourable ones.

    Args:
        survey: the survey.
        acting_user: an editor of the survey's country.
        code: the question's code in this round (e.g. Q37G).
        text: the question as asked.
        categories: ``[{"code": "0", "label": "Not at all"}, …]`` in the survey's order.
        favourable: the codes counted in the share.
        item: the crosswalk item it asks in this round, if any.
    """
    require(can_edit(acting_user, survey.country_id))
    question = Question(
        survey=survey, code=code, text=text, categories=categories, favourable=favourable, item=item
    )
    _check_question(question)
    return save_created(question, acting_user=acting_user, country_iso2=survey.country.iso2)


@transaction.atomic(durable=True)
def update_question(question: Question, *, acting_user: Actor, **changes: Any) -> Question:
    """Change a question's text, categories, favourable answers or crosswalk item.

    Args:
        question: the question.
        acting_user: an editor of the survey's country.
        **changes: the fields to change.
    """
    survey = question.survey
    require(can_edit(acting_user, survey.country_id))
    changed = save_changes(
        question,
        changes,
        allowed=QUESTION_FIELDS,
        check=_check_question,
        acting_user=acting_user,
        country_iso2=survey.country.iso2,
    )
    fed_data_changed(FeedChange(SURVEY, survey.country_id, survey.pk))
    return changed


@transaction.atomic(durable=True)
def create_item(*, acting_user: Actor, key: str, label: str, theme: str = "") -> Item:
    """Add an item to the crosswalk (followed across rounds by its questions).

    Args:
        acting_user: an editor in some country.
        key: a stable key (``trust_police``).
        label: what the item asks, in words.
        theme: its theme (``Trust``).
    """
    require(can_edit_items(acting_user))
    item = checked(Item(key=key, label=label, theme=theme), [])
    return save_created(item, acting_user=acting_user, country_iso2="")
