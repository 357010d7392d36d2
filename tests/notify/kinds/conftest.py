"""Until the fragment of this part's Chinese (``/tmp/po/frag-c.po``) is merged into the
catalogue, the tests read its translations from there; once merged, this does nothing.
(The lead removes this file with the merge.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.utils.translation import trans_real

FRAGMENT = Path("/tmp/po/frag-c.po")  # noqa: S108 - the lead's fragments, read only


@pytest.fixture(autouse=True)
def _fragment_chinese() -> Iterator[None]:
    if not FRAGMENT.exists():
        yield
        return
    catalog = trans_real.translation("zh-hans")._catalog  # type: ignore[attr-defined]
    added = []
    for entry in polib.pofile(str(FRAGMENT)):
        key: object = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        value = entry.msgstr
        if entry.msgid_plural:
            key, value = (entry.msgid, 0), entry.msgstr_plural[0]
        if key not in catalog:
            catalog[key] = value
            added.append(key)
    yield
    for key in added:
        catalog._catalogs[0].pop(key, None)
