"""Front-end packages come from npm and are served locally: no CDN anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/echarts/echarts.min.js",
    ],
)
def test_vendor_files_are_found_locally(path: str) -> None:
    found = finders.find(path)
    assert found is not None, path
    assert Path(str(found)).stat().st_size > 10_000


def test_versions_are_pinned_by_the_lock_file() -> None:
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    for name in ("bootstrap", "htmx.org", "echarts", "dexie", "workbox-core", "workbox-routing"):
        entry = lock["packages"][f"node_modules/{name}"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]), name


def test_no_template_loads_anything_from_another_host() -> None:
    external = re.compile(r"""(src|href)=["'](https?:)?//""", re.IGNORECASE)
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if external.search(path.read_text())
    ]
    assert offenders == []


def test_login_page_links_only_local_assets(db: None) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assets = re.findall(r"""(?:src|href)="([^"]+\.(?:js|css))""", page)
    assert len(assets) >= 4
    assert all(asset.startswith(settings.STATIC_URL) for asset in assets), assets


@pytest.mark.parametrize(
    "path",
    [
        "vendor/dexie/dexie.min.js",
        "vendor/workbox-core/workbox-core.prod.js",
        "vendor/workbox-routing/workbox-routing.prod.js",
        "vendor/workbox-strategies/workbox-strategies.prod.js",
        "vendor/workbox-expiration/workbox-expiration.prod.js",
    ],
)
def test_offline_packages_are_found_locally(path: str) -> None:
    found = finders.find(path)
    assert found is not None, path
    assert Path(str(found)).stat().st_size > 2_000


def test_the_service_worker_imports_only_local_scripts(db: None) -> None:
    script = Client().get("/sw.js")
    assert script["Content-Type"].startswith("text/javascript")
    assert script["Service-Worker-Allowed"] == "/"
    imported = re.findall(r'importScripts\("([^"]+)"\)', script.content.decode())
    assert len(imported) == 4
    assert all(path.startswith(settings.STATIC_URL) for path in imported), imported
    assert all(finders.find(path.removeprefix(settings.STATIC_URL)) for path in imported)
