"""Placeholder until the demo content lands."""
DEMO_PASSWORD = "Registre-demo-2026!"
DEMO_USERS: list[tuple[str, str, str]] = []


def seed_demo() -> None:
    """Create the demo data (not written yet)."""
