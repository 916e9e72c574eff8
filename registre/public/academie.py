"""An académie at a glance, for parents and associations: services, processors, countries,
answered questions and ended activities of its schools' published registers.

Only published activities count, read in a fixed number of queries whatever the number of
schools (aggregates are computed in Python over a few narrow rows per activity).
"""
from collections import Counter, defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registre.cells import BOM, csv_line
from registre.compliance.findings import PARENT_QUESTIONS, Finding, unanswered_in
from registre.countries import country_name, country_zone, in_eea, normalize_country
from registre.dates import local_date
from registre.extensions import db
from registre.fiche.serialization import json_value
from registre.i18n import current_language, translate
from registre.models import (
    Academie,
    Activity,
    ActivityRecipient,
    Organisation,
    OrganisationKind,
    Processor,
    Status,
    StoredFinding,
)

MOST_UNANSWERED = 10
QUESTION_RULE = "question-parents-sans-reponse"


def parse_kind(raw: str | None) -> OrganisationKind | None:
    """The kind of school asked in the query string, or None (every kind) when absent or odd."""
    try:
        return OrganisationKind(raw) if raw else None
    except ValueError:
        return None


def _published(academie: Academie, kind: OrganisationKind | None):
    condition = [Organisation.academie_id == academie.id, Activity.published.is_(True),
                 Activity.status.in_([Status.EN_SERVICE, Status.TERMINE])]
    if kind is not None:
        condition.append(Organisation.kind == kind)
    return (sa.select(Activity.id).join(Organisation, Activity.organisation_id == Organisation.id)
            .where(*condition))


def _count(counter: Counter, names: dict) -> list[dict]:
    return [{**names[key], "schools": number}
            for key, number in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def _country(code: str) -> dict:
    return {"code": code, "name": country_name(code, current_language()),
            "zone": translate(country_zone(code)), "in_eu": in_eea(code)}


def academie_overview(academie: Academie, kind: OrganisationKind | None = None) -> dict:
    """The académie's published registers summed up (six queries, any number of schools)."""
    schools_filter = [Organisation.academie_id == academie.id]
    if kind is not None:
        schools_filter.append(Organisation.kind == kind)
    schools = {row.id: row for row in db.session.execute(
        sa.select(Organisation.id, Organisation.uai, Organisation.name, Organisation.kind)
        .where(*schools_filter))}
    published = _published(academie, kind).scalar_subquery()
    activities = db.session.execute(
        sa.select(Activity.id, Activity.organisation_id, Activity.name, Activity.status,
                  Activity.software, Activity.software_vendor, Activity.ended_on,
                  Activity.hosting_processor_id, Activity.storage_countries, Activity.updated_at)
        .where(Activity.id.in_(published)).order_by(Activity.id)).all()
    recipients = defaultdict(set)
    for activity_id, processor_id in db.session.execute(
            sa.select(ActivityRecipient.activity_id, ActivityRecipient.processor_id)
            .where(ActivityRecipient.activity_id.in_(published),
                   ActivityRecipient.processor_id.is_not(None))):
        recipients[activity_id].add(processor_id)
    processors = {row.id: row for row in db.session.execute(
        sa.select(Processor.id, Processor.name, Processor.jurisdiction,
                  Processor.datacenter_countries, Processor.backup_countries)
        .where(Processor.academie_id == academie.id))}
    findings = defaultdict(list)
    for activity_id, field in db.session.execute(
            sa.select(StoredFinding.activity_id, StoredFinding.field)
            .where(StoredFinding.activity_id.in_(published), StoredFinding.rule == QUESTION_RULE)):
        findings[activity_id].append(Finding(QUESTION_RULE, "", "", field, ""))
    return _summary(academie, kind, schools, activities, recipients, processors, findings)


def _summary(academie, kind, schools, activities, recipients, processors, findings) -> dict:
    services, service_names = defaultdict(set), {}
    used, countries = defaultdict(set), defaultdict(set)
    unanswered, in_service_count, answered = Counter(), Counter(), 0
    ended = []
    for row in activities:
        missing = unanswered_in(findings[row.id])
        if row.status == Status.TERMINE:
            ended.append({"uai": schools[row.organisation_id].uai,
                          "school": schools[row.organisation_id].name, "name": row.name,
                          "ended_on": json_value(row.ended_on),
                          "unanswered_questions": [translate(PARENT_QUESTIONS[key])
                                                   for key in missing]})
            continue
        in_service_count[row.organisation_id] += 1
        answered += not missing
        unanswered[row.organisation_id] += len(missing)
        if row.software.strip():
            key = row.software.strip().casefold()
            services[key].add(row.organisation_id)
            service_names.setdefault(key, {"name": row.software.strip(),
                                           "vendor": row.software_vendor.strip()})
        named = set(recipients[row.id]) | ({row.hosting_processor_id}
                                           if row.hosting_processor_id else set())
        for processor_id in named & set(processors):
            used[processor_id].add(row.organisation_id)
        host = processors.get(row.hosting_processor_id)
        stored = row.storage_countries or (
            list(dict.fromkeys([*host.datacenter_countries, *host.backup_countries]))
            if host else [])
        for code in stored:
            if normalize_country(code):
                countries[normalize_country(code)].add(row.organisation_id)
    total = sum(in_service_count.values())
    last = max([row.updated_at for row in activities] + [academie.updated_at])
    return {
        "academie": {"code": academie.code, "name": academie.name},
        "kind": kind.value if kind else None,
        "kind_label": translate(kind.label) if kind else "",
        "schools": len(schools),
        "schools_with_register": len(in_service_count),
        "activities_in_service": total,
        "answered": {"activities": answered, "total": total,
                     "percent": round(100 * answered / total) if total else None},
        "services": _count(Counter({key: len(value) for key, value in services.items()}),
                           service_names),
        "processors": _count(
            Counter({key: len(value) for key, value in used.items()}),
            {key: {"name": processors[key].name,
                   "jurisdiction": _country(normalize_country(processors[key].jurisdiction))}
             for key in used}),
        "countries": _count(Counter({key: len(value) for key, value in countries.items()}),
                            {key: _country(key) for key in countries}),
        "most_unanswered": [
            {"uai": schools[key].uai, "name": schools[key].name,
             "kind": translate(schools[key].kind.label), "unanswered": number,
             "activities": in_service_count[key]}
            for key, number in sorted(unanswered.items(), key=lambda item: (-item[1], item[0]))
            if number][:MOST_UNANSWERED],
        "ended_activities": sorted(ended, key=lambda item: (item["ended_on"] or "", item["name"]),
                                   reverse=True),
        "last_updated": json_value(local_date(last)),
        "last_modified": last,
    }


# The open-data field labels, translated with the page (``?lang=en``).
CSV_COLUMNS = (_l("Rubrique"), _l("Nom"), _l("Précision"), _l("Nombre d'établissements"),
               _l("Valeur"))


def overview_csv(overview: dict) -> str:
    """The overview as CSV open data: one row per service, processor, country, school, ended."""
    rows = [(_("Fiches répondant à toutes les questions des familles"), "", "",
             overview["schools_with_register"], overview["answered"]["percent"] or "")]
    rows += [(_("Service ou logiciel"), item["name"], item["vendor"], item["schools"], "")
             for item in overview["services"]]
    rows += [(_("Sous-traitant"), item["name"], item["jurisdiction"]["name"], item["schools"], "")
             for item in overview["processors"]]
    rows += [(_("Pays de stockage"), item["name"], item["zone"], item["schools"], "")
             for item in overview["countries"]]
    rows += [(_("Questions sans réponse"), item["name"], item["uai"], 1, item["unanswered"])
             for item in overview["most_unanswered"]]
    rows += [(_("Traitement terminé"), item["name"], f"{item['school']} ({item['uai']})", 1,
              " | ".join(item["unanswered_questions"])) for item in overview["ended_activities"]]
    return BOM + csv_line(CSV_COLUMNS) + "".join(csv_line(row) for row in rows)
