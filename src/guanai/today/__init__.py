"""The "today" page (今日待办): what a user must do now, from every app, most urgent first.

Each kind of task comes from one source function (``today.sources``) that asks the
selectors of the app it belongs to; ``today_for`` gathers them. Import the public names
from ``guanai.today``: Django imports this package before the models are ready, so they
are loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guanai.today.board import Today, today_for
    from guanai.today.items import SHOWN, Batch, Figure, Task
    from guanai.today.sources import SOURCES, Source

_PUBLIC = {
    "Today": "board",
    "today_for": "board",
    "SHOWN": "items",
    "Batch": "items",
    "Figure": "items",
    "Task": "items",
    "SOURCES": "sources",
    "Source": "sources",
}

__all__ = ["SHOWN", "SOURCES", "Batch", "Figure", "Source", "Task", "Today", "today_for"]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'guanai.today' has no attribute {name!r}")
    return getattr(import_module(f"guanai.today.{module}"), name)
