"""The page title is written once: ``<title>`` and the page's ``<h1>`` come from one block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template
from django.test import RequestFactory

from guanai.accounts.models import User

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "guanai"


def page(body: str, **context: object) -> str:
    """Render a page extending base.html, as a logged-in user's page."""
    request = RequestFactory().get("/")
    request.user = User(username="someone")
    source = '{% extends "base.html" %}' + body
    rendered = Template(source).render(
        Context({"request": request, "user": request.user, **context})
    )
    return " ".join(rendered.split())


def h1(html: str) -> str:
    return re.findall(r"<h1.*?</h1>", html)[0]


def test_the_title_is_shown_in_the_browser_tab_and_the_heading() -> None:
    html = page(
        "{% block title %}Roll of {{ unit }}{% endblock %}"
        "{% block content %}{% page_header %}{% endblock %}",
        unit="冷碛镇 & co",
    )

    assert "<title> Roll of 冷碛镇 &amp; co · " in html
    assert h1(html) == '<h1 class="h3">Roll of 冷碛镇 &amp; co</h1>'


def test_the_heading_takes_its_classes_and_what_it_shows_after_the_title() -> None:
    html = page(
        "{% block title %}Benefits{% endblock %}"
        '{% block content %}{% page_header "h3 mb-0" after %} <span class="badge">archived</span>'
        "{% endpage_header %}{% endblock %}"
    )

    assert h1(html) == '<h1 class="h3 mb-0">Benefits <span class="badge">archived</span></h1>'


def test_the_heading_shows_only_the_part_of_the_title_marked_as_heading() -> None:
    html = page(
        "{% block title %}{% heading %}Add a category{% endheading %} · {{ name }}{% endblock %}"
        "{% block content %}{% page_header %}{% endblock %}",
        name="张丽",
    )

    assert "<title> Add a category · 张丽 · " in html
    assert h1(html) == '<h1 class="h3">Add a category</h1>'


def test_page_header_refuses_more_than_classes_and_after() -> None:
    with pytest.raises(TemplateSyntaxError, match="page_header"):
        Template('{% page_header "h3" "mb-0" %}')


def test_no_page_writes_its_title_twice() -> None:
    # Every page that shows its title as the heading uses {% page_header %}; the few <h1>
    # left say something else than the title (a greeting, a printed statement's heading).
    headings = {
        str(path.relative_to(TEMPLATES)): re.findall(r"<h1[^>]*>(.*?)</h1>", path.read_text(), re.S)
        for path in TEMPLATES.glob("**/templates/**/*.html")
    }
    written = {name: found for name, found in headings.items() if found}
    assert sorted(written) == [
        "care/templates/care/ledger/statement.html",
        "templates/accounts/one_time_password.html",
        "templates/accounts/org_import_job.html",
    ]
    for name in written:
        title = re.search(
            r"{% block title %}(.*?){% endblock %}", (TEMPLATES / name).read_text(), re.S
        )
        assert title is not None
        assert " ".join(title.group(1).split()) not in " ".join(written[name][0].split()), name


def test_the_base_template_keeps_the_title_for_the_heading() -> None:
    source = (TEMPLATES / "templates" / "base.html").read_text()
    assert "{% pagetitle %}{% block title %}{% endblock %}{% endpagetitle %}" in source
    get_template("base.html")


def test_one_breadcrumb_serves_every_page() -> None:
    written = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("**/templates/**/*.html")
        if 'class="breadcrumb"' in path.read_text()
    )
    assert written == ["templates/includes/breadcrumb.html"]
