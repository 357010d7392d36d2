"""Quick entry from a filtered work list: "save and next" opens the form for the next
person of the same list with something due; plain "save" goes back to that list; the
family-call fields are for a family call only; a link's person and kind are checked."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.care.models import CareRecord
from tests.care.log_support import on, pair, pupil, zh
from tests.care.worklist_support import TODAY, class_list
from tests.conftest import Region, logged_in

DUE_TALKS = "kind=talk&status=due"


def _talk(person_id: int, **values: Any) -> dict[str, Any]:
    return {
        "persons": [person_id],
        "kind": "talk",
        "occurred_on": TODAY.isoformat(),
        "summary": "聊了期中考试。",
        **values,
    }


def _post(client: Client, data: dict[str, Any], *, follow: bool = False) -> Any:
    with on(TODAY):
        return client.post(reverse("care:record_new"), data, follow=follow)


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_save_and_next_opens_the_form_for_the_next_due_item_of_the_list(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)
    client = logged_in(school_helper)
    overdue_talks = "kind=talk&status=overdue"
    first = pupil(region.lengqi_school, "阿一")
    second = pupil(region.lengqi_school, "阿二")
    for p in (first, second):
        pair(p, school_helper)

    saved = _post(client, {**_talk(first.pk), "after": "next", "list": overdue_talks})

    # The overdue talks were 阿一, 阿二 and 赵小军 (roster order within the same deadline).
    assert saved.status_code == 302
    assert urlsplit(saved.url).path == reverse("care:record_new")
    assert _query(saved.url) == {
        "person": [str(second.pk)],
        "kind": ["talk"],
        "list": [overdue_talks],
    }
    with on(TODAY):
        form = client.get(saved.url)
    html = form.content.decode()
    assert f'name="list" value="{overdue_talks.replace("&", "&amp;")}"' in html
    assert form.context["form"]["persons"].value() == [second.pk]

    # The next save goes on to 赵小军; after him nothing is due on the list.
    again = _post(client, {**_talk(second.pk), "after": "next", "list": overdue_talks})
    assert _query(again.url)["person"] == [str(pupils.overdue.pk)]
    last = _post(
        client, {**_talk(pupils.overdue.pk), "after": "next", "list": overdue_talks}, follow=True
    )
    assert last.redirect_chain[-1][0] == f"{reverse('care:worklist')}?{overdue_talks}"
    assert zh("Nothing more is due on this list.") in last.content.decode()
    assert CareRecord.objects.filter(summary="聊了期中考试。").count() == 3


def test_save_and_next_keeps_the_kind_of_the_next_item_without_a_kind_filter(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    saved = _post(
        logged_in(school_helper),
        {**_talk(pupils.due.pk), "after": "next", "list": "status=due"},
    )

    # 周小东's weekly family call is the next item due.
    assert _query(saved.url)["person"] == [str(pupils.call_due.pk)]
    assert _query(saved.url)["kind"] == ["family_call"]


def test_plain_save_goes_back_to_the_same_filtered_list(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)
    list_query = urlencode({"kind": "talk", "status": "due", "page": "1"})

    saved = _post(logged_in(school_helper), {**_talk(pupils.due.pk), "list": list_query})

    assert saved.url == f"{reverse('care:worklist')}?{list_query}"


def test_save_without_a_list_keeps_todays_behaviour(region: Region, school_helper: User) -> None:
    pupils = class_list(region, school_helper)

    saved = _post(logged_in(school_helper), _talk(pupils.due.pk))

    assert saved.url == reverse("care:worklist")


def test_save_and_next_with_a_broken_list_saves_and_shows_why_the_list_cannot_be_shown(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    saved = _post(
        logged_in(school_helper),
        {**_talk(pupils.due.pk), "after": "next", "list": "kind=walk"},
        follow=True,
    )

    assert CareRecord.objects.filter(summary="聊了期中考试。").count() == 1
    assert saved.status_code == 400
    message = "There is no kind of care “%(value)s”; choose one from the list."
    assert zh(message, value="walk") in saved.content.decode()


def test_the_form_opens_for_a_person_and_kind_from_the_link(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)
    client = logged_in(school_helper)

    with on(TODAY):
        page = client.get(
            reverse("care:record_new"), {"person": pupils.call_due.pk, "kind": "family_call"}
        )

    form = page.context["form"]
    assert form["persons"].value() == [pupils.call_due.pk]
    assert form["kind"].value() == "family_call"


def test_a_person_the_user_may_not_care_for_is_not_found(
    region: Region, school_helper: User
) -> None:
    class_list(region, school_helper)
    stranger = pupil(region.xinglong_school, "外校生")

    with on(TODAY):
        page = logged_in(school_helper).get(
            reverse("care:record_new"), {"person": stranger.pk, "kind": "talk"}
        )

    assert page.status_code == 404


def test_an_unknown_kind_in_the_link_is_said_and_none_is_chosen(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    with on(TODAY):
        page = logged_in(school_helper).get(
            reverse("care:record_new"), {"person": pupils.due.pk, "kind": "walk"}
        )

    assert page.status_code == 200
    message = "The link named no known kind of care (“%(kind)s”); choose the kind below."
    assert zh(message, kind="walk") in page.content.decode()
    assert page.context["form"]["kind"].value() is None


def test_the_call_fields_are_marked_for_a_family_call_and_labelled(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    with on(TODAY):
        html = (
            logged_in(school_helper)
            .get(reverse("care:record_new"), {"person": pupils.due.pk, "kind": "talk"})
            .content.decode()
        )

    # Shown by the server (a page without scripts shows them), for the script to hide.
    assert 'data-for-kind="family_call"' in html
    assert zh("Only for a family phone call: which parent, how long") in html
    assert "care/record_form.js" in html


def test_call_fields_sent_with_a_talk_are_not_saved_and_the_page_says_why(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    saved = _post(
        logged_in(school_helper),
        {**_talk(pupils.due.pk), "parent": "mother", "minutes": "12"},
        follow=True,
    )

    talk = CareRecord.objects.get(summary="聊了期中考试。")
    assert (talk.kind, talk.parent, talk.minutes) == ("talk", "", None)
    message = (
        "The parent called and the minutes were not saved: they are only for a family "
        "phone call, and this was a %(kind)s."
    )
    assert zh(message, kind=zh("Heart-to-heart talk")) in saved.content.decode()


def test_a_family_call_keeps_its_fields_and_says_nothing_more(
    region: Region, school_helper: User
) -> None:
    pupils = class_list(region, school_helper)

    saved = _post(
        logged_in(school_helper),
        {**_talk(pupils.call_due.pk, kind="family_call"), "parent": "father", "minutes": "7"},
        follow=True,
    )

    call = CareRecord.objects.get(summary="聊了期中考试。")
    assert (call.kind, call.parent, call.minutes) == ("family_call", "father", 7)
    message = (
        "The parent called and the minutes were not saved: they are only for a family "
        "phone call, and this was a %(kind)s."
    )
    assert zh(message, kind=zh("Family phone call")) not in saved.content.decode()


def test_a_family_call_without_its_fields_is_refused(region: Region, school_helper: User) -> None:
    pupils = class_list(region, school_helper)

    page = _post(logged_in(school_helper), {**_talk(pupils.call_due.pk, kind="family_call")})

    assert page.status_code == 200
    assert zh("For a family phone call, choose which parent was called.") in page.content.decode()
    assert not CareRecord.objects.filter(summary="聊了期中考试。").exists()
