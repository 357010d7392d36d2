"""The catalogue of services (seeded from plan 八, ``seeded``) and its editing (``services``)."""

from guanai.inkind.catalogue.services import ServiceData, code_clean, service_create, service_update

__all__ = ["ServiceData", "code_clean", "service_create", "service_update"]
