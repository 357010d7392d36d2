"""The care app through the API: one router module per sub-domain, as ``guanai.care`` is."""
