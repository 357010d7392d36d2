"""API of the care app's ledger part (mounted in api/urls.py)."""

from ninja import Router

router = Router(tags=["care"])
