"""The installable app's server side: the manifest, the service worker, logging out.

The browser side (the worker controlling the page, the phone's database) is checked by
tests/e2e/test_field_offline.py.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from tests.conftest import Region, logged_in


def _png_size(path: str) -> tuple[int, int]:
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, path
    with Path(str(found)).open("rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_manifest_names_the_app_in_chinese_and_opens_the_field_page(db: None) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "关爱"
    assert "关爱" in manifest["name"]
    assert manifest["lang"] == "zh-hans"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("care:field") == manifest["id"]
    assert manifest["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {}
    for icon in manifest["icons"]:
        width, height = _png_size(icon["src"])
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes[icon.get("purpose", "any")] = max(sizes.get(icon.get("purpose", "any"), 0), width)
    # What a browser needs to offer the app for the home screen: 192 and 512 pixels.
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
    assert sizes["maskable"] == 512


def test_every_page_names_the_manifest(region: Region, school_helper: User) -> None:
    for client in (Client(), logged_in(school_helper)):
        page = client.get(reverse("accounts:login"), follow=True).content.decode()
        assert f'<link rel="manifest" href="{reverse("accounts:manifest")}">' in page


def test_the_service_worker_keeps_only_pages_that_say_so_and_never_the_api(db: None) -> None:
    script = Client().get("/sw.js").content.decode()
    kept = json.loads(re.search(r"const OFFLINE_PATHS = (\[.*?\]);", script)[1])  # type: ignore[index]
    assert kept == [reverse("care:field"), reverse("accounts:outbox")]
    assert 'response.headers.get("X-Guanai-Offline") === "1"' in script
    assert "/api/" not in script
    # The page shown for a page not kept names the two that are.
    fallback = json.loads(re.search(r"const FALLBACK_HTML = (\".*?\");\n", script)[1])  # type: ignore[index]
    assert all(f'href="{path}"' in fallback for path in kept)


def test_the_field_page_and_the_outbox_may_be_kept_other_pages_not(
    region: Region, school_helper: User
) -> None:
    client = logged_in(school_helper)
    assert client.get(reverse("accounts:outbox"))["X-Guanai-Offline"] == "1"
    assert client.get(reverse("care:field"))["X-Guanai-Offline"] == "1"
    for other in ("home", "care:worklist", "notify:inbox"):
        response = client.get(reverse(other))
        assert response.status_code == 200 and "X-Guanai-Offline" not in response, other


def test_logging_out_tells_the_browser_to_clear_what_the_site_kept(
    region: Region, school_helper: User
) -> None:
    client = logged_in(school_helper)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/" data-logout>', page)
    assert f'data-offline-keep-days="{settings.GUANAI_OFFLINE_KEEP_DAYS}"' in page
    assert f'data-idle-minutes="{settings.SESSION_COOKIE_AGE // 60}"' in page
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get(reverse("home")).status_code == 302  # the session is gone
