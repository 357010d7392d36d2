"""API of the care app's pairing part (mounted in api/urls.py)."""

from ninja import Router

router = Router(tags=["care"])
