"""The case file page (档案): tabs, categories with details, contacts, guardianship, history."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.idnumber import make_id
from guanai.core.masking import mask_phone
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.importing import roster_import
from guanai.registry.models import Contact, Person, PersonCategory
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

ID = make_id("513322", date(2014, 6, 1), 246)
GUARDIAN_ID = make_id("513322", date(1960, 3, 8), 44)
MESSY = Path(__file__).resolve().parents[1] / "data" / "roster_messy.xlsx"


def zh(message: str, **params: object) -> str:
    """Return ``message`` as the page shows it in Chinese (whatever the catalogue has)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def page_of(client: Client, person: Person, tab: str = "") -> str:
    url = reverse("registry:person_detail", args=[person.pk])
    response = client.get(url, {"tab": tab} if tab else {})
    assert response.status_code == 200
    return response.content.decode()


def _squash(text: str) -> str:
    return " ".join(text.split())


def tab_url(person: Person, tab: str) -> str:
    return f"{reverse('registry:person_detail', args=[person.pk])}?tab={tab}"


@pytest.fixture
def child(region: Region, township_worker: User) -> Person:
    """A child of 冷碛镇 with an ID number and no category yet."""
    return factories.person(region.lengqi, "张小花", by=township_worker, id_number=ID)


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    """A left-behind pupil with a grandmother as guardian and a father working away."""
    return factories.pupil(
        township_worker, region.lengqi_school, "王小明", 11, categories=("left_behind",)
    )


@pytest.fixture
def township_leader(region: Region) -> User:
    return factories.user(
        unit=region.lengqi, role=Role.LEADER, username="lengqi_leader", full_name="李镇长"
    )


# --- Tabs ------------------------------------------------------------------------------


def test_the_file_opens_on_basic_information_and_each_tab_shows_its_part(
    pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    basic = page_of(client, pupil)
    assert 'data-testid="id-number"' in basic
    assert f'href="{tab_url(pupil, "family")}"' in basic
    assert f'href="{tab_url(pupil, "categories")}"' in basic
    assert "王奶奶" not in basic  # the contacts are on the family tab
    family = page_of(client, pupil, "family")
    assert "王奶奶（祖母）" in family and "王爸爸（父亲）" in family
    assert "广东东莞" in family
    assert mask_phone("13912340011") in family and "13912340011" not in family
    assert 'data-testid="id-number"' not in family
    categories = page_of(client, pupil, "categories")
    assert 'data-testid="category-left_behind"' in categories
    # An unknown tab is the basic one.
    assert 'data-testid="id-number"' in page_of(client, pupil, "nonsense")


def test_history_tab_is_only_for_leaders(
    pupil: Person, township_worker: User, township_leader: User, prefecture_viewer: User
) -> None:
    for reader in (township_worker, prefecture_viewer):
        page = page_of(logged_in(reader), pupil, "history")
        assert 'data-testid="tab-history"' not in page
        assert 'data-testid="history"' not in page
        assert 'data-testid="id-number"' in page
    assert not AccessLog.objects.filter(detail__tab="history").exists()
    page = page_of(logged_in(township_leader), pupil, "history")
    assert 'data-testid="history"' in page
    read = AccessLog.objects.get(detail__tab="history")
    assert (read.user, read.action, read.object_id) == (
        township_leader,
        AuditAction.READ,
        str(pupil.pk),
    )


def test_a_leader_of_another_township_cannot_open_the_file(region: Region, pupil: Person) -> None:
    stranger = factories.user(unit=region.xinglong, role=Role.LEADER)
    url = reverse("registry:person_detail", args=[pupil.pk])
    assert logged_in(stranger).get(url, {"tab": "history"}).status_code == 404


# --- Categories ------------------------------------------------------------------------


def test_adding_a_left_behind_category_asks_for_its_details(
    child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:category_add", args=[child.pk])
    # Given the chooser, when the worker picks 留守儿童, the form asks for its details.
    chooser = client.get(url).content.decode()
    assert 'name="category"' in chooser and 'name="away"' not in chooser
    form = client.get(url, {"category": "left_behind"}).content.decode()
    for name in ("started_on", "away", "away_at", "since", "last_contact", "guardianship"):
        assert f'name="{name}"' in form
    assert 'name="certificate_suffix"' not in form
    # When the form is sent, the category starts with its details.
    response = client.post(
        f"{url}?category=left_behind",
        {
            "started_on": "2025-09-01",
            "away": "both",
            "away_at": " 浙江 义乌 ",
            "since": "2024-02-15",
            "last_contact": "2026-11-20",
            "note": "寄住在外婆家",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == tab_url(child, "categories")
    entry = PersonCategory.objects.get(person=child)
    assert (entry.category, entry.started_on, entry.note) == (
        "left_behind",
        date(2025, 9, 1),
        "寄住在外婆家",
    )
    assert entry.details == {
        "away": "both",
        "away_at": "浙江 义乌",
        "since": "2024-02-15",
        "last_contact": "2026-11-20",
    }
    page = page_of(client, child, "categories")
    for shown in (
        zh("Both parents"),
        "浙江 义乌",
        "2024-02-15",
        zh("Parent(s) away"),
        "寄住在外婆家",
    ):
        assert shown in page
    # The category is open now, so the chooser no longer offers it.
    again = client.get(url, {"category": "left_behind"}).content.decode()
    assert 'name="away"' not in again and "is-invalid" in again


def test_bad_details_are_shown_next_to_the_field_and_nothing_is_saved(
    child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:category_add", args=[child.pk]) + "?category=left_behind"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"started_on": "2025-09-01", "last_contact": tomorrow})
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page
    assert zh("This date is in the future.") in page
    assert not PersonCategory.objects.exists()


def test_a_whole_disability_certificate_keeps_only_what_follows_the_id(
    child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:category_add", args=[child.pk]) + "?category=disabled"
    other = make_id("513322", date(2014, 6, 1), 248)
    wrong = client.post(url, {"started_on": "2025-09-01", "certificate_suffix": f"{other}42"})
    assert wrong.status_code == 200
    assert "is-invalid" in wrong.content.decode()
    assert not PersonCategory.objects.exists()
    client.post(
        url, {"started_on": "2025-09-01", "certificate_suffix": f"{ID}42", "type": "", "grade": ""}
    )
    entry = PersonCategory.objects.get(person=child)
    assert entry.details == {"certificate_suffix": "42", "type": 4, "grade": 2}
    page = page_of(client, child, "categories")
    assert ID not in page
    assert zh("Physical disability") in page and zh("Grade 2") in page


def test_details_are_edited_and_a_category_ends_keeping_its_history(
    pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    entry = pupil.categories.get()
    edit = reverse("registry:category_edit", args=[pupil.pk, entry.pk])
    assert 'name="away"' in client.get(edit).content.decode()
    client.post(edit, {"away": "father", "away_at": "广东东莞", "note": "父亲每月来电"})
    entry.refresh_from_db()
    assert entry.details == {"away": "father", "away_at": "广东东莞"}
    assert entry.note == "父亲每月来电"
    end = reverse("registry:category_end", args=[pupil.pk, entry.pk])
    # An end date before the start is refused on the form.
    early = client.post(end, {"ended_on": "2020-01-01"})
    assert early.status_code == 200 and "is-invalid" in early.content.decode()
    entry.refresh_from_db()
    assert entry.ended_on is None
    response = client.post(end, {"ended_on": "2026-11-01"})
    assert response["Location"] == tab_url(pupil, "categories")
    entry.refresh_from_db()
    assert entry.ended_on == date(2026, 11, 1)
    page = page_of(client, pupil, "categories")
    assert "2026年11月1日" in page and zh("ended") in page
    # An ended category cannot be ended again; a new span can begin.
    assert client.post(end, {"ended_on": "2026-11-02"}).status_code == 404
    services.category_start(
        acting_user=township_worker, person=pupil, category="left_behind", on=date(2026, 11, 5)
    )
    assert pupil.categories.count() == 2


def test_a_category_without_details_of_its_own_keeps_a_note(
    child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:category_add", args=[child.pk]) + "?category=dibao"
    form = client.get(url).content.decode()
    assert 'name="note"' in form and 'name="support"' not in form
    client.post(url, {"started_on": "2025-01-01", "note": "2025年纳入低保"})
    entry = PersonCategory.objects.get(person=child)
    assert (entry.details, entry.note) == ({}, "2025年纳入低保")


# --- Guardianship ----------------------------------------------------------------------


def test_guardianship_of_a_left_behind_child_is_assessed(
    pupil: Person, child: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:guardianship_assess", args=[pupil.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = client.post(url, {"guardianship": "poor", "guardianship_assessed_on": future})
    assert (
        refused.status_code == 200 and zh("This date is in the future.") in refused.content.decode()
    )
    response = client.post(url, {"guardianship": "poor", "guardianship_assessed_on": "2026-11-10"})
    assert response["Location"] == tab_url(pupil, "family")
    details = pupil.categories.get().details
    assert details["guardianship"] == "poor"
    assert details["guardianship_assessed_on"] == "2026-11-10"
    family = page_of(client, pupil, "family")
    shown = re.search(r'data-testid="guardianship">(.*?)</p>', family, re.DOTALL)
    assert shown is not None
    assert f">{zh('Poor')}</span>" in shown[1] and "2026-11-10" in shown[1]
    # A child who is not left behind has no assessment.
    other = client.get(reverse("registry:guardianship_assess", args=[child.pk]), follow=True)
    assert other.redirect_chain[-1][0] == tab_url(child, "family")
    with pytest.raises(ValidationFailed):
        services.guardianship_assess(
            acting_user=township_worker, person=child, result="good", on=date(2026, 11, 1)
        )


# --- Contacts --------------------------------------------------------------------------


def test_contacts_are_added_corrected_and_removed(child: Person, township_worker: User) -> None:
    client = logged_in(township_worker)
    add = reverse("registry:contact_add", args=[child.pk])
    bad = client.post(add, {"kind": "parent", "name": "张大山", "phone": "12345"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert not Contact.objects.exists()
    response = client.post(
        add,
        {
            "kind": "parent",
            "name": "张大山",
            "relation": "父亲",
            "phone": "139 1234 5678",
            "works_away_at": "浙江义乌",
            "id_number": GUARDIAN_ID.lower(),
        },
    )
    assert response["Location"] == tab_url(child, "family")
    contact = Contact.objects.get()
    assert (contact.phone, contact.id_number, contact.is_guardian) == (
        "13912345678",
        GUARDIAN_ID,
        False,
    )
    # The edit form shows the numbers masked; blank keeps them, a new one replaces them.
    edit = reverse("registry:contact_edit", args=[child.pk, contact.pk])
    form = client.get(edit).content.decode()
    assert "13912345678" not in form and GUARDIAN_ID not in form
    assert "139****5678" in form
    client.post(
        edit,
        {
            "kind": "guardian",
            "name": "张大山",
            "relation": "父亲",
            "phone": "",
            "address": "冷碛镇甘露寺村3组",
        },
    )
    contact.refresh_from_db()
    assert (contact.kind, contact.is_guardian, contact.address) == (
        "guardian",
        True,
        "冷碛镇甘露寺村3组",
    )
    assert (contact.phone, contact.id_number, contact.works_away_at) == (
        "13912345678",
        GUARDIAN_ID,
        "",
    )
    client.post(edit, {"kind": "guardian", "name": "张大山", "phone": "0836-2812345"})
    contact.refresh_from_db()
    assert contact.phone == "0836-2812345"
    # Removing it takes it off the file; the change log keeps what it said.
    client.post(reverse("registry:contact_remove", args=[child.pk, contact.pk]))
    assert not Contact.objects.exists()
    removal = LogEntry.objects.get(action=LogEntry.Action.DELETE)
    assert removal.changes["name"][0] == "张大山"
    assert removal.actor == township_worker


def test_contact_update_keeps_or_erases_numbers(child: Person, township_worker: User) -> None:
    contact = services.contact_add(
        acting_user=township_worker,
        person=child,
        kind="neighbour",
        name="赵邻居",
        phone="13812345678",
        id_number=GUARDIAN_ID,
    )
    services.contact_update(
        acting_user=township_worker, contact=contact, kind="neighbour", name="赵邻居"
    )
    contact.refresh_from_db()
    assert (contact.phone, contact.id_number) == ("13812345678", GUARDIAN_ID)
    services.contact_update(
        acting_user=township_worker,
        contact=contact,
        kind="neighbour",
        name="赵邻居",
        phone="",
        id_number="",
    )
    contact.refresh_from_db()
    assert (contact.phone, contact.id_number) == ("", "")
    bad_id = GUARDIAN_ID[:-1] + ("0" if GUARDIAN_ID[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as refused:
        services.contact_update(
            acting_user=township_worker,
            contact=contact,
            kind="neighbour",
            name="赵邻居",
            id_number=bad_id,
        )
    assert refused.value.field == "id_number"


# --- Scoping, roles, archived files, CSRF ----------------------------------------------


def _file_urls(person: Person) -> list[str]:
    entry = person.categories.get()
    contact = person.contacts.first()
    assert contact is not None
    return [
        reverse("registry:category_add", args=[person.pk]) + "?category=orphan",
        reverse("registry:category_edit", args=[person.pk, entry.pk]),
        reverse("registry:category_end", args=[person.pk, entry.pk]),
        reverse("registry:guardianship_assess", args=[person.pk]),
        reverse("registry:contact_add", args=[person.pk]),
        reverse("registry:contact_edit", args=[person.pk, contact.pk]),
        reverse("registry:contact_remove", args=[person.pk, contact.pk]),
    ]


def test_outside_scope_and_readers_who_may_not_edit_get_404_and_change_nothing(
    pupil: Person, other_township_worker: User, prefecture_viewer: User
) -> None:
    before = (list(Contact.objects.values()), list(PersonCategory.objects.values()))
    for account in (other_township_worker, prefecture_viewer):
        client = logged_in(account)
        for url in _file_urls(pupil):
            if not url.endswith("/remove/"):
                assert client.get(url).status_code == 404, url
            data = {"kind": "other", "name": "x", "ended_on": "2026-11-01", "guardianship": "good"}
            assert client.post(url, data).status_code == 404, url
    assert (list(Contact.objects.values()), list(PersonCategory.objects.values())) == before
    # The viewer reads the file but is offered no change.
    page = page_of(logged_in(prefecture_viewer), pupil, "family")
    assert "/contacts/add/" not in page and "/remove/" not in page


def test_services_refuse_an_editor_of_another_unit(
    pupil: Person, other_township_worker: User
) -> None:
    contact = pupil.contacts.first()
    assert contact is not None
    with pytest.raises(PermissionRefused):
        services.contact_remove(acting_user=other_township_worker, contact=contact)
    with pytest.raises(PermissionRefused):
        services.category_update_details(
            acting_user=other_township_worker,
            entry=pupil.categories.get(),
            details={},
            note="",
        )
    assert pupil.contacts.count() == 2


def test_an_archived_file_is_read_only(pupil: Person, township_worker: User) -> None:
    services.person_archive(acting_user=township_worker, person=pupil, reason="moved_away")
    client = logged_in(township_worker)
    for url in _file_urls(pupil):
        response = client.post(url, {"kind": "other", "name": "x", "ended_on": "2026-11-01"})
        assert response.status_code == 302, url
    assert pupil.contacts.count() == 2
    assert pupil.categories.get().ended_on is None
    shown = client.get(reverse("registry:contact_add", args=[pupil.pk]), follow=True)
    assert zh("This file is archived and can no longer be changed.") in shown.content.decode()
    for tab in ("categories", "family"):
        page = page_of(client, pupil, tab)
        assert "/edit/" not in page and "/remove/" not in page and "/add/" not in page
    with pytest.raises(ValidationFailed):
        services.contact_add(acting_user=township_worker, person=pupil, kind="other", name="x")


def test_changes_need_the_csrf_token(pupil: Person, township_worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    for url in _file_urls(pupil):
        assert client.post(url, {"kind": "other", "name": "x"}).status_code == 403, url
    assert pupil.contacts.count() == 2


# --- History ---------------------------------------------------------------------------


def test_leaders_read_who_changed_what(
    child: Person, township_worker: User, township_leader: User
) -> None:
    # Given a worker who starts a category, edits its details and adds then removes a
    # contact through the pages …
    worker = logged_in(township_worker)
    add = reverse("registry:category_add", args=[child.pk]) + "?category=left_behind"
    worker.post(add, {"started_on": "2025-09-01", "away": "father"})
    entry = PersonCategory.objects.get(person=child)
    worker.post(
        reverse("registry:category_edit", args=[child.pk, entry.pk]),
        {"away": "both", "away_at": "广东东莞"},
    )
    worker.post(
        reverse("registry:contact_add", args=[child.pk]),
        {"kind": "neighbour", "name": "赵邻居", "phone": "13812345678"},
    )
    contact = Contact.objects.get()
    worker.post(reverse("registry:contact_remove", args=[child.pk, contact.pk]))
    # … the leader's history tab says who did it and what changed, in words.
    page = page_of(logged_in(township_leader), child, "history")
    assert township_worker.full_name in page
    assert _squash(f"{zh('Parent(s) away')}：</span> {zh('Father')} → {zh('Both parents')}") in (
        _squash(page)
    )
    assert _squash(f"{zh('Where they work')}：</span> — → 广东东莞") in _squash(page)
    assert zh("Contact: %(contact)s", contact="赵邻居") in page
    assert zh("Removed") in page
    assert zh("Category: %(category)s", category=zh("Left-behind child")) in page
    # Never a number or a ciphertext.
    assert "13812345678" not in page and ID not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM registry_person WHERE id = %s", [child.pk])
        (ciphertext,) = cursor.fetchone()
    assert ciphertext and ciphertext not in page


def test_history_names_the_roster_import(
    region: Region, township_worker: User, township_leader: User
) -> None:
    roster_import(MESSY, acting_user=township_worker, org_unit=region.lengqi)
    zhang = Person.objects.get(name="张三")
    page = page_of(logged_in(township_leader), zhang, "history")
    assert zh("Roster import") in page
    assert "张三" in page and "冷碛镇中心小学" in page
    assert "13812345678" not in page


def test_history_runs_a_fixed_number_of_queries(
    child: Person, township_worker: User, township_leader: User
) -> None:
    leader = logged_in(township_leader)
    page_of(leader, child, "history")  # warm the caches (content types) a server has warm
    with count_queries() as one:
        page_of(leader, child, "history")
    services.category_start(
        acting_user=township_worker, person=child, category="orphan", on=date(2025, 1, 1)
    )
    for n in range(25):
        contact = services.contact_add(
            acting_user=township_worker, person=child, kind="other", name=f"联系人{n}"
        )
        if n % 2:
            services.contact_remove(acting_user=township_worker, contact=contact)
        child.address = f"地址{n}"
        child.school = None
        child.save()
    assert LogEntry.objects.filter(object_repr__startswith="联系人").count() > 30
    with count_queries() as many:
        page = page_of(leader, child, "history")
    assert "地址24" in page
    assert_same_query_count(one, many)


@pytest.mark.parametrize("tab", ["categories", "family"])
def test_tabs_run_a_fixed_number_of_queries(
    region: Region, child: Person, township_worker: User, tab: str
) -> None:
    client = logged_in(township_worker)
    services.contact_add(acting_user=township_worker, person=child, kind="guardian", name="祖母")
    services.category_start(
        acting_user=township_worker, person=child, category="left_behind", on=date(2025, 1, 1)
    )
    with count_queries() as one:
        page_of(client, child, tab)
    for n in range(49):
        services.contact_add(
            acting_user=township_worker,
            person=child,
            kind=["guardian", "parent", "neighbour", "other"][n % 4],
            name=f"联系人{n}",
            phone=f"1391234{n:04d}",
        )
    for n, code in enumerate(["orphan", "disabled", "tekun", "dibao", "major_illness"]):
        services.category_start(
            acting_user=township_worker, person=child, category=code, on=date(2025, 1, 1 + n)
        )
    with count_queries() as many:
        page_of(client, child, tab)
    assert_same_query_count(one, many)


def test_revealing_on_the_family_tab_shows_the_contacts_numbers_and_is_audited(
    pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    page = client.post(
        reverse("registry:person_reveal", args=[pupil.pk]),
        {"tab": "family", "purpose": "家访前核对电话"},
    ).content.decode()
    assert "13912340011" in page and "13812340011" in page
    assert 'data-testid="id-number"' not in page
    reveal = AccessLog.objects.get(action=AuditAction.REVEAL)
    assert (reveal.user, reveal.detail) == (
        township_worker,
        {"tab": "family", "purpose": "家访前核对电话"},
    )


def test_the_reveal_button_asks_the_purpose_in_a_csrf_protected_post(
    pupil: Person, township_worker: User
) -> None:
    page = page_of(logged_in(township_worker), pupil, "family")
    form = page[page.index('data-testid="reveal-form"') - 200 :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    assert 'name="purpose"' in form and 'maxlength="200"' in form and "required" in form
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    url = reverse("registry:person_reveal", args=[pupil.pk])
    assert client.post(url, {"tab": "family", "purpose": "核对"}).status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_a_get_of_the_reveal_address_asks_the_purpose_and_reveals_nothing(
    pupil: Person, township_worker: User
) -> None:
    url = reverse("registry:person_reveal", args=[pupil.pk])
    response = logged_in(township_worker).get(url, {"tab": "family"})
    page = response.content.decode()
    assert response.status_code == 200 and 'name="purpose"' in page
    assert "13912340011" not in page
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_a_reveal_without_a_purpose_or_with_a_long_one_is_refused_in_chinese(
    pupil: Person, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("registry:person_reveal", args=[pupil.pk])
    empty = client.post(url, {"tab": "family", "purpose": " "})
    assert empty.status_code == 400
    assert "请填写用途：说明为什么需要这些号码或这份名单。" in empty.content.decode()
    too_long = client.post(url, {"tab": "family", "purpose": "查" * 201})
    assert too_long.status_code == 400
    assert "用途最多 200 个字，现在有 201 个字。" in too_long.content.decode()
    for response in (empty, too_long):
        assert "13912340011" not in response.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.REVEAL).exists()
