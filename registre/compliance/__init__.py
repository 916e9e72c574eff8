"""Compliance findings: the register checks itself (design section 8)."""
