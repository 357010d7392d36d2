"""The acknowledgement list's rule (感谢名单, 篇四): groups in plan 四's order, names in a
stable order, anonymous donors counted and never named, duplicates once, empty groups
left out, amounts only when asked."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from guanai.community.thanks import engine
from guanai.community.thanks.engine import Gift, Line, RoleHolder


def cash(name: str, amount: str, kind: str = "person") -> Gift:
    return Gift(donor_kind=kind, donor_name=name, kind="cash", amount=Decimal(amount))


def goods(name: str, item: str, quantity: int, kind: str = "company") -> Gift:
    return Gift(
        donor_kind=kind, donor_name=name, kind="in_kind", item=item, quantity=quantity, measure="台"
    )


def texts(lines: list[Line], group: str) -> list[str]:
    return [line.text for line in lines if line.group == group]


def test_groups_come_in_plan_fours_order_and_empty_groups_are_left_out() -> None:
    roles = [
        RoleHolder("writer", "周杰"),
        RoleHolder("participant", "王芳"),
        RoleHolder("lead", "李娜"),
        RoleHolder("scout", "张伟"),
        RoleHolder("lead_giver", "刘洋"),
    ]
    lines = engine.build_lines(roles, [goods("泸定县兴达家电商行", "大容量洗衣机", 2)])
    groups = engine.grouped(lines)
    assert [g.key for g in groups] == [
        "lead",
        "lead_giver",
        "scout",
        "donor",
        "participant",
        "writer",
    ]
    # No driver: the group is not there at all.
    assert "driver" not in {line.group for line in lines}


def test_a_volunteer_with_several_roles_appears_in_each_group() -> None:
    roles = [
        RoleHolder("participant", "王芳"),
        RoleHolder("driver", "王芳"),
        RoleHolder("donor", "王芳"),
    ]
    lines = engine.build_lines(roles, [])
    assert texts(lines, "participant") == ["王芳"]
    assert texts(lines, "driver") == ["王芳"]
    assert texts(lines, "donor") == ["王芳"]


def test_names_are_in_pinyin_order_within_a_group() -> None:
    roles = [RoleHolder("participant", n) for n in ["张伟", "陈静", "王芳", "程立", "安然"]]
    # an1, chen2, cheng2, wang2, zhang1
    assert texts(engine.build_lines(roles, []), "participant") == [
        "安然",
        "陈静",
        "程立",
        "王芳",
        "张伟",
    ]


def test_anonymous_donors_are_counted_never_named() -> None:
    gifts = [
        cash("", "100", kind="anonymous"),
        cash("不愿具名的张先生", "200", kind="anonymous"),
        cash("", "50", kind="person"),  # a person who left no name: 爱心人士 too
        cash("李明", "500"),
    ]
    lines = engine.build_lines([], gifts)
    donors = texts(lines, "donor")
    assert donors[0] == "李明"
    assert len(donors) == 2
    assert "3" in donors[1]
    assert all("张先生" not in line.text for line in lines)


def test_amounts_are_shown_only_when_asked() -> None:
    gifts = [cash("李明", "500"), cash("李明", "300"), cash("", "100", kind="anonymous")]
    hidden = texts(engine.build_lines([], gifts), "donor")
    shown = texts(engine.build_lines([], gifts, show_amounts=True), "donor")
    assert hidden[0] == "李明"
    assert not any("¥" in t for t in hidden)
    assert shown[0] == "李明（¥800.00）"
    assert "¥100.00" in shown[1]


def test_a_company_is_named_by_its_name_with_its_goods_summed() -> None:
    gifts = [
        goods("泸定县兴达家电商行", "大容量洗衣机", 2),
        goods("泸定县兴达家电商行", "大容量洗衣机", 1),
        goods("四川康定某建材有限公司", "餐桌凳子", 10),
    ]
    assert texts(engine.build_lines([], gifts), "donor") == [
        "泸定县兴达家电商行（大容量洗衣机 3 台）",
        "四川康定某建材有限公司（餐桌凳子 10 台）",
    ]


def test_duplicates_print_once() -> None:
    roles = [RoleHolder("donor", "李明"), RoleHolder("scout", "张伟"), RoleHolder("scout", "张伟")]
    lines = engine.build_lines(roles, [cash("李明", "500"), cash("李明 ", "20")])
    assert texts(lines, "donor") == ["李明"]
    assert texts(lines, "scout") == ["张伟"]


def test_chat_text_has_one_line_per_group() -> None:
    lines = engine.build_lines(
        [RoleHolder("lead", "李娜"), RoleHolder("lead", "张三")], [cash("李明", "5")]
    )
    text = engine.chat_text("感谢名单", engine.grouped(lines), "谢谢大家！")
    rows = text.splitlines()
    assert rows[0] == "感谢名单"
    assert rows[1].endswith("：李娜、张三")
    assert rows[2].endswith("：李明")
    assert rows[-1] == "谢谢大家！"


def test_a_campaign_thanks_its_donors() -> None:
    lines = engine.campaign_lines([cash("王芳", "200"), cash("", "2000", kind="anonymous")])
    assert [line.group for line in lines] == ["donor", "donor"]
    assert lines[0].text == "王芳"


NAMES = st.text(alphabet="王李张刘陈杨赵黄周吴徐孙马朱胡abc", min_size=1, max_size=4)


@given(
    roles=st.lists(st.tuples(st.sampled_from(engine.GROUPS), NAMES), max_size=30),
    donors=st.lists(st.tuples(st.sampled_from(["person", "company", "anonymous"]), NAMES)),
)
def test_no_name_is_lost_and_the_order_does_not_depend_on_the_input(
    roles: list[tuple[str, str]], donors: list[tuple[str, str]]
) -> None:
    holders = [RoleHolder(role, name) for role, name in roles]
    gifts = [cash(name, "10", kind=kind) for kind, name in donors]
    lines = engine.build_lines(holders, gifts)
    again = engine.build_lines(list(reversed(holders)), list(reversed(gifts)))
    assert lines == again
    for role, name in roles:
        if role != "donor":
            assert Line(role, name) in lines
    named = {name for kind, name in donors if kind != "anonymous"} | {
        name for role, name in roles if role == "donor"
    }
    assert set(texts(lines, "donor")) >= named
    # The groups come in plan 四's order, each once.
    seen = [line.group for line in lines]
    order = [g for g in engine.GROUPS if g in seen]
    assert sorted(seen, key=order.index) == seen
    # Anonymous names never appear.
    anonymous = {name for kind, name in donors if kind == "anonymous"} - named
    assert not anonymous & set(texts(lines, "donor"))
