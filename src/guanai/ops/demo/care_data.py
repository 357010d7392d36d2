"""What the care demo draws from: its seed, the helpers' names, the summaries they write,
and the draw that carries the generator and the records made so far."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from guanai.care.models import CareKind, CareRecord
from guanai.registry.models import Person

SEED = 20261129
DAYS = 182  # six months of records
# Helper accounts the demo adds besides the ones in the README (same password).
TEACHERS_PER_SCHOOL = 3
SCHOOL_KEYS = ("luqiao_school", "second_school", "lengqi_school", "xinglong_school")
TOWNSHIP_KEYS = ("luqiao", "lengqi", "xinglong")
VILLAGE_KEYS = ("zanli", "anle", "ganlusi", "tuanjie", "shencun", "hualin")
TEACHER_NAMES = [
    "王芳",
    "刘洋",
    "陈静",
    "杨帆",
    "赵敏",
    "黄磊",
    "周婷",
    "吴刚",
    "徐丽",
    "孙强",
    "马琳",
    "朱红",
]
CADRE_NAMES = ["李建华", "张国强", "何志明", "罗永红", "郑德才", "谢春梅"]
DIRECTOR_NAMES = ["阿依", "拉姆措", "王春花", "杨秀兰", "张桂英", "刘晓燕"]

SUMMARIES: dict[str, list[str]] = {
    CareKind.TALK: [
        "聊了最近的学习，数学作业有进步，鼓励继续保持。",
        "说起想念在外打工的妈妈，情绪有些低落，约好下周再聊。",
        "和同桌闹了点矛盾，帮他分析原因，两人已经和好。",
        "最近睡得晚，提醒按时作息，已告诉奶奶留意。",
        "期中考试前有些紧张，教了几个放松的办法。",
        "主动说起周末帮爷爷干农活，表扬了他的懂事。",
        "上课注意力不集中，约定每天课后一起检查作业。",
    ],
    CareKind.HOME_VISIT: [
        "与奶奶交流孩子在家情况，家里收拾得干净，作业有人督促。",
        "爷爷腿脚不便，孩子承担了部分家务，已请村委会帮忙。",
        "看了孩子的学习角，送去台灯和练习本。",
        "监护人反映孩子周末爱玩手机，商量了使用时间。",
    ],
    CareKind.CONDOLENCE_VISIT: [
        "送去米、油和慰问金，老人身体尚好，叮嘱注意保暖。",
        "助残日走访，了解康复需求，已登记辅具申请。",
        "春节前走访慰问，检查了家中用电用火安全。",
        "了解到近期看病花费较多，已告知医疗救助申请办法。",
    ],
    CareKind.FAMILY_CALL: [
        "孩子与在外打工的父亲通话，说了考试成绩，很开心。",
        "和妈妈视频通话，妈妈答应暑假回来看他。",
        "父母询问了在校情况，叮嘱孩子听老师的话。",
    ],
    CareKind.COUNSELLING: [
        "心理辅导室沙盘游戏，孩子表达了对父母的思念。",
        "做了情绪卡片练习，孩子能说出自己难过的原因。",
    ],
    CareKind.LETTER: ["指导孩子给在外务工的父母写信，已寄出。"],
    CareKind.BIRTHDAY: ["班上为孩子过集体生日，送上贺卡和蛋糕。"],
    CareKind.TUTORING: [
        "讲解数学应用题，孩子能独立完成练习。",
        "辅导语文阅读，一起读完了一篇课文。",
    ],
}
NEEDS = ["", "", "", "需要一套冬季校服", "希望有人辅导英语", "监护人身体不好，需要关注"]


@dataclass
class CareDraw:
    rng: random.Random
    today: date
    records: list[tuple[CareRecord, list[Person]]] = field(default_factory=list)

    def day_back(self, days: int) -> date:
        return self.today - timedelta(days=days)
