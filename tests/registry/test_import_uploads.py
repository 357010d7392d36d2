"""Uploads that no import should read: bombs and disguised files answer 400 with the form
and a Chinese message, three at once leave the server serving (issue 12, points 1 and 11)."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.registry.models import Person, RosterImport
from tests.conftest import Region, logged_in
from tests.sheets import bombs


def _post(
    client: Client, region: Region, data: bytes, name: str = "花名册.xlsx"
) -> tuple[int, str]:
    response = client.post(
        reverse("registry:roster_import"),
        {"org_unit": region.lengqi.pk, "kind": "general", "file": SimpleUploadedFile(name, data)},
    )
    return response.status_code, response.content.decode()


def test_a_far_cell_is_refused_with_400_and_the_form(region: Region, township_worker: User) -> None:
    status, page = _post(logged_in(township_worker), region, bombs.far_cell(1048575, 19))
    assert status == 400
    assert "第 1,048,576 行" in page and "is-invalid" in page and 'name="file"' in page
    assert not RosterImport.objects.exists()


def test_a_renamed_picture_is_not_a_workbook(region: Region, township_worker: User) -> None:
    status, page = _post(logged_in(township_worker), region, bombs.PNG)
    assert status == 400
    assert "不是 Excel 工作簿" in page


def test_an_empty_form_answers_400(township_worker: User) -> None:
    response = logged_in(township_worker).post(reverse("registry:roster_import"), {})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_three_bombs_at_once_leave_the_server_serving(
    region: Region, township_worker: User
) -> None:
    files = [bombs.far_cell(1048575, 19), bombs.compressed_sheet(130_000), bombs.PNG]
    statuses: list[int] = []

    def upload(data: bytes) -> None:
        try:
            client = Client()
            client.force_login(township_worker)
            statuses.append(_post(client, region, data)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [400, 400, 400]
    # The same server still serves a good upload.
    status, _page = _post(
        logged_in(township_worker),
        region,
        "姓名,身份证号\n张三,513322201503041234\n".encode(),
        "a.csv",
    )
    assert status == 200
    assert not Person.objects.exists()
