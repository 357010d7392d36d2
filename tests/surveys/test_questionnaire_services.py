"""Questionnaire services: create, copy, save a draft, publish, new version; who sees and
edits what."""

from __future__ import annotations

import copy

import pytest
from django.http import Http404
from django.utils import translation

from guanai.accounts.models import Role
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgKind
from guanai.registry.models import Category
from guanai.surveys import questionnaires as qn
from guanai.surveys.models import FormStatus, FormVersion, Questionnaire
from guanai.surveys.seeded import SEEDED_LEFT_BEHIND
from tests import factories
from tests.surveys.support import SMALL_FORM, World, small_form, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return world()


def create(w: World, title: str = "冷碛镇中心小学留守儿童调查") -> Questionnaire:
    return qn.questionnaire_create(
        acting_user=w.county_worker,
        unit=w.school,
        title=title,
        purpose="开学摸底",
        categories=[Category.LEFT_BEHIND],
    )


def test_create_makes_a_draft_version_1_with_an_empty_section(w: World) -> None:
    questionnaire = create(w)
    draft = questionnaire.versions.get()
    assert (draft.number, draft.status, draft.edits) == (1, FormStatus.DRAFT, 0)
    assert len(draft.definition["sections"]) == 1
    assert draft.definition["sections"][0]["questions"] == []
    assert questionnaire.created_by == w.county_worker


def test_create_refuses_bad_input_and_saves_nothing(w: World) -> None:
    with translation.override("en"):
        for kwargs, says in [
            ({"title": "  "}, "Give the questionnaire a title"),
            ({"title": "长" * 101}, "at most 100 characters"),
            ({"categories": []}, "Choose the persons"),
            ({"categories": ["aliens"]}, "Choose categories from the list"),
            ({"purpose": "长" * 1001}, "at most 1000 characters"),
        ]:
            data = {"title": "调查", "purpose": "", "categories": [Category.LEFT_BEHIND], **kwargs}
            with pytest.raises(ValidationFailed, match=says):
                qn.questionnaire_create(acting_user=w.county_worker, unit=w.school, **data)
        create(w, "同名")
        with pytest.raises(ValidationFailed, match="already has a questionnaire “同名”"):
            create(w, "同名")
    assert Questionnaire.objects.filter(org_unit=w.school).count() == 1


def test_only_a_county_or_school_leader_or_worker_writes_questionnaires(w: World) -> None:
    data = {"title": "调查", "purpose": "", "categories": [Category.LEFT_BEHIND]}
    # a township is neither a county nor a school
    with pytest.raises(PermissionRefused):
        qn.questionnaire_create(acting_user=w.township_worker, unit=w.township, **data)
    # a township worker does not write its school's either
    with pytest.raises(PermissionRefused):
        qn.questionnaire_create(acting_user=w.township_worker, unit=w.school, **data)
    with pytest.raises(PermissionRefused):
        qn.questionnaire_create(acting_user=w.helper, unit=w.school, **data)
    school_worker = factories.user(unit=w.school, role=Role.WORKER)
    qn.questionnaire_create(acting_user=school_worker, unit=w.school, **data)
    qn.questionnaire_create(acting_user=SYSTEM, unit=w.county, **data)
    assert Questionnaire.objects.filter(org_unit__isnull=False).count() == 2


def test_copy_of_a_built_in_form_is_a_draft_of_the_unit(w: World) -> None:
    built_in = FormVersion.objects.get(questionnaire__title=SEEDED_LEFT_BEHIND)
    copied = qn.questionnaire_copy(
        acting_user=w.county_worker, source_version=built_in, unit=w.county
    )
    draft = copied.versions.get()
    assert (copied.org_unit, copied.title, draft.status) == (w.county, SEEDED_LEFT_BEHIND, "draft")
    assert draft.definition == built_in.definition
    assert copied.categories == ["left_behind"]
    again = qn.questionnaire_copy(
        acting_user=w.county_worker, source_version=built_in, unit=w.county
    )
    assert again.title != copied.title and again.title.startswith(SEEDED_LEFT_BEHIND)
    with pytest.raises(PermissionRefused):
        qn.questionnaire_copy(
            acting_user=w.township_worker, source_version=built_in, unit=w.township
        )


def test_draft_save_checks_the_definition_and_the_edits_counter(w: World) -> None:
    draft = create(w).versions.get()
    saved = qn.draft_save(
        acting_user=w.county_worker, version=draft, definition=SMALL_FORM, edits=0
    )
    assert saved.edits == 1
    bad = copy.deepcopy(SMALL_FORM)
    bad["sections"][0]["questions"][0]["type"] = "slider"
    with translation.override("en"), pytest.raises(ValidationFailed, match="unknown question type"):
        qn.draft_save(acting_user=w.county_worker, version=draft, definition=bad, edits=1)
    # a page opened before the first save is stale
    with pytest.raises(StaleEdit):
        qn.draft_save(
            acting_user=w.county_worker, version=draft, definition={"sections": []}, edits=0
        )
    with pytest.raises(PermissionRefused):
        qn.draft_save(acting_user=w.township_worker, version=draft, definition=SMALL_FORM, edits=1)
    draft.refresh_from_db()
    assert (draft.definition, draft.edits) == (SMALL_FORM, 1)


def test_a_draft_may_have_no_question_but_is_then_not_published(w: World) -> None:
    draft = create(w).versions.get()
    empty = {"sections": [{"title": "一", "questions": []}, {"title": "二", "questions": []}]}
    qn.draft_save(acting_user=w.county_worker, version=draft, definition=empty, edits=0)
    with (
        translation.override("en"),
        pytest.raises(ValidationFailed, match="Section 2: “title” is empty"),
    ):
        qn.draft_save(
            acting_user=w.county_worker,
            version=draft,
            definition={
                "sections": [{"title": "一", "questions": []}, {"title": "", "questions": []}]
            },
            edits=1,
        )
    with translation.override("en"), pytest.raises(ValidationFailed, match="no questions"):
        qn.version_publish(acting_user=w.county_worker, version=draft)
    draft.refresh_from_db()
    assert draft.status == FormStatus.DRAFT
    assert not AccessLog.objects.filter(action=AuditAction.SURVEY_PUBLISH).exists()


def test_publishing_freezes_a_version_and_is_audited(w: World) -> None:
    draft = create(w).versions.get()
    qn.draft_save(acting_user=w.county_worker, version=draft, definition=SMALL_FORM, edits=0)
    published = qn.version_publish(acting_user=w.county_worker, version=draft)
    assert published.status == FormStatus.PUBLISHED and published.published_by == w.county_worker
    log = AccessLog.objects.get(action=AuditAction.SURVEY_PUBLISH)
    assert (log.user, log.detail["version"]) == (w.county_worker, 1)
    with (
        translation.override("en"),
        pytest.raises(ValidationFailed, match="is published and is never changed"),
    ):
        qn.draft_save(acting_user=w.county_worker, version=draft, definition=SMALL_FORM, edits=1)
    with pytest.raises(ValidationFailed):
        qn.version_publish(acting_user=w.county_worker, version=draft)
    draft.refresh_from_db()
    assert (
        draft.definition == SMALL_FORM
        and AccessLog.objects.filter(action=AuditAction.SURVEY_PUBLISH).count() == 1
    )


def test_version_new_copies_the_newest_published_and_numbers_one_higher(w: World) -> None:
    v1 = small_form(owner=w.school)
    questionnaire = v1.questionnaire
    v2 = qn.version_new(acting_user=w.county_worker, questionnaire=questionnaire)
    assert (v2.number, v2.status, v2.definition) == (2, FormStatus.DRAFT, SMALL_FORM)
    with translation.override("en"), pytest.raises(ValidationFailed, match="has a draft already"):
        qn.version_new(acting_user=w.county_worker, questionnaire=questionnaire)
    changed = copy.deepcopy(SMALL_FORM)
    changed["sections"][1]["title"] = "学习、心理与安全"
    qn.draft_save(acting_user=w.county_worker, version=v2, definition=changed, edits=0)
    qn.version_publish(acting_user=w.county_worker, version=v2)
    v3 = qn.version_new(acting_user=w.county_worker, questionnaire=questionnaire)
    assert v3.number == 3 and v3.definition == changed
    v1.refresh_from_db()
    assert v1.definition == SMALL_FORM  # the older version is untouched
    with pytest.raises(PermissionRefused):
        qn.version_new(acting_user=w.township_worker, questionnaire=questionnaire)


def test_built_in_questionnaires_are_copied_never_edited(w: World) -> None:
    built_in = Questionnaire.objects.get(title=SEEDED_LEFT_BEHIND)
    assert not qn.can_edit(w.county_worker, built_in)
    with pytest.raises(PermissionRefused):
        qn.version_new(acting_user=w.county_worker, questionnaire=built_in)


def test_who_sees_which_questionnaire(w: World) -> None:
    county_form = small_form(owner=w.county).questionnaire
    school_form = small_form(owner=w.school).questionnaire
    other_school = factories.org_unit(
        parent=w.other_township, kind=OrgKind.SCHOOL, name="兴隆镇中心小学"
    )
    other_form = small_form(owner=other_school).questionnaire
    built_in = set(Questionnaire.objects.filter(org_unit=None).values_list("pk", flat=True))

    def seen(user: object) -> set[int]:
        return set(qn.questionnaires_visible(user).values_list("pk", flat=True)) - built_in  # type: ignore[arg-type]

    assert len(built_in) == 2
    assert seen(w.county_worker) == {county_form.pk, school_form.pk, other_form.pk}
    assert seen(w.township_worker) == {county_form.pk, school_form.pk}
    assert seen(w.helper) == {county_form.pk, school_form.pk}
    assert seen(w.other_worker) == {county_form.pk, other_form.pk}
    assert set(qn.questionnaires_visible(w.helper).values_list("pk", flat=True)) >= built_in
    with pytest.raises(Http404):
        qn.access_questionnaire(w.other_worker, school_form.pk)
    with pytest.raises(Http404):
        qn.access_version(w.other_worker, school_form.versions.get().pk)
    sysadmin = factories.user(unit=w.county, role=Role.SYSADMIN)
    assert not qn.questionnaires_visible(sysadmin).exists()
    # A county worker edits the school's; a helper of the school does not
    assert qn.can_edit(w.county_worker, school_form)
    assert not qn.can_edit(w.helper, school_form)
    assert not qn.can_edit(w.township_worker, school_form)
