"""The community models, one module per sub-domain."""
