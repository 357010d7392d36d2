"""answers of surveys."""
