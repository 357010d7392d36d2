"""Chinese (simplified) formats."""
