"""The two seeded questionnaires: created by the data migration with no unit and version 1
published, read by the engine, using every question type, required questions, skip rules,
problems on options, yes/no answers and thresholds, and plan domains."""

from __future__ import annotations

from typing import Any

import pytest

from guanai.surveys import engine, seeded
from guanai.surveys.models import FormStatus, Questionnaire


@pytest.mark.parametrize("definition", [seeded.LEFT_BEHIND, seeded.DISABLED])
def test_each_seeded_form_reads_and_uses_every_kind_of_rule(definition: dict[str, Any]) -> None:
    form = engine.form_read(definition)
    questions = form.questions
    assert {q.type for q in questions} == set(engine.TYPES)
    assert 25 <= len(questions) <= 35
    assert sum(q.required for q in questions) >= 8
    assert sum(q.show_if is not None for q in questions) >= 3
    assert any(o.problem for q in questions for o in q.options)
    assert any(q.problem_if for q in questions)
    assert any(q.problem_at_most is not None or q.problem_at_least is not None for q in questions)
    assert {q.domain for q in questions} - {""}
    # Problems are short names, as the ranking shows them
    assert all(len(text) <= 12 for _question, text in engine.problem_texts(form).values())


def test_the_left_behind_form_has_the_sections_the_issue_names() -> None:
    form = engine.form_read(seeded.LEFT_BEHIND)
    assert [s.title for s in form.sections] == [
        "基本情况与监护照料", "亲子联系", "学习情况", "身体健康", "心理与行为", "安全", "需求",
    ]  # fmt: skip
    texts = {text for _q, text in engine.problem_texts(form).values()}
    assert {"无人监护", "与父母联系少", "监护人年迈"} <= texts


def test_the_disabled_form_has_the_sections_and_the_house_conditions() -> None:
    form = engine.form_read(seeded.DISABLED)
    assert [s.title for s in form.sections] == [
        "收入与住房", "教育", "就业", "社会保障", "康复与辅助器具", "无障碍", "照护需求",
    ]  # fmt: skip
    house = form.by_code["house"]
    assert [o.label for o in house.options][:3] == ["安全住房", "C级危房", "D级危房"]
    texts = {text for _q, text in engine.problem_texts(form).values()}
    assert {"住房为D级危房", "需要轮椅"} <= texts
    answers = engine.answers_clean(
        form,
        {"house": "d_level", "rehab_needs": ["device"], "device_needs": ["wheelchair"]},
        complete=False,
    )
    assert engine.problems_found(form, answers) == [
        "house:d_level",
        "rehab_needs:device",
        "device_needs:wheelchair",
    ]


@pytest.mark.django_db
def test_the_migration_made_both_with_version_1_published() -> None:
    made = Questionnaire.objects.filter(org_unit=None).order_by("title")
    assert sorted(q.title for q in made) == sorted(
        [seeded.SEEDED_LEFT_BEHIND, seeded.SEEDED_DISABLED]
    )
    for questionnaire in made:
        version = questionnaire.versions.get()
        assert (version.number, version.status) == (1, FormStatus.PUBLISHED)
        assert version.published_at is not None
    categories = {q.title: q.categories for q in made}
    assert categories[seeded.SEEDED_LEFT_BEHIND] == ["left_behind"]
    assert categories[seeded.SEEDED_DISABLED] == ["disabled"]


@pytest.mark.django_db
def test_seeding_again_makes_nothing_new() -> None:
    from guanai.surveys.models import FormVersion

    seeded.seed(Questionnaire, FormVersion)
    assert Questionnaire.objects.filter(org_unit=None).count() == 2
