"""Activities: birthdays."""
