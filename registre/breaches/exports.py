"""The breach register as an export, in a layout close to the CNIL's notification form."""
from datetime import datetime

from registre.breaches.clock import breach_clock
from registre.breaches.findings import informed_text
from registre.breaches.serialization import breach_to_dict
from registre.dates import format_date, format_datetime
from registre.exports.records import RecordExport, RecordFiche
from registre.models import (
    Academie,
    Breach,
    BreachNature,
    BreachOrigin,
    BreachRisk,
    DataCategory,
    Notification,
    Organisation,
    SubjectCategory,
)

TITLE = "Registre des violations de données personnelles"


def _labels(enum_cls, values) -> str:
    return " ; ".join(enum_cls.label_of(value) for value in values or [])


def _activities(breach: Breach) -> str:
    return " ; ".join(f"{activity.reference} {activity.name}" for activity in breach.activities)


# Every field of a breach in the CNIL form's order: (header, cell of (breach, clock)).
_COLUMNS = [
    ("UAI", lambda b, c: b.organisation.uai),
    ("Établissement", lambda b, c: b.organisation.name),
    ("N° / RÉF", lambda b, c: b.reference),
    ("Statut", lambda b, c: b.status.label),
    ("Survenue le", lambda b, c: format_datetime(b.occurred_at)),
    ("Découverte le", lambda b, c: format_datetime(b.discovered_at)),
    ("Maîtrisée le", lambda b, c: format_datetime(b.contained_at)),
    ("Échéance des 72 heures", lambda b, c: format_datetime(c.deadline)),
    ("Délai de 72 heures", lambda b, c: c.text),
    ("Description des circonstances", lambda b, c: b.description),
    ("Nature", lambda b, c: _labels(BreachNature, b.nature)),
    ("Origine", lambda b, c: BreachOrigin.label_of(b.origin) or "Non renseignée"),
    ("Catégories de personnes", lambda b, c: _labels(SubjectCategory, b.subject_categories)),
    ("Nombre approximatif de personnes", lambda b, c: b.approx_subjects),
    ("Catégories de données", lambda b, c: _labels(DataCategory, b.data_categories)),
    ("Nombre approximatif d'enregistrements", lambda b, c: b.approx_records),
    ("Traitements concernés", lambda b, c: _activities(b)),
    ("Conséquences probables", lambda b, c: b.likely_consequences),
    ("Niveau de risque", lambda b, c: BreachRisk.label_of(b.risk) or "À évaluer"),
    ("Mesures prises", lambda b, c: b.measures_taken),
    ("Mesures envisagées", lambda b, c: b.measures_planned),
    ("Notifiée à la CNIL", lambda b, c: Notification.label_of(b.cnil_notified)),
    ("Notifiée le", lambda b, c: format_datetime(b.cnil_notified_at)),
    ("Numéro de notification CNIL", lambda b, c: b.cnil_reference),
    ("Motif de l'absence de notification", lambda b, c: b.cnil_not_notified_reason),
    ("Motif du retard de notification", lambda b, c: b.cnil_late_reason),
    ("Personnes informées (art. 34)", lambda b, c: informed_text(b)),
    ("Close le", lambda b, c: format_datetime(b.closed_at)),
    ("Enregistrée le", lambda b, c: format_datetime(b.created_at)),
    ("Dernière mise à jour", lambda b, c: format_datetime(b.updated_at)),
]
HEADERS = [header for header, _ in _COLUMNS]


# The fiche's sections, as on the CNIL's notification form: the columns each one shows.
_SECTIONS = [
    ("Chronologie", ["Survenue le", "Découverte le", "Maîtrisée le", "Échéance des 72 heures",
                     "Délai de 72 heures"]),
    ("Nature de la violation", ["Description des circonstances", "Nature", "Origine"]),
    ("Données et personnes concernées", [
        "Catégories de personnes", "Nombre approximatif de personnes", "Catégories de données",
        "Nombre approximatif d'enregistrements", "Traitements concernés"]),
    ("Conséquences probables", ["Conséquences probables", "Niveau de risque"]),
    ("Mesures prises et envisagées", ["Mesures prises", "Mesures envisagées"]),
    ("Notification à la CNIL (art. 33)", [
        "Notifiée à la CNIL", "Notifiée le", "Numéro de notification CNIL",
        "Motif de l'absence de notification", "Motif du retard de notification"]),
    ("Information des personnes concernées (art. 34)", ["Personnes informées (art. 34)"]),
    ("Suivi", ["Statut", "Close le", "Enregistrée le", "Dernière mise à jour"]),
]


def _fiche(breach: Breach, columns: dict) -> RecordFiche:
    organisation = breach.organisation
    academie = organisation.academie
    controller = " — ".join(part for part in (organisation.controller_title,
                                               organisation.controller_name,
                                               organisation.controller_email) if part)
    sections = [("Organisme", [("Établissement", f"{organisation.name} ({organisation.uai})"),
                               ("Responsable du traitement", controller),
                               ("Délégué à la protection des données",
                                f"{academie.dpd_name} — {academie.dpd_email}")])]
    sections += [(title, [(label, columns[label]) for label in labels])
                 for title, labels in _SECTIONS]
    return RecordFiche(breach.reference, format_date(breach.discovered_at), sections)


def breach_export(breaches: list[Breach], now: datetime, organisation: Organisation | None = None,
                  academie: Academie | None = None) -> RecordExport:
    """The export of one organisation's breaches (with a fiche each) or of an académie's."""
    rows, fiches = [], []
    for breach in breaches:
        clock = breach_clock(breach, now)
        row = [cell(breach, clock) for _, cell in _COLUMNS]
        rows.append(row)
        if organisation is not None:
            fiches.append(_fiche(breach, dict(zip(HEADERS, row))))
    owner = organisation.academie if organisation else academie
    return RecordExport(
        kind="violations", title=TITLE,
        scope_label=(f"{organisation.name} ({organisation.uai})" if organisation
                     else f"Académie de {academie.name}"),
        code=organisation.uai if organisation else academie.code, generated_at=now,
        list_sheet="Violations", headers=HEADERS, rows=rows,
        json_format="registre-violations/1", json_records_key="breaches",
        records=[breach_to_dict(breach) for breach in breaches], fiches=fiches,
        header_lines=[("Délégué à la protection des données",
                       f"{owner.dpd_name} — {owner.dpd_email}"),
                      ("Nombre de violations", str(len(breaches)))])
