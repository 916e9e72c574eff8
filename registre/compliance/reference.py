"""Dated reference data for the transfer rules: adequacy decisions (EU/EEA: registre.countries).

Sources: European Commission, "Adequacy decisions" page (list of countries recognised under
article 45 GDPR) and each implementing decision cited below. The United States are adequate
only for organisations certified under the EU–US Data Privacy Framework.
Update ``CHECKED_ON`` whenever the list is verified again.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from registre.countries import normalize_country

# The date this list was last compared with the Commission's page.
CHECKED_ON = date(2026, 11, 28)


@dataclass(frozen=True)
class AdequacyDecision:
    """A Commission adequacy decision for one country, in force from ``decided_on`` to
    ``ends_on`` included (None: no end date)."""

    country: str
    name: str
    decided_on: date
    reference: str
    scope_note: str = ""
    ends_on: date | None = None

    def in_force(self, day: date) -> bool:
        """True when the decision applies on that day."""
        return self.decided_on <= day and (self.ends_on is None or day <= self.ends_on)


_UK_FIRST_END = date(2025, 12, 27)  # 2021/1772 ran until 27/06/2025, extended by six months

# Every decision, oldest first for a country; a renewed decision is a new entry.
DECISIONS: tuple[AdequacyDecision, ...] = (
    AdequacyDecision("AD", "Andorre", date(2010, 10, 19), "décision 2010/625/UE"),
    AdequacyDecision("AR", "Argentine", date(2003, 6, 30), "décision 2003/490/CE"),
    AdequacyDecision("BR", "Brésil", date(2026, 1, 26), "décision d'exécution (UE) 2026/179"),
    AdequacyDecision("CA", "Canada", date(2001, 12, 20), "décision 2002/2/CE",
                     "organisations commerciales soumises à la loi PIPEDA uniquement"),
    AdequacyDecision("FO", "Îles Féroé", date(2010, 3, 5), "décision 2010/146/UE"),
    AdequacyDecision("GG", "Guernesey", date(2003, 11, 21), "décision 2003/821/CE"),
    AdequacyDecision("IL", "Israël", date(2011, 1, 31), "décision 2011/61/UE"),
    AdequacyDecision("IM", "Île de Man", date(2004, 4, 28), "décision 2004/411/CE"),
    AdequacyDecision("JP", "Japon", date(2019, 1, 23), "décision d'exécution (UE) 2019/419"),
    AdequacyDecision("JE", "Jersey", date(2008, 5, 8), "décision 2008/393/CE"),
    AdequacyDecision("NZ", "Nouvelle-Zélande", date(2012, 12, 19), "décision 2013/65/UE"),
    AdequacyDecision("KR", "République de Corée", date(2021, 12, 17),
                     "décision d'exécution (UE) 2022/254"),
    AdequacyDecision("CH", "Suisse", date(2000, 7, 26), "décision 2000/518/CE"),
    AdequacyDecision("GB", "Royaume-Uni", date(2021, 6, 28),
                     "décision d'exécution (UE) 2021/1772 (prolongée jusqu'au 27/12/2025)",
                     ends_on=_UK_FIRST_END),
    AdequacyDecision("GB", "Royaume-Uni", _UK_FIRST_END + timedelta(days=1),
                     "décisions de renouvellement adoptées par la Commission le 19/12/2025",
                     ends_on=date(2031, 12, 27)),
    AdequacyDecision("UY", "Uruguay", date(2012, 8, 21), "décision 2012/484/UE"),
    AdequacyDecision("US", "États-Unis", date(2023, 7, 10),
                     "décision d'exécution (UE) 2023/1795 (EU–US Data Privacy Framework)",
                     "uniquement pour un destinataire certifié DPF"),
)

# The decision of each country in force on CHECKED_ON (the latest one for a renewed decision).
ADEQUACY_DECISIONS: dict[str, AdequacyDecision] = {
    decision.country: decision for decision in DECISIONS if decision.decided_on <= CHECKED_ON}

# Countries whose adequacy depends on the recipient's own certification.
CERTIFICATION_ONLY = frozenset({"US"})


def adequacy_in_force(country: str, day: date) -> AdequacyDecision | None:
    """The adequacy decision covering a country on that day (the rules' check date), or None."""
    code = normalize_country(country)
    for decision in DECISIONS:
        if decision.country == code and decision.in_force(day):
            return decision
    return None


def adequacy_decision(country: str) -> AdequacyDecision | None:
    """Return the adequacy decision covering a country on the day the list was checked."""
    return adequacy_in_force(country, CHECKED_ON)


def adequate_jurisdiction(country: str, day: date) -> bool:
    """True when a parent company's country has a general adequacy decision on that day.

    The United States are adequate only for DPF-certified recipients: the DPF does not take
    their companies out of US law (e.g. the CLOUD Act), so they are not an adequate
    jurisdiction here.
    """
    code = normalize_country(country)
    return code not in CERTIFICATION_ONLY and adequacy_in_force(code, day) is not None
