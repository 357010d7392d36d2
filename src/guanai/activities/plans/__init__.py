"""Activities: plans."""
