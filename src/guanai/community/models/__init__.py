"""The community models, one module per sub-domain."""

from guanai.community.models import giving

__all__ = ["giving"]
