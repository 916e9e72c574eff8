"""The input rules and fields every form uses (activities, catalogue, accounts, admin, API)."""
