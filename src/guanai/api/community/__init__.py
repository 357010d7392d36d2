"""The community API: one router per sub-domain of ``guanai.community``."""
