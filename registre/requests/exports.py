"""The rights-request register as an export (list, one fiche per request, JSON)."""
from datetime import datetime

from registre.dates import format_date, format_datetime, local_date
from registre.exports.records import RecordExport, RecordFiche
from registre.models import Academie, Organisation, RequestOutcome, RightsRequest
from registre.requests.deadlines import request_due
from registre.requests.serialization import request_to_dict
from registre.templating import yes_no

TITLE = "Registre des demandes d'exercice des droits"


def _activities(request: RightsRequest) -> str:
    return " ; ".join(f"{activity.reference} {activity.name}" for activity in request.activities)


# Every field in the order of the fiche: (header, cell of (request, due state)).
_COLUMNS = [
    ("UAI", lambda r, d: r.organisation.uai),
    ("Établissement", lambda r, d: r.organisation.name),
    ("N° / RÉF", lambda r, d: r.reference),
    ("Statut", lambda r, d: r.status.label),
    ("Reçue le", lambda r, d: format_date(r.received_at)),
    ("Canal", lambda r, d: r.channel.label),
    ("Droit exercé", lambda r, d: r.kind.label),
    ("Demandeur", lambda r, d: r.requester_kind.label),
    ("Nom du demandeur", lambda r, d: r.requester_name),
    ("Contact du demandeur", lambda r, d: r.requester_contact),
    ("Demande (texte reçu)", lambda r, d: r.message),
    ("Identité vérifiée", lambda r, d: yes_no(r.identity_checked)),
    ("Traitements concernés", lambda r, d: _activities(r)),
    ("Réponse due le", lambda r, d: format_date(r.due_on)),
    ("Délai prolongé jusqu'au", lambda r, d: format_date(r.extended_until)),
    ("Motif de la prolongation", lambda r, d: r.extension_reason),
    ("Délai", lambda r, d: d.text),
    ("Répondue le", lambda r, d: format_date(r.answered_at)),
    ("Suite donnée", lambda r, d: RequestOutcome.label_of(r.outcome)),
    ("Résumé de la réponse", lambda r, d: r.answer_summary),
    ("Nom et contact effacés le", lambda r, d: format_datetime(r.requester_erased_at)),
    ("Close le", lambda r, d: format_datetime(r.closed_at)),
    ("Enregistrée le", lambda r, d: format_datetime(r.created_at)),
]
HEADERS = [header for header, _ in _COLUMNS]
_SECTIONS = [
    ("La demande", ["Reçue le", "Canal", "Droit exercé", "Demande (texte reçu)",
                    "Traitements concernés"]),
    ("Le demandeur", ["Demandeur", "Nom du demandeur", "Contact du demandeur",
                      "Identité vérifiée", "Nom et contact effacés le"]),
    ("Délai (art. 12.3)", ["Réponse due le", "Délai prolongé jusqu'au",
                           "Motif de la prolongation", "Délai"]),
    ("Réponse", ["Répondue le", "Suite donnée", "Résumé de la réponse"]),
    ("Suivi", ["Statut", "Close le", "Enregistrée le"]),
]


def request_export(requests: list[RightsRequest], now: datetime,
                   organisation: Organisation | None = None,
                   academie: Academie | None = None) -> RecordExport:
    """The export of one organisation's requests (with a fiche each) or of an académie's."""
    today = local_date(now)
    rows, fiches = [], []
    for request in requests:
        row = [cell(request, request_due(request, today)) for _, cell in _COLUMNS]
        rows.append(row)
        if organisation is not None:
            cells = dict(zip(HEADERS, row))
            fiches.append(RecordFiche(request.reference, request.kind.label, [
                (title, [(label, cells[label]) for label in labels])
                for title, labels in _SECTIONS]))
    owner = organisation.academie if organisation else academie
    return RecordExport(
        kind="demandes", title=TITLE,
        scope_label=(f"{organisation.name} ({organisation.uai})" if organisation
                     else f"Académie de {academie.name}"),
        code=organisation.uai if organisation else academie.code, generated_at=now,
        list_sheet="Demandes", headers=HEADERS, rows=rows,
        json_format="registre-demandes/1", json_records_key="requests",
        records=[request_to_dict(request) for request in requests], fiches=fiches,
        header_lines=[("Délégué à la protection des données",
                       f"{owner.dpd_name} — {owner.dpd_email}"),
                      ("Nombre de demandes", str(len(requests)))])
