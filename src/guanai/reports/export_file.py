"""An xlsx export as the pages and the API send it.

A leaf module (it imports nothing of reports), so that the exports of each sub-domain
package and ``reports.exports`` can share it without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
