"""The dated reference data behind the transfer rules."""
from datetime import date

from registre.compliance.reference import ADEQUACY_DECISIONS, CHECKED_ON, adequacy_decision
from registre.countries import EEA_COUNTRIES, EU_COUNTRIES, in_eea


def test_eu_and_eea_countries():
    assert len(EU_COUNTRIES) == 27 and len(EEA_COUNTRIES) == 30
    assert in_eea("fr") and in_eea(" NO ") and not in_eea("CH") and not in_eea("")


def test_adequacy_decisions_are_dated_and_exclude_international_organisations():
    assert set(ADEQUACY_DECISIONS) == {"AD", "AR", "BR", "CA", "FO", "GG", "IL", "IM", "JP", "JE",
                                       "NZ", "KR", "CH", "GB", "UY", "US"}
    assert adequacy_decision("us").decided_on == date(2023, 7, 10)
    assert "DPF" in adequacy_decision("US").scope_note
    assert "PIPEDA" in adequacy_decision("CA").scope_note
    assert adequacy_decision("IN") is None
    assert all(decision.decided_on <= CHECKED_ON for decision in ADEQUACY_DECISIONS.values())
    assert not set(ADEQUACY_DECISIONS) & EEA_COUNTRIES
