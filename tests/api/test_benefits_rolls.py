"""Payment rolls through the API: generate, review, approve, lock, adjust; scoped and masked."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.test import Client
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.benefits.models import PaymentAccount, PaymentRoll, RollLine, RollStatus
from guanai.core.models import AccessLog, AuditAction
from tests.api.benefits_support import approved_roll, call, person, scattered_orphan
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries, assert_same_query_count, count_queries

MONTH = "2025-03"
ACCOUNT = "6217995610001234567"
# Token, memberships, the count and the page (names of unit and accounts joined).
ROLL_LIST_QUERIES = 4
# Token, memberships, the roll, the count and the page (person, account, unit, standard).
LINE_QUERIES = 5


def _generate(client: Client, headers: dict[str, str], unit_id: int, month: str = MONTH) -> dict:
    body = {"org_unit_id": unit_id, "month": month}
    response = call(client, "post", "/api/benefits/rolls", body, headers)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_worker_generates_a_roll_with_summary_and_gaps(
    region: Region, township_worker: User
) -> None:
    scattered_orphan(region.ganlusi, "王小芳")
    scattered_orphan(region.lengqi_school, "张小红")
    person(region.ganlusi, "李小明", ("orphan", {}))  # no support mode: a gap
    person(region.ganlusi, "陈大山", ("disabled", {"type": 5, "grade": 3}))

    roll = _generate(Client(), bearer(township_worker), region.lengqi.pk)

    assert roll["org_unit"] == {"id": region.lengqi.pk, "name": "冷碛镇"}
    assert (roll["month"], roll["status"], roll["locked"]) == (MONTH, "draft", False)
    assert (roll["lines_count"], roll["persons_count"], roll["total"]) == (3, 3, "1250.00")
    assert roll["generated_by"] == township_worker.get_full_name()
    assert [(s["item"], s["lines"], s["amount"]) for s in roll["summary"]] == [
        ("orphan_scattered", 2, "1200.00"),
        ("sunshine_home", 1, "50.00"),
    ]
    assert [g["person"]["name"] for g in roll["gaps"]] == ["李小明"]
    assert roll["accounts_missing"] == 3  # nobody has an account yet
    assert roll["gaps"][0]["reason"]


def test_lines_are_masked_and_name_the_standard(region: Region, township_worker: User) -> None:
    orphan = scattered_orphan(region.ganlusi)
    PaymentAccount.objects.create(
        person=orphan, bank="泸定县农村信用合作联社", account_number=ACCOUNT, holder="王奶奶"
    )
    headers = bearer(township_worker)
    roll = _generate(Client(), headers, region.lengqi.pk)

    response = Client().get(f"/api/benefits/rolls/{roll['id']}/lines", headers=headers)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    line = body["items"][0]
    assert line["person"] == {"id": orphan.pk, "name": "王小芳"}
    assert line["id_number_masked"] == orphan.id_number[:3] + "*" * 11 + orphan.id_number[-4:]
    assert (line["item"], line["kind"], line["rate"], line["amount"]) == (
        "orphan_scattered",
        "regular",
        "600.00",
        "600.00",
    )
    assert (line["bank"], line["account_masked"], line["holder"]) == (
        "泸定县农村信用合作联社",
        "****4567",
        "王奶奶",
    )
    assert line["source"]
    text = response.content.decode()
    assert ACCOUNT not in text and orphan.id_number not in text


def test_submit_approve_and_the_lock(
    region: Region, township_worker: User, county_leader: User
) -> None:
    scattered_orphan(region.ganlusi)
    worker, leader = bearer(township_worker), bearer(county_leader)
    roll = _generate(Client(), worker, region.lengqi.pk)
    base = f"/api/benefits/rolls/{roll['id']}"

    stale = call(Client(), "post", f"{base}/submit", {"version": roll["version"] + 5}, worker)
    assert stale.status_code == 409
    submitted = call(Client(), "post", f"{base}/submit", {"version": roll["version"]}, worker)
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    version = submitted.json()["version"]
    # A worker does not approve; a leader of a unit above does.
    assert (
        call(Client(), "post", f"{base}/approve", {"version": version}, worker).status_code == 403
    )
    approved = call(Client(), "post", f"{base}/approve", {"version": version}, leader)
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["locked"]) == ("approved", True)
    assert body["approved_by"] == county_leader.get_full_name()
    assert body["submitted_by"] == township_worker.get_full_name()

    # Nothing changes an approved roll through the API.
    version = body["version"]
    orphan = scattered_orphan(region.ganlusi, "刘小花")
    refusals = [
        call(
            Client(),
            "post",
            "/api/benefits/rolls",
            {"org_unit_id": region.lengqi.pk, "month": MONTH},
            worker,
        ),
        call(Client(), "post", f"{base}/submit", {"version": version}, worker),
        call(Client(), "post", f"{base}/approve", {"version": version}, leader),
        call(Client(), "post", f"{base}/return", {"note": "再查一遍"}, leader),
        call(
            Client(),
            "post",
            f"{base}/adjustments",
            {
                "person_id": orphan.pk,
                "item": "orphan_scattered",
                "amount": "600.00",
                "note": "补发",
            },
            worker,
        ),
    ]
    assert [r.status_code for r in refusals] == [400] * 5, [r.content for r in refusals]
    stored = PaymentRoll.objects.get()
    assert (stored.status, stored.version, stored.lines_count, str(stored.total)) == (
        RollStatus.APPROVED,
        version,
        1,
        "600.00",
    )
    assert RollLine.objects.count() == 1


def test_a_leader_returns_a_roll_with_a_note(
    region: Region, township_worker: User, county_leader: User
) -> None:
    scattered_orphan(region.ganlusi)
    worker, leader = bearer(township_worker), bearer(county_leader)
    roll = _generate(Client(), worker, region.lengqi.pk)
    base = f"/api/benefits/rolls/{roll['id']}"
    call(Client(), "post", f"{base}/submit", {"version": roll["version"]}, worker)

    assert call(Client(), "post", f"{base}/return", {"note": "核对"}, worker).status_code == 403
    empty = call(Client(), "post", f"{base}/return", {"note": "  "}, leader)
    assert empty.status_code == 400 and empty.json()["field"] == "note"
    returned = call(Client(), "post", f"{base}/return", {"note": "王小芳的账户待核实"}, leader)

    assert returned.status_code == 200, returned.content
    assert (returned.json()["status"], returned.json()["review_note"]) == (
        "draft",
        "王小芳的账户待核实",
    )
    # A draft again: it may be generated anew.
    again = _generate(Client(), worker, region.lengqi.pk)
    assert again["id"] == roll["id"] and again["version"] > roll["version"]


def test_bad_roll_input_is_refused(region: Region, township_worker: User) -> None:
    headers = bearer(township_worker)
    for month in ["2025-13", "2025-3", "March", "0000-01", ""]:
        body = {"org_unit_id": region.lengqi.pk, "month": month}
        assert call(Client(), "post", "/api/benefits/rolls", body, headers).status_code == 422
    far = {"org_unit_id": region.lengqi.pk, "month": "2099-01"}
    response = call(Client(), "post", "/api/benefits/rolls", far, headers)
    assert response.status_code == 400 and response.json()["field"] == "month"
    assert Client().get("/api/benefits/rolls?month=2025-13", headers=headers).status_code == 422
    assert Client().get("/api/benefits/rolls?status=paid", headers=headers).status_code == 422
    # A unit below one that has the month's roll: a person is on one roll a month.
    _generate(Client(), headers, region.lengqi.pk)
    below = {"org_unit_id": region.ganlusi.pk, "month": MONTH}
    assert call(Client(), "post", "/api/benefits/rolls", below, headers).status_code == 400
    assert PaymentRoll.objects.count() == 1


def test_rolls_are_scoped_and_viewers_only_read(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    scattered_orphan(region.ganlusi)
    roll = _generate(Client(), bearer(township_worker), region.lengqi.pk)
    base = f"/api/benefits/rolls/{roll['id']}"
    other = bearer(other_township_worker)

    for path in [base, f"{base}/lines"]:
        assert Client().get(path, headers=other).status_code == 404
        assert Client().get(path, headers=bearer(prefecture_viewer)).status_code == 200
    assert Client().get("/api/benefits/rolls", headers=other).json()["count"] == 0
    for action, body_sent in [
        ("submit", {"version": 1}),
        ("approve", {"version": 1}),
        ("return", {"note": "核对"}),
        ("adjustments", {"person_id": 1, "item": "orphan_scattered", "amount": "1", "note": "x"}),
    ]:
        response = call(Client(), "post", f"{base}/{action}", body_sent, other)
        assert response.status_code == 404, action
    body = {"org_unit_id": region.lengqi.pk, "month": "2025-04"}
    assert call(Client(), "post", "/api/benefits/rolls", body, other).status_code == 404
    viewer = bearer(prefecture_viewer)
    assert call(Client(), "post", "/api/benefits/rolls", body, viewer).status_code == 403
    submit = {"version": roll["version"]}
    assert call(Client(), "post", f"{base}/submit", submit, viewer).status_code == 403
    assert Client().get("/api/benefits/rolls", headers=bearer(school_helper)).status_code == 403
    assert PaymentRoll.objects.get().status == RollStatus.DRAFT


def test_list_filters(
    region: Region, township_worker: User, other_township_worker: User, county_leader: User
) -> None:
    scattered_orphan(region.ganlusi)
    approved_roll(township_worker, county_leader, region.lengqi, date(2025, 2, 1))
    _generate(Client(), bearer(township_worker), region.lengqi.pk, "2025-03")
    _generate(Client(), bearer(other_township_worker), region.xinglong.pk, "2025-03")
    headers = bearer(county_leader)

    def months(query: str) -> list[tuple[str, str]]:
        response = Client().get(f"/api/benefits/rolls{query}", headers=headers)
        assert response.status_code == 200, response.content
        return [(r["org_unit"]["name"], r["month"]) for r in response.json()["items"]]

    assert months("") == [("冷碛镇", "2025-03"), ("兴隆镇", "2025-03"), ("冷碛镇", "2025-02")]
    assert months(f"?org_unit={region.lengqi.pk}") == [("冷碛镇", "2025-03"), ("冷碛镇", "2025-02")]
    assert months("?month=2025-02") == [("冷碛镇", "2025-02")]
    assert months("?status=approved") == [("冷碛镇", "2025-02")]
    assert months("?status=draft&org_unit=" + str(region.xinglong.pk)) == [("兴隆镇", "2025-03")]


def test_an_adjustment_corrects_an_approved_line_in_a_later_roll(
    region: Region, township_worker: User, county_leader: User
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    earlier = approved_roll(township_worker, county_leader, region.lengqi, date(2025, 2, 1))
    paid = RollLine.objects.get(roll=earlier)
    headers = bearer(township_worker)
    roll = _generate(Client(), headers, region.lengqi.pk, "2025-03")
    url = f"/api/benefits/rolls/{roll['id']}/adjustments"
    body = {
        "person_id": orphan.pk,
        "item": "orphan_scattered",
        "amount": "-600.00",
        "note": "2月重复发放，收回",
        "adjusts_id": paid.pk,
    }

    bad = [
        (body | {"adjusts_id": None}, 400, "adjusts_id"),  # taking back names the line
        (body | {"amount": "-700.00"}, 400, "amount"),  # more than it paid
        (body | {"amount": "0"}, 400, "amount"),
        (body | {"note": ""}, 400, "note"),
        (body | {"adjusts_id": 999999}, 400, "adjusts_id"),
        (body | {"amount": -600.0}, 400, "amount"),  # a JSON number: the fen may be lost
        (body | {"item": "medical_ratio"}, 422, None),
    ]
    for sent, status, field in bad:
        response = call(Client(), "post", url, sent, headers)
        assert response.status_code == status, (sent, response.content)
        if field:
            assert response.json()["field"] == field, sent
    response = call(Client(), "post", url, body, headers)

    assert response.status_code == 201, response.content
    line = response.json()
    assert (line["kind"], line["amount"], line["adjusts_id"]) == ("adjustment", "-600.00", paid.pk)
    detail = Client().get(f"/api/benefits/rolls/{roll['id']}", headers=headers).json()
    assert detail["total"] == "0.00"  # this month's 600 and the 600 taken back
    assert detail["lines_count"] == 2


def test_an_adjustment_for_a_person_of_another_township_is_not_found(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    scattered_orphan(region.ganlusi)
    stranger = scattered_orphan(region.shencun, "沈小燕")
    roll = _generate(Client(), bearer(township_worker), region.lengqi.pk)
    body = {
        "person_id": stranger.pk,
        "item": "orphan_scattered",
        "amount": "600.00",
        "note": "补发",
    }
    url = f"/api/benefits/rolls/{roll['id']}/adjustments"
    assert call(Client(), "post", url, body, bearer(township_worker)).status_code == 404
    assert call(Client(), "post", url, body, bearer(other_township_worker)).status_code == 404
    assert RollLine.objects.filter(kind="adjustment").count() == 0


def test_roll_list_queries_do_not_grow(
    region: Region, township_worker: User, county_leader: User
) -> None:
    headers = bearer(county_leader)

    def add_rolls(months: range) -> None:
        PaymentRoll.objects.bulk_create(
            PaymentRoll(
                org_unit=region.lengqi,
                month=date(2020 + m // 12, m % 12 + 1, 1),
                generated_by=township_worker,
                submitted_by=township_worker,
                approved_by=county_leader,
            )
            for m in months
        )

    add_rolls(range(1))
    Client().get("/api/benefits/rolls", headers=headers)  # the token's first use stamps it
    with count_queries() as small, assert_num_queries(ROLL_LIST_QUERIES):
        response = Client().get("/api/benefits/rolls", headers=headers)
    assert response.json()["count"] == 1
    add_rolls(range(1, 50))
    with count_queries() as large:
        response = Client().get("/api/benefits/rolls", headers=headers)
    assert len(response.json()["items"]) == 50
    assert_same_query_count(small, large)


def test_line_list_queries_do_not_grow(region: Region, township_worker: User) -> None:
    headers = bearer(township_worker)
    first = scattered_orphan(region.ganlusi, "孤儿0")
    PaymentAccount.objects.create(person=first, bank="信用社", account_number=ACCOUNT, holder="甲")
    small_roll = _generate(Client(), headers, region.lengqi.pk, "2025-03")
    url = f"/api/benefits/rolls/{small_roll['id']}/lines"
    Client().get(url, headers=headers)  # the token's first use stamps it
    with count_queries() as small, assert_num_queries(LINE_QUERIES):
        assert Client().get(url, headers=headers).json()["count"] == 1
    for n in range(1, 50):
        orphan = scattered_orphan(region.ganlusi, f"孤儿{n}")
        PaymentAccount.objects.create(
            person=orphan, bank="信用社", account_number=f"62179956{n:08d}", holder="甲"
        )
    large_roll = _generate(Client(), headers, region.lengqi.pk, "2025-04")
    url = f"/api/benefits/rolls/{large_roll['id']}/lines"
    with count_queries() as large:
        assert len(Client().get(url, headers=headers).json()["items"]) == 50
    assert_same_query_count(small, large)


def test_the_export_is_masked_unless_asked_and_allowed_and_audited(
    region: Region, township_worker: User, prefecture_viewer: User, other_township_worker: User
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    PaymentAccount.objects.create(
        person=orphan, bank="泸定县农村信用合作联社", account_number=ACCOUNT, holder="王奶奶"
    )
    roll = _generate(Client(), bearer(township_worker), region.lengqi.pk)
    url = f"/api/benefits/rolls/{roll['id']}/export"

    def export(account: User, **body: Any) -> Any:
        body = {"purpose": "发放到银行", **body}
        headers = bearer(account)
        return Client().post(url, body, content_type="application/json", headers=headers)

    masked = export(prefecture_viewer)
    full = export(township_worker, full_numbers=True)

    assert masked.status_code == 200, masked.content
    assert masked["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in masked["Content-Disposition"]
    assert full.status_code == 200

    def cells(response: Any) -> list[Any]:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
        return [cell for row in rows.to_python() for cell in row]

    assert ACCOUNT not in cells(masked) and "****4567" in cells(masked)
    assert ACCOUNT in cells(full) and orphan.id_number in cells(full)
    # A viewer may not have the full numbers; another township not the roll at all.
    refused = export(prefecture_viewer, full_numbers=True)
    assert refused.status_code == 403
    assert export(other_township_worker).status_code == 404
    exports = AccessLog.objects.filter(action=AuditAction.EXPORT, object_type="payment_roll")
    assert [e.detail["filters"]["full_numbers"] for e in exports.order_by("pk")] == [False, True]
    assert {e.detail["purpose"] for e in exports} == {"发放到银行"}
    # A GET (a link, a crawler) exports nothing; nor does a POST without a purpose.
    assert Client().get(url, headers=bearer(township_worker)).status_code == 405
    chinese = {**bearer(township_worker), "Accept-Language": "zh-hans"}
    empty = Client().post(
        url,
        {"purpose": " ", "full_numbers": True},
        content_type="application/json",
        headers=chinese,
    )
    assert empty.status_code == 400
    assert empty.json()["detail"] == "请填写用途：说明为什么需要这些号码或这份名单。"
    assert exports.count() == 2
