"""The public register as open data: one CSV row per activity in service (UTF-8 BOM, ``;``).

The CSV is read by people in a spreadsheet: every vocabulary value is its label (« Droit
d'accès | Droit de rectification », the parents' questions in words), never an internal code;
labels and column names are French, or English with ``?lang=en``. The JSON
(``/registre/<uai>.json``) is for programs: it keeps the stable codes (``"key": "acces"``,
``"basis": "6.1.e"``…) beside their text (``plain``, ``label``).
Dates are ISO 8601 (``2026-11-28``) in both, as open data recommends.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registre.cells import BOM, csv_line
from registre.compliance.findings import PARENT_QUESTIONS
from registre.fiche.answers import NOT_PROVIDED
from registre.i18n import translate
from registre.models import RIGHTS, Guarantee, Hosting, Informed
from registre.public.wording import HEADINGS


def _join(items) -> str:
    return " | ".join(item for item in items if item)


def _country(country: dict) -> str:
    return f"{country['name']} ({country['zone']})" if country["code"] else ""


# The open-data field labels, translated with the page (``?lang=en``).
COLUMNS = (
    _l("UAI"), _l("Établissement"), _l("Commune"), _l("Académie"), _l("Référence"),
    _l("Traitement"), _l("Responsable"), _l("Texte de référence"), HEADINGS["pourquoi"],
    HEADINGS["base"], HEADINGS["donnees"], _l("Données sensibles"), HEADINGS["destinataires"],
    _l("Hébergement"), _l("Hébergeur"), _l("Pays de stockage"), _l("Société mère hors UE"),
    _l("Transferts hors UE"), HEADINGS["duree"], _l("Accord demandé"), _l("Qui signe"),
    _l("Texte signé"), _l("Informés"), _l("Comment"), _l("Date de l'information"),
    _l("Notice d'information"), _l("Droits"), _l("Contact pour vos droits"),
    _l("Questions non renseignées"), _l("Dernière mise à jour"),
)


def _row(register: dict, card: dict) -> list:
    organisation = register["organisation"]
    storage, consent, info = card["storage"], card["consent"], card["information"]
    host = storage["host"]
    return [
        organisation["uai"], organisation["name"], organisation["commune"],
        organisation["academie"]["name"], card["reference"], card["name"],
        card["controller"] or translate(NOT_PROVIDED),
        card["legal_text"], _join([card["purpose"], *card["sub_purposes"]]),
        _join(f"{row['label']} : {row['plain']}" for row in card["legal_bases"]),
        _join(f"{row['label']}{' — ' + row['description'] if row['description'] else ''}"
              for row in card["data_categories"]),
        _join(row["sensitive_kind"] or row["label"]
              for row in card["data_categories"] if row["sensitive"]),
        _join(f"{row['name']} ({', '.join(row['data_categories']) or _('données non précisées')})"
              for row in card["recipients"]),
        translate(Hosting.label_of(storage["hosting"])),
        _join([host["name"], host["hosting_provider"]]) if host else "",
        _join(_country(country) for country in storage["countries"]),
        _join(f"{item['processor']} : {item['country']['name']}"
              for item in storage["foreign_jurisdictions"]),
        _join(f"{row['recipient']} — {_country(row['country'])} — "
              f"{translate(Guarantee.label_of(row['guarantee'])) or _('sans garantie indiquée')}"
              for row in card["transfers"]),
        _join(f"{row['label']} : {row['retention'] or _('non renseigné')}"
              for row in card["data_categories"]),
        # The same answer as the page (registre.fiche.answers.consent_answer), never a bare "Oui".
        consent["answer"]["text"], consent["signatories_plain"],
        _join([consent["text"]["title"], consent["text"]["url"]]) if consent["text"] else "",
        translate(Informed.label_of(info["informed"])), info["channel"], info["date"] or "",
        _join([info["notice"]["title"], info["notice"]["url"]]) if info["notice"] else "",
        translate(NOT_PROVIDED) if card["rights"] is None else _join(
            translate(RIGHTS[row["key"]][0]) for row in card["rights"] if row["key"] in RIGHTS),
        card["rights_contact"] or register["dpd"]["contact"],
        _join(translate(PARENT_QUESTIONS[key]) for key in card["unanswered_questions"]),
        card["updated_at"],
    ]


def register_csv(register: dict) -> str:
    """Write the public register as CSV text (BOM first, so that spreadsheets read UTF-8)."""
    return BOM + csv_line(COLUMNS) + "".join(csv_line(_row(register, card))
                                            for card in register["activities"])
