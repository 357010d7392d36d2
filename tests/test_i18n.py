"""The catalogues: Chinese is complete and compiled; English is complete; pages follow them."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from guanai.accounts.models import User
from tests.conftest import logged_in

LOCALE = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert len(po) > 200
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po:
        translated = entry.msgstr or entry.msgstr_plural
        assert compiled.get((entry.msgctxt, entry.msgid)) == translated, entry.msgid


def test_chinese_keeps_every_placeholder() -> None:
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        source = set(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            assert set(PLACEHOLDER.findall(text)) == source, entry.msgid


def test_login_page_is_chinese_by_default(db: None) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录" in page
    assert "用户名" in page


def test_language_switch_gives_english(township_worker: User) -> None:
    client = logged_in(township_worker)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "My units and roles" in page
    assert "我的单位与角色" not in page
