"""Monthly payment rolls (发放花名册) through the API: the router (``routes``) and what it
reads and answers (``schemas``)."""

from guanai.api.benefits_rolls.routes import router
from guanai.api.benefits_rolls.schemas import LineOut, RollDetailOut, RollOut

__all__ = ["LineOut", "RollDetailOut", "RollOut", "router"]
