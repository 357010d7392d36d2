"""The birthdays models."""
