"""What a public card leaves unanswered: one « Non renseigné » block per gap, counted once.

The card shows each gap as a block under the heading that asks it, and the page counts
the same list ("n questions sans réponse"), so the number and the blocks always agree.
"""
from registre.compliance.findings import PARENT_QUESTIONS
from registre.fiche.answers import NOT_PROVIDED
from registre.i18n import translate
from registre.public import wording


def _heading_of(question: str, card: dict) -> str:
    """The card heading under which a parents' question is shown."""
    if question == "donnees":
        return "destinataires" if card["data_categories"] else "donnees"
    return {"informes": "information", "accord": "accord", "texte": "accord",
            "stockage": "stockage", "duree": "duree"}[question]


def _other_gaps(card: dict, missing: list[str]) -> list[str]:
    """Gaps of the card beyond the six parents' questions (art. 13: purpose, basis…)."""
    found = []
    if not card["purpose"]:
        found.append("finalite")
    if card["national"] and not card["legal_text"]:
        found.append("texte_reference")
    if not card["legal_bases"]:
        found.append("base")
    if not card["subjects"]:
        found.append("personnes")
    if not card["recipients"] and "donnees" not in missing:
        found.append("destinataires")
    # Shown inline where the card asks them (heading ""), counted like the others.
    if card["controller"] is None:
        found.append("responsable")
    if card["automated_decision"] == "inconnu":
        found.append("decision_automatisee")
    if card["rights"] is None:
        found.append("droits")
    for row in card["recipients"]:
        contract = (row.get("processor") or {}).get("contract")
        if contract and not (contract["url"] or contract["reference"]) and contract["signed"] is None:
            found.append("contrat")
    host = card["storage"].get("host")
    if host and host["access_from_outside_eu"] is None:
        found.append("acces_hors_ue")
    consent = card["consent"]["answer"]
    not_provided = translate(NOT_PROVIDED)  # the answers are in the page's language
    if not consent["known"] and consent["headline"] != not_provided:
        found.append("accord_incoherent")  # "Non renseigné : les réponses se contredisent…"
    elif not consent["known"] and "accord" not in missing:
        found.append("accord_inconnu")
    found += ["portee_accord" for detail in consent["details"] if not_provided in detail]
    return found


def card_gaps(card: dict, missing: list[str]) -> list[dict]:
    """Every « Non renseigné » block of one card, in reading order: heading, key, words."""
    gaps = [{"question": key, "heading": _heading_of(key, card),
             "asked": translate(PARENT_QUESTIONS[key]), "message": str(wording.UNANSWERED[key])}
            for key in missing]
    for key in _other_gaps(card, missing):
        heading, asked, message = wording.OTHER_GAPS[key]
        gaps.append({"question": key, "heading": heading, "asked": str(asked),
                     "message": str(message)})
    order = [*wording.HEADINGS, ""]
    return sorted(gaps, key=lambda gap: order.index(gap["heading"]))
