"""Uploaded lists: reading, matching, the findings they raise, their retention.

The package re-exports its public functions; import them from ``guanai.crosscheck.lists``.
"""

from guanai.crosscheck.lists.services import ListData, list_folder, list_upload

__all__ = ["ListData", "list_folder", "list_upload"]
