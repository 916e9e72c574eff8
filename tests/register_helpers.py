"""Helpers of the breach and rights-request tests: a frozen clock and ready-made records."""
from datetime import datetime

import pytest

from registre.models import base

# A Saturday in autumn, 10:00 in Paris (UTC+1): the instant the tests live at.
NOW = datetime(2026, 11, 28, 9, 0)


@pytest.fixture
def frozen(monkeypatch):
    """Freeze the clock of the registers (``registre.models.base.utcnow``) at :data:`NOW`."""
    state = {"now": NOW}
    monkeypatch.setattr(base, "utcnow", lambda: state["now"])

    def move_to(moment: datetime) -> None:
        state["now"] = moment

    return move_to
