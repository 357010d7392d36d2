"""Reports through the API, one module per sub-domain of ``guanai.reports``."""
