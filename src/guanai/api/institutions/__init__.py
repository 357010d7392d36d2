"""The care institutions API: one router per sub-domain of ``guanai.institutions``
(``register``: the institutions, their profile, checklist and evidence; ``roster``: staff,
certificates, trainings)."""
