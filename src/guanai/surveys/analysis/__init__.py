"""analysis of surveys."""
