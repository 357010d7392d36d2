"""Two API schemas of one name would be one in the OpenAPI document: the later one replaces
the other in ``components``, so the documentation (and every client generated from it)
describes an operation with the other's fields. Each name is one class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ninja import Schema

from guanai.api.urls import api


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_schemas_of_the_document_share_a_name() -> None:
    documented = set(api.get_openapi_schema()["components"]["schemas"])
    modules: dict[str, set[str]] = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("guanai.") and schema.__name__ in documented:
            modules[schema.__name__].add(schema.__module__)
    shared = {name: sorted(found) for name, found in modules.items() if len(found) > 1}
    assert shared == {}, f"rename one of each: {shared}"
