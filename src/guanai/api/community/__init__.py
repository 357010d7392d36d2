"""The community API: volunteers and volunteer visits (``api.community.volunteers``)."""
