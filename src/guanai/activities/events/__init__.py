"""Activities: events."""
