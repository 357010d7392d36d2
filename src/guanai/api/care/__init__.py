"""The care app through the API, one module (and router) per sub-domain, as in ``care``."""
