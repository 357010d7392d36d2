"""The cross-checks API (数据比对): lists uploaded and compared, and their findings."""
