"""Render the user guide's Markdown as the HTML of the help page.

The guide is our own file, but it is rendered as if it were not: raw HTML in it is shown
as text, never passed through (the page's Content-Security-Policy would refuse an inline
script or style anyway), and a link keeps only a web, mail, relative or in-page address.
Its pictures are left out: they are screenshots of the very pages the reader is using, the
files are not part of the package, and on a phone they would cost data for nothing.
Headings get ids from their own text (Chinese kept: ``#花名册工作人员负责人上级查看``)
and the second-level ones make the table of contents.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# No type stubs are installed for Markdown (types-Markdown is not a dependency).
import markdown  # type: ignore[import-untyped]
from markdown.extensions.toc import TocExtension, slugify_unicode  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

GUIDE_PATH = Path(__file__).with_name("guide.md")
# A link may go to the web, a mail address, another page of the app or a heading.
_SAFE_LINK = re.compile(r"(?:https?:|mailto:|/|#|\.{0,2}/)|[^:]*$", re.IGNORECASE)
# A guide with at least this many sections gets a table of contents at its top.
TOC_MIN_SECTIONS = 4
# Chinese characters and full-width punctuation: a line break between two of them is no
# space (a browser would show one, in the middle of a sentence).
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Guide:
    title: str
    html: str
    sections: tuple[Section, ...]

    @property
    def has_toc(self) -> bool:
        return len(self.sections) >= TOC_MIN_SECTIONS


class _Tidy(Treeprocessor):
    """Leave out pictures, unsafe links and the first heading (the page shows it as title)."""

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    parent.remove(child)
                elif child.tag == "a" and not _SAFE_LINK.match(child.get("href", "")):
                    del child.attrib["href"]
        for paragraph in [p for p in root if p.tag == "p"]:
            if not len(paragraph) and not (paragraph.text or "").strip():
                root.remove(paragraph)  # a paragraph that only held a picture
        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            root.remove(first)


class _GuideExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML, as a block or inline, is escaped and shown as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After the inline processor (20), which makes the <img> and <a>, and before the
        # table of contents (5) collects the headings.
        md.treeprocessors.register(_Tidy(md), "guanai_tidy", 10)


def _join_wrapped_chinese(text: str) -> str:
    """Join a paragraph's lines where a Chinese sentence was wrapped in the source."""
    lines = text.splitlines()
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        follows = line.lstrip()
        if (
            previous
            and follows
            and not previous.lstrip().startswith("#")
            and _CJK.match(previous[-1])
            and _CJK.match(follows[0])
        ):
            joined[-1] = previous + follows
        else:
            joined.append(line)
    return "\n".join(joined) + "\n"


def guide_render(text: str) -> Guide:
    """Return the guide written in ``text`` (Markdown) as a title, HTML and sections."""
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    md = markdown.Markdown(
        extensions=[_GuideExtension(), TocExtension(slugify=slugify_unicode, toc_depth="2")],
        output_format="html",
    )
    html = md.convert(_join_wrapped_chinese(text))
    sections = tuple(
        Section(id=token["id"], title=token["name"])
        for token in _flatten(md.toc_tokens)
        if token["level"] == 2
    )
    return Guide(title=title, html=html, sections=sections)


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for token in tokens:
        found.append(token)
        found.extend(_flatten(token.get("children", [])))
    return found


@functools.lru_cache(maxsize=2)
def _cached(path: Path, _modified: int) -> Guide:
    return guide_render(path.read_text(encoding="utf-8"))


def load_guide(path: Path = GUIDE_PATH) -> Guide:
    """Return the guide at ``path``, rendered once for each version of the file."""
    return _cached(path, path.stat().st_mtime_ns)
