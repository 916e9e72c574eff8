"""The rows of one fiche sheet (CNIL sheet 3): labels in column A, values from column B.

Sections come in :data:`registre.exports.layout.FICHE_SECTIONS` order; each section starts
with a heading row (its title in A, its column labels from B) followed by one row per line.
The PDF renders the same rows, so a fiche reads the same everywhere.
"""
from collections.abc import Iterator

from registre.exports.layout import (
    ACTOR_COLUMNS,
    CNIL_DATA_LABELS,
    CNIL_SENSITIVE_LABELS,
    FICHE_SECTIONS,
    date_text,
    document_text,
    joined,
    retention_text,
    yes_no,
)
from registre.models import (
    Art9Condition,
    ConsentSignatories,
    DataCategory,
    DpiaCriterion,
    DpiaStatus,
    Guarantee,
    Hosting,
    Informed,
    LegalBasis,
    RecipientKind,
    SecurityMeasureKind,
    Status,
    SubjectCategory,
)
from registre.models.activity import RIGHTS
from registre.models.vocabularies import ActivityScope

Row = tuple[bool, list]  # (is a heading, values)


def _heading(title: str, *columns: str) -> Row:
    return True, [title, *columns]


def _line(label: str, *values) -> Row:
    return False, [label, *values]


def _actor(label: str, contact: dict | None) -> Row:
    contact = contact or {}
    name = " — ".join(part for part in (contact.get("title"), contact.get("name")) if part)
    return _line(label, name, contact.get("address", ""), "", "", "", contact.get("phone", ""),
                 contact.get("email", ""))


def fiche_rows(activity: dict, context) -> Iterator[Row]:
    """Yield the rows of an activity's fiche."""
    sections = iter(FICHE_SECTIONS)
    yield _heading(f"Fiche de registre — {activity['name']}")
    yield _heading(next(sections))
    yield _line("Nom du traitement", activity["name"])
    yield _line("N° / RÉF", activity["reference"])
    yield _line("Date de création du traitement", date_text(activity["created_at"]))
    yield _line("Mise à jour du traitement", date_text(activity["updated_at"]))
    yield _line("Statut", Status.label_of(activity["status"]))
    yield _line("Date de fin", date_text(activity.get("ended_on")))
    yield _line("Établissement", f"{context.organisation_name(activity['uai'])} "
                                 f"({activity['uai']})")
    yield _line("Portée", ActivityScope.label_of(activity.get("scope")))
    yield _line("Texte réglementaire", activity.get("legal_text", ""))
    yield _line("Logiciel", activity.get("software", ""))
    yield _line("Éditeur du logiciel", activity.get("software_vendor", ""))
    yield _line("Dernière revue", date_text(activity.get("last_reviewed_on")))
    yield _line("Prochaine revue", date_text(activity.get("next_review_on")))

    yield _heading(next(sections), *ACTOR_COLUMNS)
    yield _actor("Responsable du traitement", activity.get("controller"))
    yield _actor("Délégué à la protection des données", context.dpd_contact)
    yield _line("Société du DPO (si celui-ci est externe)")
    yield _actor("Représentant", activity.get("representative"))
    joint = activity.get("joint_controllers") or []
    for row in joint or [{}]:
        label, values = _actor("Responsable(s) conjoint(s)", row)
        yield label, values + ([row["role_split"]] if row.get("role_split") else [])

    yield _heading(next(sections))
    yield _line("Finalité principale", activity.get("purpose", ""))
    for number, text in enumerate(activity.get("sub_purposes") or [], start=1):
        yield _line(f"Sous-finalité {number}", text)

    rows = activity.get("data_categories") or []
    yield _heading(next(sections), "Description", "", "", "Durée de conservation")
    for row in rows:
        if row.get("category") != "sensible":
            label = CNIL_DATA_LABELS.get(row["category"]) or DataCategory.label_of(row["category"])
            yield _line(label, row.get("description", ""), "", "", retention_text(row))
    yield _heading(next(sections), "Description", "", "", "Durée de conservation")
    for row in rows:
        if row.get("category") == "sensible":
            label = CNIL_SENSITIVE_LABELS.get(row.get("sensitive_kind") or "", "Données sensibles")
            yield _line(label, row.get("description", ""), "", "", retention_text(row))

    yield _heading(next(sections), "Description", "", "", "Précisions")
    for number, row in enumerate(activity.get("subject_categories") or [], start=1):
        yield _line(f"Catégorie de personnes {number}",
                    SubjectCategory.label_of(row.get("category")), "", "", row.get("details", ""))

    yield _heading(next(sections), "Type de destinataire", "", "", "Précisions")
    for number, row in enumerate(activity.get("recipients") or [], start=1):
        details = [row.get("name") or ""]
        processor = context.processor_name(row.get("processor_id"))
        if processor:
            details.append(f"sous-traitant : {processor}")
        if row.get("data_categories"):
            details.append("données transmises : " + ", ".join(
                DataCategory.label_of(item) for item in row["data_categories"]))
        yield _line(f"Destinataire {number}", RecipientKind.label_of(row.get("kind")), "", "",
                    " — ".join(part for part in details if part))

    yield _heading(next(sections), "Type de mesure de sécurité", "", "", "Précisions")
    for number, row in enumerate(activity.get("security_measures") or [], start=1):
        yield _line(f"Mesure de sécurité {number}", SecurityMeasureKind.label_of(row.get("kind")),
                    "", "", row.get("details", ""))

    yield _heading(next(sections), "Destinataire", "Pays", "Type de Garanties", "",
                   "Liens vers la documentation")
    for number, row in enumerate(activity.get("transfers") or [], start=1):
        yield _line(f"Organisme destinataire {number}", row.get("recipient", ""),
                    row.get("country", ""), Guarantee.label_of(row.get("guarantee")), "",
                    row.get("documentation", ""))

    yield from _school_sections(activity, context, sections)


def _school_sections(activity: dict, context, sections) -> Iterator[Row]:
    yield _heading(next(sections), "Base", "Justification")
    for number, row in enumerate(activity.get("legal_bases") or [], start=1):
        yield _line(f"Base légale {number}", LegalBasis.label_of(row.get("basis")),
                    row.get("justification", ""))
    yield _line("Condition de l'article 9", Art9Condition.label_of(activity.get("art9_condition")))
    yield _line("Décision automatisée", yes_no(activity.get("automated_decision")),
                activity.get("automated_decision_details", ""))
    yield _line("Source des données", activity.get("data_source", ""))
    yield _line("Collecte obligatoire", yes_no(activity.get("collection_mandatory")))

    yield _heading(next(sections))
    yield _line("Concerne des mineurs", yes_no(activity.get("concerns_minors")))
    yield _line("Âge minimum", activity.get("min_age"))
    yield _line("Âge maximum", activity.get("max_age"))
    yield _line("Concerne des moins de 15 ans", yes_no(activity.get("concerns_under_15")))
    yield _line("Consentement requis", yes_no(activity.get("consent_required")))
    yield _line("Motif", activity.get("consent_reason", ""))
    yield _line("Signataires du consentement",
                ConsentSignatories.label_of(activity.get("consent_signatories")))
    yield _line("Texte du consentement (titre, version, lien)",
                *document_text(activity.get("consent_text")))
    yield _line("Recueil du consentement", activity.get("consent_collection", ""))
    yield _line("Retrait du consentement", activity.get("consent_withdrawal", ""))

    yield _heading(next(sections))
    yield _line("Personnes informées", Informed.label_of(activity.get("informed")))
    yield _line("Moyen d'information", activity.get("information_channel", ""))
    yield _line("Date de l'information", date_text(activity.get("information_date")))
    yield _line("Notice d'information (titre, version, lien)",
                *document_text(activity.get("information_notice")))
    yield _line("Texte de l'information", activity.get("information_text", ""))
    yield _line("Avis ou information de l'instance",
                date_text(activity.get("governance_opinion_date")))
    yield _line("Droits des personnes", joined(
        RIGHTS[key][0] for key in activity.get("rights") or [] if key in RIGHTS))
    yield _line("Contact pour l'exercice des droits", activity.get("rights_contact", ""))

    yield _heading(next(sections))
    yield _line("Hébergement", Hosting.label_of(activity.get("hosting")))
    yield _line("Hébergeur", context.processor_name(activity.get("hosting_processor_id")))
    yield _line("Pays de stockage", joined(activity.get("storage_countries") or []))

    yield _heading(next(sections))
    yield _line("Critères AIPD", joined(
        DpiaCriterion.label_of(item) for item in activity.get("dpia_criteria") or []))
    yield _line("Statut de l'AIPD", DpiaStatus.label_of(activity.get("dpia_status")))
    yield _line("Date de l'AIPD", date_text(activity.get("dpia_date")))
    yield _line("Lien vers l'AIPD", activity.get("dpia_url", ""))

    yield _heading(next(sections))
    yield _line("Notes internes", activity.get("internal_notes", ""))
