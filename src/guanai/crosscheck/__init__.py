"""Cross-checks (数据比对): other agencies' lists matched with the registry, and findings."""
