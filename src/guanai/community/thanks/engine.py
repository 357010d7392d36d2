"""The acknowledgement list (感谢名单), built from plain facts: a pure, explained rule.

Plan 四 ends its report with "此次活动要感谢以下人员" and a list by role. The list is built
here from two kinds of facts, read by ``selectors`` and passed in as plain values:

* **the roles of the visit** (``RoleHolder``): each volunteer's role, as the visit page
  gives them (lead, lead-giver, scout, donor, participant, driver, writer). A volunteer
  with several roles appears in each of their groups;
* **the donations** (``Gift``). A visit's are those recorded as received on it (a
  volunteer records them from the visit page), those received by the host unit (for the
  unit itself or one of its needs, never a person's, and none of a campaign) dated on a
  day of the visit, and the earlier ones of the same kind that the clerk ticks (往期捐赠).
  A campaign's (charity day) are the donations recorded against it.

The groups come in plan 四's order — 总策划/带队, 线索提供, 踩点, 往期与当天捐赠, 参与, 带车,
供稿 — and a group with no line is left out. Within a group the names are in pinyin order
(``core.pinyin.sort_key``, then the name itself), so the same facts always give the same
list; a name written twice in one group is printed once.

Donors: a person or a company is named (a company by its name); cash and goods given by
the same name are one line. Goods are described (大容量洗衣机 2 台); cash amounts are shown
only when the clerk asks (``show_amounts``, off by default: many givers do not want their
amount read out in the group chat). Anonymous donors, and donations with no donor's name,
are never named: they are counted on one line, last, "爱心人士 3 位". A volunteer holding
the donor role is a donor too, merged with their donations if the names are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from guanai.core.money import yuan
from guanai.core.pinyin import sort_key

LEAD = "lead"
LEAD_GIVER = "lead_giver"
SCOUT = "scout"
DONOR = "donor"
PARTICIPANT = "participant"
DRIVER = "driver"
WRITER = "writer"

# Plan 四's order of the thank-you list.
GROUPS = (LEAD, LEAD_GIVER, SCOUT, DONOR, PARTICIPANT, DRIVER, WRITER)
GROUP_LABELS = {
    LEAD: pgettext_lazy("thanks", "Planning and leading"),
    LEAD_GIVER: pgettext_lazy("thanks", "Gave the lead"),
    SCOUT: pgettext_lazy("thanks", "Scouted the site"),
    DONOR: pgettext_lazy("thanks", "Donors, earlier and on the day"),
    PARTICIPANT: pgettext_lazy("thanks", "Took part"),
    DRIVER: pgettext_lazy("thanks", "Drove"),
    WRITER: pgettext_lazy("thanks", "Wrote it up"),
}
# A campaign thanks its donors only.
CAMPAIGN_GROUPS = (DONOR,)
CAMPAIGN_DONORS = gettext_lazy("Donors")

ANONYMOUS = "anonymous"
CASH = "cash"


@dataclass(frozen=True)
class RoleHolder:
    """One role of one volunteer on the visit."""

    role: str
    name: str


@dataclass(frozen=True)
class Gift:
    """One donation as the list needs it: who gave and what."""

    donor_kind: str
    donor_name: str
    kind: str
    amount: Decimal | None = None
    item: str = ""
    quantity: int | None = None
    measure: str = ""


@dataclass(frozen=True)
class Line:
    group: str
    text: str


@dataclass
class Group:
    key: str
    label: str
    lines: list[str]


def group_label(key: str, *, campaign: bool = False) -> str:
    if campaign and key == DONOR:
        return str(CAMPAIGN_DONORS)
    return str(GROUP_LABELS.get(key, key))


def name_order(name: str) -> tuple[str, str]:
    return (sort_key(name), name)


def is_anonymous(gift: Gift) -> bool:
    return gift.donor_kind == ANONYMOUS or not gift.donor_name.strip()


@dataclass
class _Given:
    """What one donor (or all the anonymous ones) gave, summed."""

    cash: Decimal = Decimal("0")
    goods: dict[tuple[str, str], int] = field(default_factory=dict)
    count: int = 0

    def add(self, gift: Gift) -> None:
        self.count += 1
        if gift.kind == CASH:
            self.cash += gift.amount or Decimal("0")
        elif gift.item:
            key = (gift.item, gift.measure)
            self.goods[key] = self.goods.get(key, 0) + (gift.quantity or 0)

    def details(self, show_amounts: bool) -> str:
        parts = []
        if show_amounts and self.cash:
            parts.append(yuan(self.cash))
        parts.extend(
            f"{item} {quantity} {measure}".strip()
            for (item, measure), quantity in self.goods.items()
        )
        return f"（{'；'.join(parts)}）" if parts else ""


def donor_lines(
    gifts: Iterable[Gift], donor_names: Iterable[str] = (), *, show_amounts: bool = False
) -> list[str]:
    """Return the donors' lines: named donors in name order, then the anonymous counted."""
    named: dict[str, _Given] = {name: _Given() for name in donor_names if name.strip()}
    anonymous = _Given()
    for gift in gifts:
        if is_anonymous(gift):
            anonymous.add(gift)
        else:
            named.setdefault(gift.donor_name.strip(), _Given()).add(gift)
    lines = [name + named[name].details(show_amounts) for name in sorted(named, key=name_order)]
    if anonymous.count:
        lines.append(
            ngettext("%(count)s caring person", "%(count)s caring people", anonymous.count)
            % {"count": anonymous.count}
            + anonymous.details(show_amounts)
        )
    return lines


def build_lines(
    roles: Sequence[RoleHolder], gifts: Sequence[Gift], *, show_amounts: bool = False
) -> list[Line]:
    """Return the list's lines in plan 四's order of groups, names in order in each."""
    lines: list[Line] = []
    for group in GROUPS:
        if group == DONOR:
            holders = [r.name for r in roles if r.role == DONOR]
            texts = donor_lines(gifts, holders, show_amounts=show_amounts)
        else:
            names = {r.name.strip() for r in roles if r.role == group and r.name.strip()}
            texts = sorted(names, key=name_order)
        lines.extend(Line(group, text) for text in texts)
    return lines


def campaign_lines(gifts: Sequence[Gift], *, show_amounts: bool = False) -> list[Line]:
    """Return a campaign's lines: its donors."""
    return [Line(DONOR, text) for text in donor_lines(gifts, show_amounts=show_amounts)]


def grouped(lines: Iterable[Line], *, campaign: bool = False) -> list[Group]:
    """Return the lines by group in plan 四's order, the empty groups left out; each
    group's lines stay in the order given."""
    by_group: dict[str, list[str]] = {key: [] for key in GROUPS}
    for line in lines:
        by_group.setdefault(line.group, []).append(line.text)
    return [
        Group(key, group_label(key, campaign=campaign), texts)
        for key, texts in by_group.items()
        if texts
    ]


def chat_text(title: str, groups: Sequence[Group], closing: str = "") -> str:
    """Return the list as text for the group chat: the title, a line per group
    ("带队：张三、李四"), the closing sentence."""
    rows = [title] if title else []
    rows.extend(f"{group.label}：{'、'.join(group.lines)}" for group in groups)
    if closing:
        rows.append(closing)
    return "\n".join(rows)


def default_title(source: str) -> str:
    """Return the list's title for a visit or campaign called ``source``."""
    return _("%(source)s: acknowledgements") % {"source": source}


def default_closing() -> str:
    return _("Thank you all for your care and your help!")
