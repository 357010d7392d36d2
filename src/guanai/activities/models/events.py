"""The events models."""
