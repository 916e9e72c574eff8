"""Dated reference data for the transfer rules: adequacy decisions (EU/EEA: registre.countries).

Sources: European Commission, "Adequacy decisions" page (list of countries recognised under
article 45 GDPR) and each implementing decision cited below. The United States are adequate
only for organisations certified under the EU–US Data Privacy Framework.
Update ``CHECKED_ON`` whenever the list is verified again.
"""
from dataclasses import dataclass
from datetime import date

from registre.countries import normalize_country

# The date this list was last compared with the Commission's page.
CHECKED_ON = date(2026, 11, 28)


@dataclass(frozen=True)
class AdequacyDecision:
    """A Commission adequacy decision for one country."""

    country: str
    name: str
    decided_on: date
    reference: str
    scope_note: str = ""


ADEQUACY_DECISIONS: dict[str, AdequacyDecision] = {decision.country: decision for decision in (
    AdequacyDecision("AD", "Andorre", date(2010, 10, 19), "décision 2010/625/UE"),
    AdequacyDecision("AR", "Argentine", date(2003, 6, 30), "décision 2003/490/CE"),
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
                     "décision d'exécution (UE) 2021/1772"),
    AdequacyDecision("UY", "Uruguay", date(2012, 8, 21), "décision 2012/484/UE"),
    AdequacyDecision("US", "États-Unis", date(2023, 7, 10),
                     "décision d'exécution (UE) 2023/1795 (EU–US Data Privacy Framework)",
                     "uniquement pour un destinataire certifié DPF"),
)}

# Countries whose adequacy depends on the recipient's own certification.
CERTIFICATION_ONLY = frozenset({"US"})


def adequacy_decision(country: str) -> AdequacyDecision | None:
    """Return the adequacy decision covering a country, or None."""
    return ADEQUACY_DECISIONS.get(normalize_country(country))
