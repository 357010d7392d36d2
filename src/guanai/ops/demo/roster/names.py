"""Names for the demo roster: Han, Tibetan and Yi, by sex and generation."""

from __future__ import annotations

from guanai.ops.demo.roster.shape import words

# Children carry today's given names, adults and elders those of their generation.
HAN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎"
    "贺顾毛郝龚邵万严覃戴向汤单解"
)
GIVEN_NAMES = {
    ("child", True): "浩然 宇轩 俊杰 梓豪 子墨 皓轩 博文 泽宇 一鸣 睿泽 晨阳 思远 俊熙 浩宇 "
    "天佑 嘉豪 明轩 家乐 鑫 磊 凯文 文博 锦程 铭杰 志豪 宇航 星辰 梓睿 昊天 乐 子轩 俊宇",
    ("child", False): "欣怡 诗琪 雨萱 佳怡 梓涵 一诺 雨桐 思雨 可馨 语嫣 梦瑶 婧 雪 悦 欣妍 "
    "若汐 紫涵 馨月 佳琪 晓雯 静怡 雨欣 梓萱 诗涵 心怡 佳欣 艺涵 婉婷 思琪 欣悦 子琪",
    ("adult", True): "建军 国华 志强 伟 强 勇 军 斌 涛 明 波 平 刚 洪 海 文华 德兵 小兵 建平 "
    "世勇 光荣 成刚 春林 学军 大伟 建华 红兵 永刚",
    ("adult", False): "丽 芳 敏 静 燕 红梅 小琴 春梅 晓燕 霞 丽华 琼 英 萍 桂芳 素琼 德芬 "
    "小红 娟 丽萍 春燕 小芳 莉 海燕 冬梅",
    ("elder", True): "德明 光明 绍华 国清 志成 福贵 长生 树林 永福 德荣 世华 正清 炳华 云祥 "
    "国安 仕伦 德全 明亮 学文 兴发",
    ("elder", False): "秀英 桂兰 玉珍 淑芬 素珍 桂英 秀珍 玉兰 明珍 淑华 翠兰 德秀 素芬 秀华 "
    "华英 玉芳 桂芬 银珍",
}
GIVEN = {key: words(names) for key, names in GIVEN_NAMES.items()}
TIBETAN_FIRST = words("泽仁 格桑 次仁 尼玛 达瓦 洛绒 益西 降措 四郎 土登 阿旺 贡布 白玛 曲扎")
TIBETAN_SECOND = {
    True: words("多吉 扎西 罗布 平措 邓珠 彭措 顿珠 旺堆 江村 翁堆"),
    False: words("卓玛 拉姆 央金 曲珍 志玛 措姆 德吉 拥措 央宗 卓嘎"),
}
YI_SURNAMES = words("吉克 阿苏 沙马 曲比 海来 马海 阿约 俄木 吉木 阿尔")
YI_GIVEN = {
    True: words("拉且 阿火 尔布 木呷 克古 石日 伍沙 日哈"),
    False: words("阿依 阿呷 莫色 阿果 日洛 史者 阿妞 阿支"),
}
# 泸定县 is mostly Han, with Tibetan and some Yi families (weights).
ETHNICITIES = {"汉族": 82, "藏族": 14, "彝族": 3, "羌族": 1}
