"""What the reporting demo follows: how each township's monthly reports went up (``PLAN``)
and the highlights their narratives open with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

MONTHS = 6
TOWNSHIP_KEYS = ("luqiao", "lengqi", "xinglong")
REVIEWER = "county_leader"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Persons the survey found beyond those on file (not registered yet), per township: the
# registration rate of 冷碛镇 is 100 %, the others' a little under.
SURVEY_EXTRA = {"luqiao": 9, "lengqi": 0, "xinglong": 17}


@dataclass(frozen=True)
class Filing:
    """How one township's report of one month went up.

    ``day`` and ``hour``: when it was first submitted, in the following month (None: it
    never was). ``change``: a figure changed by hand (figure, amount added, reason).
    ``returned``: the county's comment when it returned the report; the clerk adds
    ``fix`` to the narrative and submits again two days later.
    """

    day: int | None
    hour: int = 10
    note: str = ""
    change: tuple[str, int, str] | None = None
    returned: str = ""
    fix: str = ""


# Months back → township → how its report went.
PLAN: dict[int, dict[str, Filing]] = {
    6: {"luqiao": Filing(10), "lengqi": Filing(12, 15), "xinglong": Filing(14, 9)},
    5: {
        "luqiao": Filing(9, 16),
        "lengqi": Filing(18, 11, note="因镇村干部集中参加业务培训，本月月报延迟报送。"),
        "xinglong": Filing(13),
    },
    4: {
        "luqiao": Filing(11),
        "lengqi": Filing(
            8,
            returned="叙述中未写明入户走访发现的问题及处理情况，请补充后重新报送。",
            fix="走访中发现2户留守儿童家庭住房漏雨，已报镇民政办协调维修，并由结对干部跟踪落实。",
        ),
        "xinglong": Filing(
            20, 15, note="因负责月报的工作人员岗位调整，交接期间延迟报送，已指定专人负责。"
        ),
    },
    3: {
        "luqiao": Filing(
            12,
            change=(
                "visits",
                3,
                "咱里村3次入户走访记在村里的纸质走访本上，尚未补录系统，按实际走访次数上报。",
            ),
        ),
        "lengqi": Filing(14, 17),
        "xinglong": Filing(None),
    },
    2: {
        "luqiao": Filing(15, 17),
        "lengqi": Filing(10),
        "xinglong": Filing(16, 9, note="因村级数据核对未完成，延迟一天报送。"),
    },
    1: {"luqiao": Filing(9), "lengqi": Filing(11, 15), "xinglong": Filing(13)},
}
# The first line of a narrative is the highlight the county's bulletin quotes.
HIGHLIGHTS = {
    "luqiao": [
        "泸桥镇中心小学开展“亲情电话周”，留守儿童每周与在外务工的父母通话一次。",
        "安乐社区组织志愿者为三无人员、特困老人上门理发、打扫卫生。",
        "泸定县第二小学为随迁子女开设课后辅导班，由学科教师轮流值守。",
        "咱里村“代家长”逐户上门，核对留守儿童监护人联系方式。",
        "镇关爱志愿者与泸定县幼儿园联合开展亲子阅读活动。",
        "镇民政办对低保对象开展入户核查，更新家庭收入情况。",
    ],
    "lengqi": [
        "冷碛镇中心小学为本月过生日的留守儿童集体过生日。",
        "甘露寺村结对干部为残疾人家庭送去轮椅等辅助器具。",
        "团结村组织留守儿童开展“写给爸爸妈妈的一封信”活动。",
        "镇里对特困供养人员开展逐户走访，了解生活和就医需求。",
        "冷碛镇中心小学心理教师为单亲家庭儿童开展团体辅导。",
        "镇关爱帮扶工作领导小组召开月度例会，通报各村帮扶进度。",
    ],
    "xinglong": [
        "兴隆镇中心小学为留守儿童建立成长记录袋，班主任每月更新。",
        "沈村结对干部陪同重大疾病患者复诊，协助办理医疗救助。",
        "化林村组织志愿者为孤寡老人开展健康义诊。",
        "镇里对事实无人抚养儿童逐一核实监护情况，落实监护责任。",
        "兴隆镇中心小学开展安全教育进家庭活动，家访覆盖全部留守儿童。",
        "镇民政办集中办理残疾人两项补贴年审。",
    ],
}


def local_time(day: date, hour: int, minute: int = 0) -> datetime:
    """Return ``hour:minute`` of ``day`` in 泸定县's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)
