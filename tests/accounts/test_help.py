"""The guide inside the app (issue 14, point 10): a 帮助 link for everyone signed in, and a
page rendered from docs/guide.md itself, safely, with anchors and a table of contents."""

from __future__ import annotations

import re
import tomllib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from guanai.accounts.help import GUIDE_PATH, guide_render, load_guide
from guanai.accounts.models import Role, User
from tests import factories
from tests.conftest import Region, logged_in

DOCS_GUIDE = settings.BASE_DIR / "docs" / "guide.md"


def test_the_app_reads_the_repositorys_guide_and_the_build_packages_it() -> None:
    # In a checkout the package's guide.md is the docs file itself (a link); the build
    # copies it whole into the package, as package-data names it.
    assert GUIDE_PATH.read_bytes() == DOCS_GUIDE.read_bytes()
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text("utf-8"))
    assert "accounts/help/guide.md" in pyproject["tool"]["setuptools"]["package-data"]["guanai"]
    dependencies = pyproject["project"]["dependencies"]
    assert "markdown==3.11.3" in dependencies


@pytest.mark.parametrize(
    "role",
    [
        Role.SYSADMIN,
        Role.SECADMIN,
        Role.AUDITOR,
        Role.LEADER,
        Role.WORKER,
        Role.VIEWER,
        Role.HELPER,
        Role.VOLUNTEER,
    ],
)
def test_every_signed_in_role_has_the_help_link_and_reads_the_guide(
    region: Region, role: Role
) -> None:
    user = factories.user(unit=region.lengqi, role=role)
    client = logged_in(user)
    home = client.get(reverse("home"), follow=True)
    # 帮助 once the catalogue holds the new msgid (the tests run in Chinese).
    assert (gettext("Help"), reverse("accounts:help")) in [
        (str(item.label), item.url) for item in home.context["nav_items"]
    ]
    page = client.get(reverse("accounts:help"))
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"<h1[^>]*>\s*关爱 使用说明（第一版）\s*</h1>", html)
    assert html.count("<h1") == 1


def test_the_help_link_is_current_on_the_help_page(township_worker: User) -> None:
    page = logged_in(township_worker).get(reverse("accounts:help"))
    current = [str(item.label) for item in page.context["nav_items"] if item.active]
    assert current == [gettext("Help")]


def test_an_anonymous_visitor_is_sent_to_log_in(db: None) -> None:
    response = Client().get(reverse("accounts:help"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_contents_link_to_every_section_by_its_anchor(township_worker: User) -> None:
    html = logged_in(township_worker).get(reverse("accounts:help")).content.decode()
    guide = load_guide()
    sections = [
        line[3:].strip()
        for line in DOCS_GUIDE.read_text("utf-8").splitlines()
        if line.startswith("## ")
    ]
    assert [s.title for s in guide.sections] == sections
    assert 'data-testid="guide-toc"' in html
    for section in guide.sections:
        assert f'href="#{section.id}"' in html
        assert re.search(rf'<h2 id="{re.escape(section.id)}">', html)
    assert "花名册工作人员负责人上级查看" in {s.id for s in guide.sections}


def test_raw_html_is_shown_as_text_and_pictures_and_unsafe_links_are_left_out() -> None:
    guide = guide_render(
        "# 标题\n\n"
        "正文 <b>粗</b> <script>alert(1)</script>\n\n"
        '<div onclick="x()">块</div>\n\n'
        "![截图](screenshots/x.png)\n\n"
        "[坏链接](javascript:alert(1)) [好链接](https://example.org/) [本页](#标题二)\n\n"
        "## 标题二\n"
    )
    assert guide.title == "标题"
    assert "<h1" not in guide.html  # the page shows the title as its one <h1>
    assert "&lt;b&gt;粗&lt;/b&gt;" in guide.html
    assert "<script" not in guide.html and "&lt;script&gt;" in guide.html
    assert "<div" not in guide.html
    assert "<img" not in guide.html and "screenshots/x.png" not in guide.html
    assert "javascript:" not in guide.html
    assert '<a href="https://example.org/">好链接</a>' in guide.html
    assert '<a href="#标题二">本页</a>' in guide.html
    assert '<h2 id="标题二">标题二</h2>' in guide.html
    assert not guide.has_toc  # one section needs no table of contents


def test_a_wrapped_chinese_sentence_reads_without_a_space() -> None:
    guide = guide_render("# 标题\n\n- 第一行，\n  第二行。\n- Two\n  lines\n\n## 一节\n段落\n")
    assert "<li>第一行，第二行。</li>" in guide.html
    assert "<li>Two\n  lines</li>" in guide.html
    assert '<h2 id="一节">一节</h2>' in guide.html  # a heading keeps its own line
