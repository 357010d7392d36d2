"""A leading group on paper, as the seeds' plans print it: the posts on one line each
("组长：王耀亮（乡党委书记）", "副组长：刘冬梅、…"), the office, then the duties (分工) member by
member. Pure: it reads the rows it is given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from guanai.governance.models import GroupMember, LeadingGroup, Post


@dataclass(frozen=True)
class PostLine:
    label: str
    names: str

    def __str__(self) -> str:
        return f"{self.label}：{self.names}"


@dataclass(frozen=True)
class DutyLine:
    name: str
    post: str
    duties: str
    units: str
    persons: str


@dataclass(frozen=True)
class PrintedGroup:
    posts: list[PostLine]
    office: str
    duties: list[DutyLine]

    def roster_line(self) -> str:
        """The posts on one line, as 篇一 prints them: "组长：… 副组长：… 成员：…"."""
        return " ".join(str(line) for line in self.posts)


def printed_name(member: GroupMember) -> str:
    """A member's name with their own office: "王耀亮（乡党委书记）"."""
    return f"{member.name}（{member.title}）" if member.title else member.name


def group_printed(group: LeadingGroup, members: Sequence[GroupMember]) -> PrintedGroup:
    """Return the group's lines for paper; ``members`` are the serving rows in printed order,
    each with ``visible_persons`` (the persons the reader may see) where persons are shown."""
    labels = dict(Post.choices)
    posts = []
    for post in Post.values:
        names = [printed_name(m) for m in members if m.post == post]
        if names:
            posts.append(PostLine(str(labels[post]), "、".join(names)))
    office = _("The group's office: %(office)s") % {"office": group.office} if group.office else ""
    duties = [
        DutyLine(
            name=m.name,
            post=str(labels[m.post]),
            duties=m.duties,
            units="、".join(u.name for u in m.units.all()),
            persons="、".join(p.name for p in getattr(m, "visible_persons", [])),
        )
        for m in members
        if m.duties or m.units.all() or getattr(m, "visible_persons", [])
    ]
    return PrintedGroup(posts=posts, office=office, duties=duties)
