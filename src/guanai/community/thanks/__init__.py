"""Acknowledgement lists (感谢名单, 篇四): built for a volunteer visit or a charity-day
campaign from the roles and the donations, edited before printing, printed on A4 and
copied as text to the group chat. Import the public names from here.

Its modules: ``engine`` (the pure rule that builds the list), ``access`` (who reads and
edits it), ``selectors`` (the facts it is built from), ``services`` (make, edit,
regenerate, print), ``forms``, ``views``, ``urls``.
"""

from guanai.community.thanks.access import (
    access_acknowledgement,
    access_campaign,
    acknowledgements_visible,
    can_edit,
    can_edit_campaign,
    can_edit_visit,
)
from guanai.community.thanks.engine import (
    GROUPS,
    Gift,
    Group,
    Line,
    RoleHolder,
    build_lines,
    campaign_lines,
    chat_text,
    grouped,
)
from guanai.community.thanks.selectors import (
    chat_text_of,
    earlier_offered,
    groups_of,
    lines_of,
    visit_facts,
)
from guanai.community.thanks.services import (
    LINE_MAX,
    Printed,
    acknowledgement_make,
    acknowledgement_print,
    acknowledgement_regenerate,
    acknowledgement_update,
)

__all__ = [
    "GROUPS",
    "LINE_MAX",
    "Gift",
    "Group",
    "Line",
    "Printed",
    "RoleHolder",
    "access_acknowledgement",
    "access_campaign",
    "acknowledgement_make",
    "acknowledgement_print",
    "acknowledgement_regenerate",
    "acknowledgement_update",
    "acknowledgements_visible",
    "build_lines",
    "campaign_lines",
    "can_edit",
    "can_edit_campaign",
    "can_edit_visit",
    "chat_text",
    "chat_text_of",
    "earlier_offered",
    "grouped",
    "groups_of",
    "lines_of",
    "visit_facts",
]
