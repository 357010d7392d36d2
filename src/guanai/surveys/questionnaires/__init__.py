"""questionnaires of surveys."""
