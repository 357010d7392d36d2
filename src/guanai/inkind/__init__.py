"""Assistance in kind and projects (issue 19): devices, rehabilitation, housing renovation,
training, loans — the catalogue, requests to delivery, eligible but not served, targets."""
