"""The lists pages: uploading a list from the page (and a bad one refused with nothing stored),
the lists compared, one list with its rejected rows, and its findings beside the previous
upload of its kind."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog, AuditAction
from guanai.crosscheck.findings import finding_resolve
from guanai.crosscheck.lists import list_folder
from guanai.crosscheck.models import CheckList, Finding, FindingKind, FindingStatus, ListRow
from tests import factories
from tests.conftest import logged_in
from tests.crosscheck.support import World, csv_bytes, outsider_id, upload
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DEATHS = ["姓名", "公民身份号码", "死亡日期"]
DIBAO = ["姓名", "身份证号", "户主", "保障金额"]


def text_of(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def part(html: str, testid: str, end: str = "</table>") -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


def findings_in(html: str, testid: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-finding="(\d+)"', part(html, testid))}


def zh(message: str, **params: object) -> str:
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def form(unit: int, rows: list[list[str]], name: str = "deaths.csv", **values: str) -> dict:
    return {
        "org_unit": str(unit),
        "kind": "deaths",
        "source": "县公安局",
        "purpose": "月度死亡比对",
        "as_of": timezone.localdate().isoformat(),
        "file": SimpleUploadedFile(name, csv_bytes(rows)),
        **values,
    }


def stored_files() -> set[str]:
    folder = list_folder()
    return {str(p) for p in folder.iterdir()} if folder.exists() else set()


def test_a_worker_uploads_a_list_and_reads_its_counts_and_rejected_rows(world: World) -> None:
    worker = logged_in(world.lengqi_worker)
    url = reverse("crosscheck:list_upload")
    page = worker.get(url, **EN).content.decode()
    # Below the form, the headers each kind of list accepts
    deaths = page.split('data-kind="deaths"', 1)[1].split("</table>", 1)[0]
    assert "公民身份号码" in deaths and "死亡日期" in deaths
    assert "学籍状态" in page.split('data-kind="school"', 1)[1].split("</table>", 1)[0]
    died = timezone.localdate().isoformat()
    rows = [
        DEATHS,
        ["王小芳", world.orphan.id_number, died],
        ["坏行", "51332219750404000", died],  # 17 digits
        ["周奶奶", world.other.id_number, died],  # 兴隆镇: counted, never shown
    ]

    done = worker.post(url, form(world.region.lengqi.pk, rows), **EN)

    check_list = CheckList.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("crosscheck:list_detail", args=[check_list.pk])
    html = worker.get(done["Location"], **EN).content.decode()
    counts = text_of(part(html, "counts", "</ul>"))
    assert "Rows： 3" in counts and "Rejected： 1" in counts and "Matched： 1" in counts
    assert "Outside the unit： 1" in counts
    rejects = text_of(part(html, "rejects"))
    assert "3 ID number" in rejects and "18 characters" in rejects
    assert "51332219750404000" not in html
    assert "周奶奶" not in html
    new = findings_in(html, "new")
    assert new == set(Finding.objects.filter(person=world.orphan).values_list("pk", flat=True))
    assert "This is the unit" in text_of(part(html, "no-previous", "</p>"))
    read = AccessLog.objects.get(action=AuditAction.READ, object_type="crosscheck.checklist")
    assert (read.user, read.object_id) == (world.lengqi_worker, str(check_list.pk))
    # And the lists page shows it, with its counts and uploader
    index = worker.get(reverse("crosscheck:list_index"), **EN).content.decode()
    row = text_of(index.split(f'data-list="{check_list.pk}"', 1)[1].split("</tr>", 1)[0])
    assert "Deaths" in row and "县公安局" in row and world.lengqi_worker.full_name in row
    assert "rows deleted" not in row


def test_a_bad_file_or_field_is_refused_with_its_message_and_nothing_stored(
    world: World,
) -> None:
    worker = logged_in(world.lengqi_worker)
    url = reverse("crosscheck:list_upload")
    good = [DEATHS, ["王小芳", world.orphan.id_number, timezone.localdate().isoformat()]]
    files = stored_files()

    wrong_type = worker.post(url, form(world.region.lengqi.pk, good, name="deaths.txt"))
    no_column = worker.post(url, form(world.region.lengqi.pk, [["姓名", "身份证号"], ["甲", "1"]]))
    no_source = worker.post(url, form(world.region.lengqi.pk, good, source=" "))
    no_kind = worker.post(url, form(world.region.lengqi.pk, good, kind=""))

    assert wrong_type.status_code == 400
    assert "不支持的文件类型“.txt”" in wrong_type.content.decode()
    assert no_column.status_code == 400
    assert "死亡日期" in no_column.content.decode()
    assert no_source.status_code == 400
    assert zh("Say which agency issued the list.") in no_source.content.decode()
    assert no_kind.status_code == 400
    assert zh("Choose the kind of list.") in no_kind.content.decode()
    assert CheckList.objects.count() == 0
    assert ListRow.objects.count() == 0
    assert Finding.objects.count() == 0
    assert not AccessLog.objects.filter(action=AuditAction.CROSSCHECK_UPLOAD).exists()
    assert stored_files() == files


def test_who_may_upload_and_read_a_list(world: World, school_helper: User) -> None:
    listed = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "deaths",
        [DEATHS, ["王小芳", world.orphan.id_number, timezone.localdate().isoformat()]],
    )
    detail = reverse("crosscheck:list_detail", args=[listed.pk])
    viewer = logged_in(
        factories.user(unit=world.region.county, role=Role.VIEWER, username="cc_viewer")
    )
    # Another township's worker and a helper: as if the list did not exist
    assert logged_in(world.xinglong_worker).get(detail).status_code == 404
    assert logged_in(school_helper).get(detail).status_code == 404
    assert logged_in(school_helper).get(reverse("crosscheck:list_index")).status_code == 403
    other = logged_in(world.xinglong_worker).get(reverse("crosscheck:list_index")).content
    assert f'data-list="{listed.pk}"'.encode() not in other
    # A viewer of the county reads it, and uploads nothing
    assert viewer.get(detail).status_code == 200
    assert viewer.get(reverse("crosscheck:list_upload")).status_code == 403
    index = viewer.get(reverse("crosscheck:list_index")).content.decode()
    assert f'data-list="{listed.pk}"' in index
    assert reverse("crosscheck:list_upload") not in index
    # A worker chooses only the units they work for
    page = logged_in(world.lengqi_worker).get(reverse("crosscheck:list_upload")).content.decode()
    assert f'value="{world.region.lengqi.pk}"' in page
    assert f'value="{world.region.xinglong.pk}"' not in page
    refused = logged_in(world.lengqi_worker).post(
        reverse("crosscheck:list_upload"), form(world.region.xinglong.pk, [DEATHS])
    )
    assert refused.status_code == 400
    assert CheckList.objects.count() == 1


def test_the_next_upload_shows_what_is_new_found_again_resolved_and_still_open(
    world: World,
) -> None:
    outsider = outsider_id(sequence=321)
    # Given a first dibao list: 赵低 listed (in the category), 孙明 listed (not in it), an
    # unregistered person of the area listed, and 钱低 (in the category) missing from it
    first = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "dibao",
        [
            DIBAO,
            ["赵低", world.dibao.id_number, "赵低", "300"],
            ["孙明", world.healthy.id_number, "孙明", "280"],
            ["外来", outsider, "外来", "260"],
        ],
    )
    healthy = Finding.objects.get(person=world.healthy, kind=FindingKind.DIBAO_CATEGORY)
    gone = Finding.objects.get(person=world.dibao_gone, kind=FindingKind.DIBAO_NOT_LISTED)
    stranger = Finding.objects.get(kind=FindingKind.DIBAO_UNREGISTERED)
    # 孙明's finding resolved by hand before the next list
    finding_resolve(
        acting_user=world.lengqi_worker,
        finding=healthy,
        status=FindingStatus.NOT_ERROR,
        note="已核实，系同名",
        version=healthy.version,
    )
    # When the next dibao list comes: 赵低 and 刘残 (not in the category) listed
    second = upload(
        world.lengqi_worker,
        world.region.lengqi,
        "dibao",
        [
            DIBAO,
            ["赵低", world.dibao.id_number, "赵低", "300"],
            ["刘残", world.disabled.id_number, "刘残", "300"],
        ],
    )
    disabled = Finding.objects.get(person=world.disabled, kind=FindingKind.DIBAO_CATEGORY)
    worker = logged_in(world.lengqi_leader)

    html = worker.get(reverse("crosscheck:list_detail", args=[second.pk]), **EN).content.decode()

    assert findings_in(html, "new") == {disabled.pk}
    assert findings_in(html, "again") == {gone.pk}
    assert findings_in(html, "resolved") == {healthy.pk}
    assert findings_in(html, "still-open") == {stranger.pk}
    resolved = text_of(part(html, "resolved"))
    assert "孙明" in resolved and "Not an error" in resolved
    # The first list, seen now: everything it found is new, nothing before it
    html = worker.get(reverse("crosscheck:list_detail", args=[first.pk]), **EN).content.decode()
    assert findings_in(html, "new") == {healthy.pk, gone.pk, stranger.pk}
    assert 'data-testid="no-previous"' in html


def test_the_lists_page_runs_as_many_queries_for_one_list_as_for_many(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    rows = [DEATHS, ["王小芳", world.orphan.id_number, timezone.localdate().isoformat()]]
    upload(world.lengqi_worker, world.region.lengqi, "deaths", rows)
    url = reverse("crosscheck:list_index")
    client.get(url)
    with count_queries() as one:
        client.get(url)
    for _n in range(9):
        upload(world.lengqi_leader, world.region.lengqi, "deaths", rows)

    with count_queries() as many:
        page = client.get(url).content.decode()

    assert page.count("data-list=") == 10
    assert_same_query_count(one, many)
