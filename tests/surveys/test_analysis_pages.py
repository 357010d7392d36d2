"""The round's analysis page and the export of its answers: the numbers shown, scoping to
the cases the user sees, the audited and masked xlsx, a fixed number of queries."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgKind
from guanai.surveys.models import Round
from tests import factories
from tests.conftest import logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.surveys import support
from tests.surveys.support_analysis import SIX, answer, more_cases

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@dataclass
class Answered:
    w: support.World
    round: Round


@pytest.fixture
def answered(db: None) -> Answered:
    """张小明 and 李小红 (the school) answered, 王小刚 (the village) half, 赵小丽 (兴隆镇) too."""
    w = support.world()
    round_ = support.round_over(w, support.small_form())
    cases = {c.name: c for c in round_.cases.all()}
    answer(cases["张小明"], {**SIX[0], "note": "=1+1"}, author=w.helper)
    answer(cases["李小红"], SIX[3], author=w.helper)
    answer(cases["王小刚"], {"guardian": "grand"}, complete=False)
    answer(cases["赵小丽"], SIX[4], author=w.other_worker)
    return Answered(w, round_)


def url(a: Answered, tail: str = "") -> str:
    return f"/surveys/rounds/{a.round.pk}/analysis/{tail}"


def counted(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}">', 1)[1].split("<", 1)[0].strip()


def test_the_township_sees_its_cases_counts_and_problems_ranked(answered: Answered) -> None:
    page = logged_in(answered.w.township_worker).get(url(answered), **EN).content.decode()
    assert counted(page, "count-cases") == "3"
    assert counted(page, "count-done") == "2"
    assert counted(page, "count-percent") == "66.7%"
    assert "2 complete answer sets are counted." in page
    problems = page.split('data-testid="problems"', 1)[1].split("</ol>", 1)[0]
    order = [problems.index(t) for t in ("与父母联系少", "需要心理疏导", "常感孤独", "无人监护")]
    assert order == sorted(order)
    assert "2 persons · 100.0%" in problems
    guardian = page.split('data-testid="question-guardian"', 1)[1].split("</article>", 1)[0]
    assert "祖父母" in guardian and "50.0%" in guardian
    # The charts' data, drawn by the vendored ECharts (no CDN).
    assert 'id="survey-analysis-data"' in page and "vendor/echarts/echarts.min.js" in page
    assert "奶奶" not in page  # texts are personal: never listed
    # The unit selector offers the township and the units below it, not the county.
    units = page.split('data-testid="unit-form"', 1)[1].split("</form>", 1)[0]
    assert "冷碛镇中心小学" in units and "甘露寺村" in units and "泸定县" not in units


def test_the_county_sees_every_case_and_narrows_to_a_unit(answered: Answered) -> None:
    client = logged_in(answered.w.county_worker)
    page = client.get(url(answered), **EN).content.decode()
    assert (counted(page, "count-cases"), counted(page, "count-done")) == ("4", "3")
    page = client.get(url(answered), {"unit": answered.w.school.pk}, **EN).content.decode()
    assert (counted(page, "count-cases"), counted(page, "count-done")) == ("2", "2")


def test_a_crosstab_by_unit(answered: Answered) -> None:
    client = logged_in(answered.w.county_worker)
    page = client.get(url(answered), {"q": "guardian", "by": "unit"}, **EN).content.decode()
    table = page.split('data-testid="crosstab"', 1)[1].split("</table>", 1)[0]
    school = table.split("冷碛镇中心小学", 1)[1].split("</tr>", 1)[0]
    assert "50.0%" in school  # one 祖父母, one 无人监护 of two
    assert "兴隆镇" in table
    response = client.get(url(answered), {"q": "guardian_age", "by": "unit"}, **EN)
    assert response.status_code == 400
    assert "A cross-tab needs a choice, yes/no or rating question." in response.content.decode()


def test_another_township_sees_only_its_own_answers(answered: Answered) -> None:
    client = logged_in(answered.w.other_worker)
    page = client.get(url(answered), **EN).content.decode()
    assert (counted(page, "count-cases"), counted(page, "count-done")) == ("1", "1")
    problems = page.split('data-testid="problems"', 1)[1].split("</ol>", 1)[0]
    assert "学习需要辅导" in problems and "与父母联系少" not in problems
    assert "无人监护" not in problems
    assert client.get(url(answered), {"unit": answered.w.township.pk}).status_code == 404
    response = client.post(
        url(answered, "export/") + f"?unit={answered.w.township.pk}", {"purpose": "核对"}
    )
    assert response.status_code == 404


def test_a_round_of_another_county_is_not_found(answered: Answered) -> None:
    county = factories.org_unit(parent=None, kind=OrgKind.COUNTY, name="康定市")
    stranger = factories.user(unit=county, role=Role.WORKER)
    assert logged_in(stranger).get(url(answered)).status_code == 404
    assert logged_in(stranger).post(url(answered, "export/"), {"purpose": "x"}).status_code == 404


def sheet(content: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_export_masks_names_labels_answers_and_is_audited(answered: Answered) -> None:
    client = logged_in(answered.w.township_worker)
    response = client.post(
        url(answered, "export/") + f"?unit={answered.w.township.pk}",
        {"purpose": "年度分析"},
        **EN,
    )
    assert response.status_code == 200
    rows = sheet(response.content)
    header = rows[1]
    assert header[:5] == ["Unit", "Village or school", "Category", "Name", "Form version"]
    data = rows[2:]
    assert [r[3] for r in data] == ["张**", "李**"]
    body = repr(rows)
    assert "张小明" not in body and "李小红" not in body and "王小刚" not in body
    zhang = data[0]
    assert zhang[header.index("1. 现在由谁监护")] == "祖父母"
    assert zhang[header.index("4. 需要哪些帮助")] == "学习辅导、心理疏导"
    assert zhang[header.index("7. 其他情况")] == "'=1+1"  # never run as a formula
    assert "监护人年迈" in zhang[-1] and "常感孤独" in zhang[-1]
    log = AccessLog.objects.get(action=AuditAction.EXPORT, object_type="surveys.answers")
    assert log.user == answered.w.township_worker
    assert log.detail["rows"] == 2 and log.detail["purpose"] == "年度分析"


def test_the_export_needs_a_purpose(answered: Answered) -> None:
    client = logged_in(answered.w.township_worker)
    assert client.get(url(answered, "export/")).status_code == 200  # the purpose form
    response = client.post(url(answered, "export/"), {"purpose": "  "}, **EN)
    assert response.status_code == 400
    assert "State the purpose" in response.content.decode()
    response = client.post(url(answered, "export/"), {"purpose": "长" * 201}, **EN)
    assert response.status_code == 400
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_page_and_the_export_run_as_many_queries_at_50_sets_as_at_1(db: None) -> None:
    w = support.world()
    form = support.small_form()
    small = support.round_over(w, form, title="一份")
    large = support.round_over(w, form, title="五十份")
    for case in more_cases(small, w.village, 1, where="甘露寺村"):
        answer(case, SIX[0])
    for n, case in enumerate(more_cases(large, w.village, 50, where="甘露寺村")):
        answer(case, SIX[n % 6])
    client = logged_in(w.township_worker)
    for tail, method in (("?q=guardian&by=where", "get"), ("export/", "post")):
        runs = []
        for round_ in (small, large):
            with count_queries() as queries:
                response = getattr(client, method)(
                    f"/surveys/rounds/{round_.pk}/analysis/{tail}", {"purpose": "分析"}
                )
            assert response.status_code == 200
            runs.append(queries)
        assert_same_query_count(*runs)


def test_a_helper_reads_the_analysis_of_their_cases_but_exports_nothing(answered: Answered) -> None:
    case = answered.round.cases.get(name="张小明")
    case.assigned_to = answered.w.helper
    case.save()
    client = logged_in(answered.w.helper)
    page = client.get(url(answered), **EN)
    assert page.status_code == 200
    assert counted(page.content.decode(), "count-done") == "1"
    assert "export/" not in page.content.decode()
    assert client.get(url(answered, "export/")).status_code == 403
    assert client.post(url(answered, "export/"), {"purpose": "核对"}).status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()
