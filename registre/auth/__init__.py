"""Accounts: login, logout, passwords and API tokens."""
