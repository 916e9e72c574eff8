"""Synthetic académies for benchmarks: thousands of registers inserted in bulk batches.

Rows are inserted with ``db.session.execute(insert(...), rows)`` (executemany); each activity
gets its creation revision (same snapshot as :func:`activity_to_dict`), so ``as_of`` works.
"""
import random
from datetime import timedelta

import sqlalchemy as sa

from registre.compliance.stored import refresh_condition, refresh_findings
from registre.database import analyze
from registre.dates import rfc3339, utcnow
from registre.extensions import db
from registre.fiche.serialization import ROW_FIELDS, activity_to_dict, apply_activity_data
from registre.models import (
    Academie,
    Activity,
    Organisation,
    OrganisationKind,
    Revision,
    Sector,
    Status,
    controller_role,
)
from registre.organisations.uai import check_letter

ORGANISATION_BATCH = 50
# What a seeding fills: analysed at the end (PostgreSQL), so the planner knows their size.
LOADED_TABLES = ("organisation", "activity", *(model.__tablename__ for model, _ in
                                               ROW_FIELDS.values()),
                 "revision", "activity_compliance", "activity_finding")
_KINDS = (OrganisationKind.ECOLE, OrganisationKind.COLLEGE, OrganisationKind.LYCEE)
_COMMUNES = ("Versailles", "Nanterre", "Évry-Courcouronnes", "Cergy", "Mantes-la-Jolie")

VARIANTS = (
    {"name": "Vie scolaire et notes", "software": "Pronote", "software_vendor": "Index Éducation",
     "purpose": "Suivre la scolarité : notes, absences, sanctions, cahier de textes.",
     "sub_purposes": ["Liaison avec les familles", "Conseils de classe"],
     "legal_bases": [{"basis": "6.1.e", "justification": "Mission de service public (Code de l'éducation)"}],
     "subject_categories": [{"category": "eleves", "details": ""},
                            {"category": "responsables_legaux", "details": "Parents et tuteurs"}],
     "concerns_minors": True, "min_age": 11, "max_age": 18,
     "data_categories": [
         {"category": "etat_civil", "description": "Nom, prénom, classe, date de naissance",
          "active_duration": 1, "active_unit": "ans", "final_fate": "destruction"},
         {"category": "vie_scolaire", "description": "Notes, absences, sanctions",
          "retention_criteria": "Fin de la scolarité dans l'établissement + 1 an",
          "archive_duration": 5, "archive_unit": "ans", "final_fate": "archivage_definitif"}],
     "recipients": [{"kind": "service_interne", "name": "Équipe pédagogique",
                     "data_categories": ["etat_civil", "vie_scolaire"]},
                    {"kind": "sous_traitant", "name": "Index Éducation (hébergement)",
                     "data_categories": ["etat_civil"]}],
     "security_measures": [{"kind": "controle_acces", "details": "Comptes nominatifs"},
                           {"kind": "sauvegarde", "details": "Sauvegarde quotidienne chiffrée"}],
     "hosting": "prestataire", "storage_countries": ["FR"], "informed": "oui",
     "information_channel": "Règlement intérieur", "consent_required": False,
     "dpia_status": "non_requise", "dpia_criteria": ["evaluation", "personnes_vulnerables"]},
    {"name": "Restauration scolaire", "purpose": "Gérer les inscriptions et la facturation de la cantine.",
     "legal_bases": [{"basis": "6.1.e", "justification": "Service annexe d'hébergement"}],
     "subject_categories": [{"category": "eleves", "details": "Demi-pensionnaires"}],
     "data_categories": [
         {"category": "economique_financier", "description": "Quotient familial, paiements",
          "active_duration": 3, "active_unit": "ans", "final_fate": "destruction"},
         {"category": "sensible", "sensitive_kind": "sante", "description": "Allergies (PAI)",
          "retention_criteria": "Durée de l'année scolaire", "final_fate": "destruction"}],
     "art9_condition": "9.2.h",
     "recipients": [{"kind": "partenaire_institutionnel", "name": "Collectivité territoriale",
                     "data_categories": ["economique_financier"]}],
     "security_measures": [{"kind": "tracabilite", "details": "Journal des accès"}],
     "hosting": "collectivite", "storage_countries": ["FR"], "informed": "inconnu",
     "consent_required": None},
    {"name": "Messagerie et suite collaborative", "software": "Suite en ligne",
     "software_vendor": "Éditeur américain", "purpose": "Messagerie et documents partagés des élèves.",
     "legal_bases": [{"basis": "6.1.e", "justification": "Mission d'enseignement"}],
     "subject_categories": [{"category": "eleves", "details": ""},
                            {"category": "enseignants", "details": ""}],
     "concerns_minors": True, "min_age": 11, "max_age": 15,
     "data_categories": [
         {"category": "connexion", "description": "Journaux de connexion, adresse IP",
          "active_duration": 12, "active_unit": "mois", "final_fate": "destruction"}],
     "recipients": [{"kind": "destinataire_pays_tiers", "name": "Éditeur (support)",
                     "data_categories": ["connexion"]}],
     "transfers": [{"recipient": "Éditeur (maison mère)", "country": "US", "guarantee": "cct",
                    "documentation": "https://exemple.fr/cct"}],
     "joint_controllers": [{"title": "Président", "name": "Conseil départemental",
                            "role_split": "Fourniture des postes"}],
     "security_measures": [{"kind": "chiffrement", "details": "TLS"}],
     "hosting": "prestataire", "storage_countries": ["IE", "US"], "informed": "non",
     "consent_required": True, "consent_signatories": "responsables_legaux",
     "dpia_status": "a_realiser"},
)


def _free_uais(count: int) -> list[str]:
    taken = set(db.session.scalars(sa.select(Organisation.uai)))
    uais, number = [], 9_000_000
    while len(uais) < count:
        number += 1
        digits = f"{number:07d}"
        uai = digits + check_letter(digits)
        if uai not in taken:
            uais.append(uai)
    return uais


def _fill_defaults(instance) -> None:
    """Give a transient object the column defaults a flush would give it."""
    for column in type(instance).__table__.columns:
        if getattr(instance, column.key) is None and column.default is not None:
            if column.default.is_scalar:
                setattr(instance, column.key, column.default.arg)
            elif isinstance(column.type, sa.JSON):
                setattr(instance, column.key, [])


def _variant_rows(organisation: Organisation, data: dict) -> tuple[dict, dict, dict]:
    """Columns, child rows and snapshot of one variant, built once on a transient activity."""
    activity = Activity(organisation=organisation, status=Status.EN_SERVICE, reference="",
                        controller_title=organisation.controller_title,
                        controller_name=organisation.controller_name, published=True, version=1)
    apply_activity_data(activity, data)
    _fill_defaults(activity)
    for key in ROW_FIELDS:
        for row in getattr(activity, key):
            _fill_defaults(row)
    columns = {column.key: getattr(activity, column.key)
               for column in Activity.__table__.columns if column.key != "id"}
    children = {key: [{"position": index, **{c: getattr(row, c) for c in names}}
                      for index, row in enumerate(getattr(activity, key))]
                for key, (_, names) in ROW_FIELDS.items()}
    snapshot = activity_to_dict(activity)
    return columns, children, snapshot


def seed_large(code: str, schools: int, activities: int, seed: int = 2026) -> Academie:
    """Create (or complete) the académie ``code`` with ``schools`` × ``activities`` activities."""
    rng = random.Random(seed)
    academie = db.session.scalars(sa.select(Academie).where(Academie.code == code)).first()
    if academie is None:
        academie = Academie(code=code, name=code.replace("-", " ").title(),
                            dpd_name="Délégué académique", dpd_email=f"dpd@ac-{code}.fr",
                            dpd_phone="01 00 00 00 00", dpd_address=f"Rectorat de {code}")
        db.session.add(academie)
        db.session.flush()
    now = utcnow()
    uais = _free_uais(schools)
    for start in range(0, schools, ORGANISATION_BATCH):
        rows = [{"uai": uai, "name": f"Établissement {start + i + 1:05d}",
                 "kind": _KINDS[(start + i) % 3], "commune": _COMMUNES[(start + i) % 5],
                 "postal_code": "78000", "address": f"{start + i + 1} rue de l'École",
                 "academie_id": academie.id,
                 # One function gives the title from kind AND sector (a public école: the
                 # IA-DASEN, never its director).
                 "controller_title": controller_role(_KINDS[(start + i) % 3],
                                                     Sector.PUBLIC).label,
                 "controller_name": f"Direction {start + i + 1}", "controller_email": "ce@ac.fr",
                 "controller_phone": "", "created_at": now, "sector": "public"}
                for i, uai in enumerate(uais[start:start + ORGANISATION_BATCH])]
        db.session.execute(sa.insert(Organisation), rows)
        organisations = db.session.scalars(sa.select(Organisation).where(
            Organisation.uai.in_([row["uai"] for row in rows]))).all()
        _seed_activities(organisations, activities, rng, now)
        db.session.flush()
        db.session.expunge_all()
        academie = db.session.get(Academie, academie.id)
    refresh_findings(refresh_condition("academie", academie.id))
    analyze(*LOADED_TABLES)
    return academie


def _seed_activities(organisations, count: int, rng: random.Random, now) -> None:
    plan = []
    for organisation in organisations:
        variants = [_variant_rows(organisation, data) for data in VARIANTS]
        for number in range(1, count + 1):
            columns, children, snapshot = variants[number % len(variants)]
            created = now - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
            status = Status.EN_SERVICE if rng.random() < 0.9 else Status.BROUILLON
            values = {**columns, "organisation_id": organisation.id, "reference": f"T-{number:03d}",
                      "name": f"{columns['name']} {number}", "status": status,
                      "created_at": created, "updated_at": created}
            plan.append((values, children, snapshot))
    if not plan:  # schools without activities (an INSERT of no rows would insert one)
        return
    ids = db.session.scalars(
        sa.insert(Activity).returning(Activity.id, sort_by_parameter_order=True),
        [values for values, _, _ in plan]).all()
    child_rows = {key: [] for key in ROW_FIELDS}
    revisions = []
    for activity_id, (values, children, snapshot) in zip(ids, plan, strict=True):
        for key, rows in children.items():
            child_rows[key].extend({**row, "activity_id": activity_id} for row in rows)
        stamp = rfc3339(values["created_at"])
        revisions.append({
            "activity_id": activity_id, "organisation_id": values["organisation_id"],
            "number": 1, "created_at": values["created_at"], "action": "creation", "comment": "",
            "changed_fields": [], "snapshot": {
                **snapshot, "id": activity_id, "reference": values["reference"],
                "name": values["name"], "status": values["status"].value,
                "created_at": stamp, "updated_at": stamp}})
    for key, rows in child_rows.items():
        if rows:
            db.session.execute(sa.insert(ROW_FIELDS[key][0]), rows)
    db.session.execute(sa.insert(Revision), revisions)
