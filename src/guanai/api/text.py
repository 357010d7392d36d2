"""Constrained text types for API input."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# PostgreSQL refuses NUL characters in text; refusing them here answers 422 instead of
# letting the database fail with a server error.
PlainText = Annotated[str, Field(pattern=r"^[^\x00]*$")]
