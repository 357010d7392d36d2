"""The plans models."""
