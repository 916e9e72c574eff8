"""Académies and organisations."""
