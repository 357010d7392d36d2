"""Annual assessment (考核) and information reports (信息报送): models.

Re-exported by ``reports.models``.
"""

from __future__ import annotations
