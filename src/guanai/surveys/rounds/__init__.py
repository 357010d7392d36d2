"""rounds of surveys."""
