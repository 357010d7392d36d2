"""The findings pages: what a worker sees and works through (the list, one finding, the
resolve form, the re-check, the file's tab), who sees nothing, and the list's query count."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from guanai.accounts.models import Role, User
from guanai.benefits.rolls import roll_generate
from guanai.core.models import AccessLog, AuditAction
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from guanai.crosscheck.texts import explain
from guanai.registry.services import person_archive
from tests import factories
from tests.conftest import logged_in
from tests.crosscheck.support import World, outsider_id, upload
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DEATHS = ["姓名", "公民身份号码", "死亡日期"]
DISABILITY = ["姓名", "身份证号", "残疾类别", "残疾等级"]


def text_of(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def part(html: str, testid: str, end: str = "</table>") -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


def row_of(html: str, finding: Finding) -> str:
    return html.split(f'data-finding="{finding.pk}"', 1)[1].split("</tr>", 1)[0]


def english(finding: Finding) -> str:
    with translation.override("en"):
        return explain(finding)


def zh(message: str, **params: object) -> str:
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def month_start() -> date:
    return timezone.localdate().replace(day=1)


def orphan_died(world: World) -> list[Finding]:
    """王小芳 reported dead on this month's roll: her active file and her roll line."""
    roll_generate(
        acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=month_start()
    )
    upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        [DEATHS, ["王小芳", world.orphan.id_number, month_start().isoformat()]],
    )
    return list(Finding.objects.filter(person=world.orphan).order_by("kind"))


def unregistered(world: World, count: int = 1) -> list[Finding]:
    """Persons certified by the federation, of the area, that the registry does not hold."""
    rows = [DISABILITY] + [
        [f"外人{n}", outsider_id(sequence=100 + n), "肢体", "二级"] for n in range(count)
    ]
    upload(world.lengqi_worker, world.region.lengqi, "disability", rows)
    return list(Finding.objects.filter(kind=FindingKind.DISABILITY_UNREGISTERED))


def test_the_worker_sees_the_open_findings_urgent_first_with_what_to_do(world: World) -> None:
    active, on_roll = orphan_died(world)
    (outsider,) = unregistered(world)
    worker = logged_in(world.lengqi_worker)

    page = worker.get(reverse("crosscheck:index"), **EN).content.decode()

    table = part(page, "findings")
    # The urgent roll finding comes before the unregistered person's
    assert table.index(f'data-finding="{on_roll.pk}"') < table.index(
        f'data-finding="{outsider.pk}"'
    )
    row = row_of(page, on_roll)
    person_url = reverse("registry:person_detail", args=[world.orphan.pk])
    assert f'<a href="{person_url}">王小芳</a>' in row
    assert "冷碛镇" in row and "urgent" in row
    assert "Deceased, still on a payment roll" in row
    assert english(on_roll) in text_of(row)
    assert reverse("crosscheck:list_detail", args=[on_roll.first_list_id]) in row
    # Someone not registered: the name, no link to a file
    row = row_of(page, outsider)
    assert "外人0" in row and "not registered" in row
    assert "/persons/" not in row
    assert english(outsider) in text_of(row)
    assert "Disability certificates" in row  # the list it came from
    assert active.pk and f'data-finding="{active.pk}"' in table


def test_the_filters_narrow_the_list_and_resolved_findings_need_asking(world: World) -> None:
    active, on_roll = orphan_died(world)
    (outsider,) = unregistered(world)
    Finding.objects.filter(pk=outsider.pk).update(
        status=FindingStatus.NOT_ERROR, resolution="同名", resolved_at=timezone.now()
    )
    client = logged_in(world.county_leader)
    url = reverse("crosscheck:index")

    def shown(**query: str) -> set[int]:
        page = client.get(url, query, **EN).content.decode()
        return {int(pk) for pk in re.findall(r'data-finding="(\d+)"', page)}

    assert shown() == {active.pk, on_roll.pk}  # open ones only, by default
    assert shown(status="not_error") == {outsider.pk}
    assert shown(status="all") == {active.pk, on_roll.pk, outsider.pk}
    assert shown(kind=FindingKind.DEATH_ON_ROLL) == {on_roll.pk}
    assert shown(status="all", list_kind="disability") == {outsider.pk}
    assert shown(urgent="1") == {on_roll.pk}
    assert shown(unit=str(world.region.xinglong.pk)) == set()
    assert shown(unit=str(world.region.lengqi.pk)) == {active.pk, on_roll.pk}
    assert shown(status="all", list=str(outsider.first_list_id)) == {outsider.pk}
    # A wrong value filters nothing rather than failing
    assert shown(status="nonsense") == {active.pk, on_roll.pk}


def test_another_township_and_a_helper_see_nothing(world: World, school_helper: User) -> None:
    active, _on_roll = orphan_died(world)
    other = logged_in(world.xinglong_worker)
    helper = logged_in(school_helper)
    detail = reverse("crosscheck:finding_detail", args=[active.pk])
    resolve = reverse("crosscheck:finding_resolve", args=[active.pk])

    assert other.get(detail).status_code == 404
    assert other.post(resolve, {"status": "not_error", "resolution": "x"}).status_code == 404
    assert (
        f'data-finding="{active.pk}"' not in other.get(reverse("crosscheck:index")).content.decode()
    )
    assert helper.get(detail).status_code == 404
    assert helper.get(reverse("crosscheck:index")).status_code == 403
    assert Finding.objects.get(pk=active.pk).status == FindingStatus.OPEN
    # The menu offers the pages to the roster roles only
    home = reverse("home")
    assert reverse("crosscheck:index") in logged_in(world.lengqi_worker).get(home).content.decode()
    assert (
        f'href="{reverse("crosscheck:index")}"'
        not in helper.get(home, follow=True).content.decode()
    )


def test_a_finding_shows_the_list_beside_the_file_and_where_to_fix_it(world: World) -> None:
    active, on_roll = orphan_died(world)
    worker = logged_in(world.lengqi_worker)

    page = worker.get(reverse("crosscheck:finding_detail", args=[on_roll.pk]), **EN)

    html = page.content.decode()
    assert english(on_roll) in text_of(part(html, "explanation", "</p>"))
    facts = text_of(part(html, "facts"))
    with translation.override("en"):
        died, month = date_format(month_start()), date_format(month_start(), "YEAR_MONTH_FORMAT")
    assert f"Date of death {died} file active" in facts
    assert f"Roll months — {month}" in facts
    fixes = part(html, "fix-links", "</ul>")
    file_url = reverse("registry:person_detail", args=[world.orphan.pk])
    assert f'href="{file_url}"' in fixes
    assert f'href="{file_url}#archive"' in fixes
    assert f'href="{reverse("benefits:roll_list")}"' in fixes
    assert reverse("crosscheck:finding_resolve", args=[on_roll.pk]) in html
    assert f'name="version" value="{on_roll.version}"' in html
    # The read is in the access log
    read = AccessLog.objects.get(action=AuditAction.READ, object_type="crosscheck.finding")
    assert (read.user, read.object_id) == (world.lengqi_worker, str(on_roll.pk))
    # A viewer of the county reads it, with no form to resolve it
    viewer = factories.user(unit=world.region.county, role=Role.VIEWER, username="cc_viewer")
    seen = logged_in(viewer).get(reverse("crosscheck:finding_detail", args=[active.pk]), **EN)
    assert seen.status_code == 200
    assert reverse("crosscheck:finding_resolve", args=[active.pk]) not in seen.content.decode()
    assert "unit resolves it." in seen.content.decode()


def test_resolving_without_a_note_is_refused_and_with_one_closes_the_finding(
    world: World,
) -> None:
    (outsider,) = unregistered(world)
    worker = logged_in(world.lengqi_worker)
    url = reverse("crosscheck:finding_resolve", args=[outsider.pk])

    refused = worker.post(url, {"status": "not_error", "resolution": "  ", "version": "1"})

    assert refused.status_code == 400
    assert zh("Say how it was fixed, or why it is not an error.") in refused.content.decode()
    outsider.refresh_from_db()
    assert (outsider.status, outsider.resolution) == (FindingStatus.OPEN, "")
    stale = worker.post(url, {"status": "not_error", "resolution": "外县人", "version": "0"})
    assert stale.status_code == 400
    assert Finding.objects.get(pk=outsider.pk).status == FindingStatus.OPEN

    done = worker.post(
        url, {"status": "not_error", "resolution": "户籍在外县，名单有误", "version": "1"}
    )

    assert done.status_code == 302
    outsider.refresh_from_db()
    assert outsider.status == FindingStatus.NOT_ERROR
    assert (outsider.resolution, outsider.resolved_by) == (
        "户籍在外县，名单有误",
        world.lengqi_worker,
    )
    page = worker.get(done["Location"], **EN).content.decode()
    resolution = text_of(part(page, "resolution", "</section>"))
    assert "Not an error" in resolution and "户籍在外县，名单有误" in resolution
    assert world.lengqi_worker.full_name in resolution
    assert reverse("crosscheck:finding_resolve", args=[outsider.pk]) not in page


def test_check_again_closes_a_finding_fixed_on_the_file(world: World) -> None:
    active, on_roll = orphan_died(world)
    # The file archived (the re-check after the commit does not run in a test's transaction)
    person_archive(acting_user=world.lengqi_worker, person=world.orphan, reason="deceased")
    assert Finding.objects.get(pk=active.pk).status == FindingStatus.OPEN
    worker = logged_in(world.lengqi_worker)

    done = worker.post(reverse("crosscheck:findings_recheck"), follow=True, **EN)

    active.refresh_from_db()
    assert active.status == FindingStatus.FIXED
    assert active.fix_url == reverse("registry:person_detail", args=[world.orphan.pk])
    assert "1 finding was fixed meanwhile and is closed." in done.content.decode()
    # The roll is not generated again: its finding still holds
    assert Finding.objects.get(pk=on_roll.pk).status == FindingStatus.OPEN
    again = worker.post(reverse("crosscheck:findings_recheck"), follow=True, **EN)
    assert "Every open finding still holds: none was closed." in again.content.decode()
    # The resolved finding links to where it was fixed
    page = worker.get(reverse("crosscheck:finding_detail", args=[active.pk]), **EN)
    assert f'href="{active.fix_url}"' in part(page.content.decode(), "resolution", "</section>")


def test_the_file_gets_a_tab_of_its_findings_only_when_it_has_some(world: World) -> None:
    active, on_roll = orphan_died(world)
    worker = logged_in(world.lengqi_worker)
    tab = f"{reverse('registry:person_detail', args=[world.orphan.pk])}?tab=crosscheck"

    page = worker.get(tab, **EN).content.decode()

    panel = part(page, "person-findings")
    assert english(on_roll) in text_of(panel) and english(active) in text_of(panel)
    assert reverse("crosscheck:finding_detail", args=[on_roll.pk]) in panel
    healthy = worker.get(reverse("registry:person_detail", args=[world.healthy.pk]), **EN)
    assert "?tab=crosscheck" not in healthy.content.decode()
    assert f'href="{tab}"' in page


def _listed(client: Client) -> str:
    return client.get(reverse("crosscheck:index"), {"status": "all"}).content.decode()


def test_the_findings_list_runs_as_many_queries_for_one_finding_as_for_fifty(
    world: World,
) -> None:
    client = logged_in(world.lengqi_leader)
    (first,) = unregistered(world)
    _listed(client)  # warm the caches (content types) a server has warm
    with count_queries() as one:
        page = _listed(client)
    assert page.count("data-finding=") == 1
    orphan_died(world)
    unregistered(world, 48)  # 外人0 found again, 47 more
    Finding.objects.filter(pk=first.pk).update(status=FindingStatus.FIXED, resolution="已登记")

    with count_queries() as many:
        page = _listed(client)

    assert page.count("data-finding=") == 50
    assert_same_query_count(one, many)


def test_a_finding_of_every_kind_of_list_opens_with_its_facts(world: World) -> None:
    today = timezone.localdate().isoformat()
    lengqi, worker = world.region.lengqi, world.lengqi_worker
    upload(worker, lengqi, "deaths", [DEATHS, ["王晓芳", world.orphan.id_number, today]])
    upload(
        worker,
        lengqi,
        "disability",
        [DISABILITY, ["刘残", world.disabled.id_number, "肢体", "一级"]],
    )
    school = [
        ["姓名", "身份证号", "学校", "学籍状态"],
        ["陈留", world.child.id_number, "冷碛小学", "辍学"],
    ]
    upload(worker, lengqi, "school", school)
    upload(worker, lengqi, "dibao", [["姓名", "身份证号"], ["赵低", world.dibao.id_number]])
    moves = [
        ["姓名", "身份证号", "迁移日期", "迁往地"],
        ["孙明", world.healthy.id_number, today, "成都市"],
    ]
    upload(worker, lengqi, "hukou_moves", moves)
    client = logged_in(worker)
    found = {f.kind: f for f in Finding.objects.all()}
    assert set(found) >= {
        FindingKind.NAME_DIFFERS,
        FindingKind.DEATH_ACTIVE_FILE,
        FindingKind.DISABILITY_GRADE,
        FindingKind.SCHOOL_DROPPED_OUT,
        FindingKind.DIBAO_NOT_LISTED,
        FindingKind.MOVED_AWAY,
    }

    pages = {
        kind: client.get(reverse("crosscheck:finding_detail", args=[f.pk]), **EN)
        for kind, f in found.items()
    }

    for kind, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, kind
        assert english(found[kind]) in text_of(part(html, "explanation", "</p>")), kind
    facts = {kind: text_of(part(p.content.decode(), "facts")) for kind, p in pages.items()}
    assert "Name 王晓芳 王小芳" in facts[FindingKind.NAME_DIFFERS]
    assert (
        "Disability type and grade 肢体残疾一级 肢体残疾二级" in facts[FindingKind.DISABILITY_GRADE]
    )
    assert "School 冷碛小学" in facts[FindingKind.SCHOOL_DROPPED_OUT]
    assert "Moved to 成都市" in facts[FindingKind.MOVED_AWAY]
