"""Community (社会力量): volunteer groups and volunteers with their roles and service hours,
volunteer visits, needs lists, donations in cash and in kind, the charity fund with its
charity day, and the acknowledgement lists (感谢名单) of plans 四 and 八.

Sub-domains, each a package in the shape of ``benefits/rolls/``: ``volunteers`` (volunteers,
volunteer visits on ``activities`` events, hours) and ``giving`` (needs, donations, the fund,
campaigns). Community sits one layer above care, benefits and activities (DESIGN §4): of
them it uses activities' events only (import-linter keeps it from the others).
"""
