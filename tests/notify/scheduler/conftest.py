"""A job of the tests' own, registered with a time for the block of one test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from guanai.notify import jobs


@dataclass
class Recorder:
    """What a test job did: how many times it ran, and what it does when run."""

    calls: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    then: Callable[[], str] = lambda: '{"done": 1}'

    def __call__(self) -> str:
        with self.lock:
            self.calls.append(len(self.calls) + 1)
        return self.then()


@pytest.fixture
def nightly(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """A job ``tests_nightly`` at 01:30 (Asia/Shanghai) that records its runs."""
    recorder = Recorder()
    monkeypatch.setitem(jobs.SCHEDULE, "tests_nightly", "30 1 * * *")
    monkeypatch.setitem(
        jobs._JOBS, "tests_nightly", jobs.Job("tests_nightly", "Nightly test job", recorder)
    )
    yield recorder
