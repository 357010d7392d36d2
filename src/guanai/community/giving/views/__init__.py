"""Giving's pages: the needs board, donations and matching, the charity funds."""
