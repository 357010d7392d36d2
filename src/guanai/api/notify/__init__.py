"""The notifications through the API (``guanai.notify``)."""
