"""The org import pages (issue 12, point 8): a file is checked first and the preview shows
what would be created and the row errors; nothing is written until Import; a large file is
checked and imported by the background worker with its progress; files are the app's alone."""

from __future__ import annotations

import stat
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from guanai.accounts import org_import_jobs
from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgImport, OrgImportStatus, OrgUnit
from tests import factories
from tests.conftest import Region, logged_in
from tests.sheets import bombs

SHEET = (
    "代码,名称,类型,上级代码\n"
    "513322101203,新华村,村,513322101000\n"
    "513322102203,越界村,村,513322102000\n"
    f"513322101204,{'长' * 500},村,513322101000\n"
)


def _upload(client: Client, data: bytes, name: str = "村.csv") -> object:
    return client.post(
        reverse("accounts:org_import"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def _admin(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.SYSADMIN)


def test_the_preview_shows_what_would_be_created_and_the_row_errors_and_writes_nothing(
    region: Region,
) -> None:
    client = logged_in(_admin(region))
    before = OrgUnit.objects.count()
    response = _upload(client, SHEET.encode("gb18030"))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert OrgUnit.objects.count() == before
    assert "待新建1个，未变0个，拒绝2行" in page
    assert "新华村" in page
    assert "上级单位不在您管理的范围内" in page
    assert "名称有 500 个字，最多只能 100 个字。" in page
    job = OrgImport.objects.get()
    assert job.status == OrgImportStatus.CHECKED
    # Import: the good row is written, the others never.
    page = client.post(
        reverse("accounts:org_import_commit", args=[job.token]), follow=True
    ).content.decode()
    assert "新建1个，未变0个，拒绝2行" in page
    assert OrgUnit.objects.filter(name="新华村", parent=region.lengqi).exists()
    assert not OrgUnit.objects.filter(name="越界村").exists()
    assert not OrgUnit.objects.filter(name__startswith="长长").exists()
    job.refresh_from_db()
    assert job.status == OrgImportStatus.DONE and job.upload_path == ""
    # Pressing Import again does nothing more.
    client.post(reverse("accounts:org_import_commit", args=[job.token]))
    assert OrgUnit.objects.count() == before + 1


def test_a_large_file_is_checked_and_imported_in_the_background_with_progress(
    region: Region,
) -> None:
    client = logged_in(_admin(region))
    rows = "".join(f"5133221012{n:02d},第{n}村,村,513322101000\n" for n in range(10, 60))
    org_import_jobs.BACKGROUND_ROWS = 10
    try:
        page = _upload(client, ("代码,名称,类型,上级代码\n" + rows).encode()).content.decode()  # type: ignore[attr-defined]
    finally:
        org_import_jobs.BACKGROUND_ROWS = 200
    # The test settings run tasks at once (ImmediateBackend); the worker does the same later.
    job = OrgImport.objects.get()
    assert (job.status, job.created, job.rows, job.done, job.percent) == (
        OrgImportStatus.CHECKED,
        50,
        50,
        50,
        100,
    )
    assert "待新建50个" in page
    progress = client.get(reverse("accounts:org_import_progress", args=[job.token]))
    assert progress["HX-Refresh"] == "true"
    # While a stage runs, the page polls its progress.
    OrgImport.objects.filter(pk=job.pk).update(
        status=OrgImportStatus.RUNNING, stage="write", done=25
    )
    page = client.get(reverse("accounts:org_import_job", args=[job.token])).content.decode()
    assert 'value="50"' in page and "正在写入第 25 行，共 50 行" in page
    fragment = client.get(reverse("accounts:org_import_progress", args=[job.token]))
    assert "HX-Refresh" not in fragment
    OrgImport.objects.filter(pk=job.pk).update(status=OrgImportStatus.CHECKED, stage="check")
    # What the Import button does, outside a request: the test settings would run the task
    # inside the request, where django-zeal counts the unit-by-unit creates as N+1.
    job.refresh_from_db()
    org_import_jobs.commit(job)
    job.refresh_from_db()
    assert (job.status, job.created) == (OrgImportStatus.DONE, 50)
    assert OrgUnit.objects.filter(name__endswith="村", parent=region.lengqi).count() >= 50


def test_the_upload_is_the_apps_alone_and_deleted_after_a_day_if_never_imported(
    region: Region,
) -> None:
    client = logged_in(_admin(region))
    _upload(client, SHEET.encode("gb18030"))
    job = OrgImport.objects.get()
    path = Path(job.upload_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    OrgImport.objects.filter(pk=job.pk).update(
        created_at=job.created_at - org_import_jobs.KEEP_UPLOADS
    )
    assert org_import_jobs.purge_files() == 1
    assert not path.exists()


def test_a_bad_file_answers_400_with_the_form(region: Region) -> None:
    client = logged_in(_admin(region))
    for data, name, message in [
        (bombs.far_cell(1048575, 19), "units.xlsx", "第 1,048,576 行"),
        (bombs.PNG, "units.xlsx", "不是 Excel 工作簿"),
        ("名称,上级代码\n新华村,513322101000\n".encode(), "units.csv", "类型"),
    ]:
        response = client.post(
            reverse("accounts:org_import"), {"file": SimpleUploadedFile(name, data)}
        )
        assert response.status_code == 400
        assert message in response.content.decode() and 'name="file"' in response.content.decode()
    assert client.post(reverse("accounts:org_import"), {}).status_code == 400
    assert not OrgImport.objects.exists()


def test_another_admins_job_is_404_and_a_worker_may_not_import(
    region: Region, county_sysadmin: User, township_worker: User
) -> None:
    _upload(logged_in(_admin(region)), SHEET.encode("gb18030"))
    job = OrgImport.objects.get()
    other = logged_in(county_sysadmin)
    assert other.get(reverse("accounts:org_import_job", args=[job.token])).status_code == 404
    assert other.post(reverse("accounts:org_import_commit", args=[job.token])).status_code == 404
    worker = logged_in(township_worker)
    assert worker.get(reverse("accounts:org_import")).status_code == 403
    assert worker.get(reverse("accounts:org_import_job", args=[job.token])).status_code == 403
    assert not OrgUnit.objects.filter(name="新华村").exists()


def test_a_long_file_name_is_kept_whole(region: Region) -> None:
    # A long name is the clerk's computer's, not the clerk's error: neither refused nor cut.
    name = "乡镇" * 120 + ".csv"  # 244 characters; the column held 200
    _upload(logged_in(_admin(region)), SHEET.encode("gb18030"), name=name)
    assert OrgImport.objects.get().file_name == name
