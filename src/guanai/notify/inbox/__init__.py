"""The inbox pages: the list, read and archive, the badge."""
