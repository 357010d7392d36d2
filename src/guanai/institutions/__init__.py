"""Care institutions (托养机构, plan 五): the register of institutions, the national service
standard as a living checklist, and the staff roster.

Sub-domains, each a package in the shape of ``benefits/rolls/``: ``register`` (the
institutions a user sees and their profile), ``roster`` (staff, certificates, trainings) and
``checklist`` (the standard's items decided for one institution, the manual evidence). The
rules themselves are the pure engine ``standard``. Institutions sit one layer above care,
benefits and activities (DESIGN §4): of them they may use benefits only.
"""
