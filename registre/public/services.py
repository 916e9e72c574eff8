"""The public register of one organisation, built from an explicit allow-list of fields.

Nothing here copies an activity's full dictionary and filters it: every public key is
named below, so a field added to the model stays private until someone decides otherwise.
Never public: security measures, internal notes, staff names and contacts (the controller's
title and the DPD's function and public contact only), contracts unless the processor's
``contract_public``, transfer documentation, DPIA, drafts, activities awaiting validation,
unpublished ones. Ended activities are history: they are shown whole in their own section,
unknowns included (the 2015 Microsoft partnership is one).
"""
from datetime import datetime

import sqlalchemy as sa

from registre.compliance.findings import storage_countries, unanswered_in
from registre.compliance.reference import adequate_jurisdiction
from registre.compliance.stored import findings_of
from registre.countries import country_name, country_zone, in_eea, normalize_country
from registre.dates import format_date, local_date, today
from registre.extensions import db
from registre.fiche import answers
from registre.fiche.serialization import json_value
from registre.i18n import current_language, translate
from registre.models import (
    Activity,
    ActivityScope,
    DataCategory,
    Organisation,
    Processor,
    Status,
    YesNoUnknown,
)
from registre.organisations.uai import InvalidUAI, normalize_uai
from registre.public import wording
from registre.public.gaps import card_gaps
from registre.text import answer


def find_public_organisation(raw_uai: str) -> Organisation | None:
    """Return the organisation with that UAI (académie loaded), or None when unknown/invalid."""
    try:
        uai = normalize_uai(raw_uai)
    except InvalidUAI:
        return None
    return db.session.scalars(
        sa.select(Organisation).where(Organisation.uai == uai)
        .options(sa.orm.joinedload(Organisation.academie))
    ).first()


def public_activities(organisation: Organisation) -> list[Activity]:
    """The published activities in service or ended, children loaded in a bounded query count."""
    return list(db.session.scalars(
        sa.select(Activity)
        .where(Activity.organisation_id == organisation.id,
               Activity.published.is_(True),
               Activity.status.in_([Status.EN_SERVICE, Status.TERMINE]))
        .order_by(Activity.reference, Activity.id)
        # Never public, so never loaded: touching them here would raise.
        .options(sa.orm.raiseload(Activity.security_measures),
                 sa.orm.raiseload(Activity.validated_by), sa.orm.raiseload(Activity.template))
    ))


def _processors(activity: Activity) -> list[Processor]:
    found = {}
    if activity.hosting_processor is not None:
        found[activity.hosting_processor.id] = activity.hosting_processor
    for recipient in activity.recipients:
        if recipient.processor is not None:
            found.setdefault(recipient.processor.id, recipient.processor)
    return list(found.values())


def last_modified(organisation: Organisation, activities: list[Activity]) -> datetime:
    """The latest change of what the public page shows (activities, their processors)."""
    moments = [organisation.updated_at, organisation.academie.updated_at]
    for activity in activities:
        moments.append(activity.updated_at)
        moments.extend(processor.updated_at for processor in _processors(activity))
    return max(moment for moment in moments if moment is not None)


def public_url(url: str) -> str:
    """Return the URL when it is a web address, else "" (no ``javascript:`` link, ever)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def _document(title: str, version: str, url: str) -> dict | None:
    title, version, url = answer(title), answer(version), answer(url)
    if not (title or url):
        return None
    link = public_url(url)
    # A text typed in the URL field ("affiché dans le hall") is kept as words, not as a link.
    return {"title": title or (url if not link else ""), "version": version, "url": link}


def _country(code: str) -> dict:
    code = normalize_country(code)
    return {"code": code, "name": country_name(code, current_language()),
            "zone": translate(country_zone(code)),
            "in_eu": in_eea(code)}


def _public_processor(processor: Processor) -> dict:
    """A processor as parents see it: who it is, its parent company's law, its hosting."""
    data = {
        "name": processor.name,
        "legal_entity": processor.legal_entity,
        "service": processor.service,
        "jurisdiction": _country(processor.jurisdiction) if processor.jurisdiction else None,
        "hosting_provider": processor.hosting_provider,
        # « de Microsoft », « d'Index Éducation »: French elision, once.
        "hosting_provider_of": (answers.of_name(processor.hosting_provider)
                                if processor.hosting_provider.strip() else ""),
        "certifications": [str(item) for item in processor.certifications],
        "access_from_outside_eu": processor.access_from_outside_eu,
        "contract": None,
    }
    if processor.contract_public:
        data["contract"] = {"signed": processor.contract_signed,
                            "date": json_value(processor.contract_date),
                            "reference": processor.contract_reference,
                            "url": public_url(processor.contract_url)}
    return data


def _storage(activity: Activity) -> dict:
    host = activity.hosting_processor
    foreign = []
    day = today()
    for processor in _processors(activity):
        code = normalize_country(processor.jurisdiction)
        # A parent company in an adequate country (Switzerland, UK, Japan…) is not a warning.
        if code and not in_eea(code) and not adequate_jurisdiction(code, day):
            foreign.append({"processor": processor.name, "country": _country(code),
                            "warning": wording.jurisdiction_warning(processor.name, code)})
    return {
        "hosting": activity.hosting.value if activity.hosting else None,
        "hosting_plain": str(wording.HOSTING.get(activity.hosting, "")),
        "host": _public_processor(host) if host is not None else None,
        "countries": [_country(code) for code in storage_countries(activity)],
        "foreign_jurisdictions": foreign,
    }


def _recipient(row) -> dict:
    return {
        "kind": row.kind.value,
        "kind_plain": str(wording.RECIPIENT_KINDS.get(row.kind, translate(row.kind.label))),
        "name": row.name or (row.processor.name if row.processor else ""),
        "processor": _public_processor(row.processor) if row.processor else None,
        "data_categories": [translate(DataCategory.label_of(code))
                            for code in row.data_categories],
    }


def _data_category(row) -> dict:
    return {
        "category": row.category.value,
        "label": translate(row.category.label),
        "sensitive": row.category == DataCategory.SENSIBLE,
        "sensitive_kind": translate(row.sensitive_kind.label) if row.sensitive_kind else "",
        "description": answer(row.description),
        "retention": wording.retention_sentence(row),
    }


def consent_answer(activity: Activity) -> answers.ConsentAnswer:
    """The answer to « Votre accord est-il demandé ? » of one activity (public page, open data)."""
    return answers.consent_answer(
        activity.consent_required, activity.consent_kind.value if activity.consent_kind else None,
        answer(activity.consent_scope), activity.basis_codes, answer(activity.consent_reason))


def _consent(activity: Activity) -> dict:
    consent = consent_answer(activity)
    joint_needed = (activity.offered_directly_to_child == YesNoUnknown.OUI
                    and activity.concerns_under_15)
    return {
        "required": activity.consent_required,
        "kind": activity.consent_kind.value if activity.consent_kind else None,
        "scope": answer(activity.consent_scope),
        "answer": {"known": consent.known, "headline": consent.headline,
                   "details": list(consent.details), "text": consent.text},
        "reason": answer(activity.consent_reason),
        "signatories": activity.consent_signatories.value if activity.consent_signatories else None,
        "signatories_plain": wording.signatories_sentence(activity.consent_signatories,
                                                          joint_needed),
        "text": _document(activity.consent_text_title, activity.consent_text_version,
                          activity.consent_text_url),
        "collection": answer(activity.consent_collection),
        "withdrawal": answer(activity.consent_withdrawal),
    }


def _information(activity: Activity) -> dict:
    return {
        "informed": activity.informed.value,
        "informed_plain": str(wording.INFORMED[activity.informed]),
        "channel": answer(activity.information_channel),
        "date": json_value(activity.information_date),
        "notice": _document(activity.information_notice_title,
                            activity.information_notice_version,
                            activity.information_notice_url),
        # What the families were told is, by nature, already addressed to them (art. 13).
        "text": answer(activity.information_text),
        "governance": wording.governance_sentence(
            activity.organisation, format_date(activity.governance_opinion_date)),
    }


def public_activity(activity: Activity, organisation_controller: str,
                    missing: list[str]) -> dict:
    """One public card: the answers to the parents' questions, from an allow-list of fields;
    ``missing`` lists the questions its stored findings leave unanswered."""
    national = activity.scope == ActivityScope.NATIONAL
    card = {
        "reference": activity.reference,
        "name": activity.name,
        "software": activity.software,
        "software_vendor": activity.software_vendor,
        "national": national,
        "status": activity.status.value,
        "started_on": json_value(activity.started_on),
        "ended_on": json_value(activity.ended_on),
        # A fiche whose controller nobody knows (the 2015 Microsoft partnership) says so.
        "controller": str(wording.MINISTER) if national else (
            organisation_controller if (activity.controller_title or activity.controller_name
                                        ).strip() else None),
        "legal_text": answer(activity.legal_text) if national else "",
        # Joint controllers are institutions: their title and the split of roles (art. 26.2).
        "joint_controllers": [{"title": row.title, "role_split": answer(row.role_split)}
                              for row in activity.joint_controllers if row.title],
        "purpose": answer(activity.purpose),
        "sub_purposes": [str(item) for item in activity.sub_purposes if answer(str(item))],
        "automated_decision": activity.automated_decision.value,
        "automated_decision_details": (activity.automated_decision_details
                                       if activity.automated_decision == YesNoUnknown.OUI
                                       else ""),
        "automated_decision_plain": answers.automated_decision_answer(
            activity.automated_decision.value, activity.automated_decision_details),
        "legal_bases": [{"basis": row.basis.value, "label": str(wording.BASES[row.basis.value]),
                         "plain": answers.basis_sentence(row.basis.value, activity.basis_codes),
                         "justification": answer(row.justification)}
                        for row in activity.legal_bases],
        "art9_condition": (translate(activity.art9_condition.label)
                           if activity.art9_condition else ""),
        "subjects": [{"category": row.category.value, "label": translate(row.category.label),
                      "details": answer(row.details)} for row in activity.subject_categories],
        "concerns_minors": activity.concerns_minors,
        "concerns_under_15": activity.concerns_under_15,
        "data_categories": [_data_category(row) for row in activity.data_categories],
        "data_source": answer(activity.data_source),
        "collection_mandatory": activity.collection_mandatory,
        "recipients": [_recipient(row) for row in activity.recipients],
        "storage": _storage(activity),
        "transfers": [{"recipient": row.recipient, "country": _country(row.country),
                       "guarantee": row.guarantee.value if row.guarantee else None,
                       "guarantee_plain": str(wording.GUARANTEES.get(
                           row.guarantee.value if row.guarantee else "", ""))}
                      for row in activity.transfers],
        "consent": _consent(activity),
        "information": _information(activity),
        # None: no legal basis recorded, so which rights apply is « Non renseigné ».
        "rights": (None if activity.rights is None else
                   [{"key": key, "plain": str(wording.RIGHTS[key])}
                    for key in activity.rights]),
        "rights_contact": answer(activity.rights_contact),
        "updated_at": json_value(local_date(activity.updated_at)),
        "unanswered_questions": missing,
    }
    card["warnings"] = card_gaps(card, missing)
    return card


def public_register(organisation: Organisation, activities: list[Activity]) -> dict:
    """The whole public register of an organisation: header, cards, ended activities."""
    academie = organisation.academie
    controller = wording.controller_sentence(organisation)
    in_service = [a for a in activities if a.status == Status.EN_SERVICE]
    ended = [a for a in activities if a.status == Status.TERMINE]
    findings = findings_of([activity.id for activity in activities])
    return {
        "organisation": {
            "uai": organisation.uai, "name": organisation.name,
            "kind": organisation.kind.value, "kind_label": translate(organisation.kind.label),
            "sector": translate(organisation.sector.label), "commune": organisation.commune,
            "postal_code": organisation.postal_code,
            "academie": {"code": academie.code, "name": academie.name},
            "closed_on": json_value(local_date(organisation.closed_at)) if organisation.closed_at
            else None,
        },
        "controller": controller,
        "controller_title": organisation.controller_title,
        "dpd": {"function": wording.dpd_function(academie.name),
                "contact": academie.rights_contact or academie.dpd_email},
        "complaint_url": wording.CNIL_COMPLAINT_URL,
        "last_updated": json_value(local_date(last_modified(organisation, activities))),
        "activities": [public_activity(activity, controller, unanswered_in(findings[activity.id]))
                       for activity in in_service],
        # Ended activities are history parents may ask about: shown whole, unknowns included.
        "ended_activities": [public_activity(activity, controller,
                                             unanswered_in(findings[activity.id]))
                             for activity in ended],
    }
