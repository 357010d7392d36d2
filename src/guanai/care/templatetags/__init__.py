"""Template tags and filters of the care app."""
