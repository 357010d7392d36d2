"""The API of assistance in kind: the catalogue, requests, not served and targets."""
