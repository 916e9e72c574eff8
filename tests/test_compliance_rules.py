"""Every rule of design §8: a case that triggers it and a near case that does not."""
from datetime import date

import pytest

from registre.compliance.findings import (
    ERROR,
    PARENT_QUESTIONS,
    WARNING,
    unanswered_parent_questions,
)
from registre.compliance.services import (
    RULES,
    activity_findings,
    blocking_findings,
    findings_to_acknowledge,
)
from registre.models import Sector
from tests.compliance_helpers import (
    make_microsoft,
    microsoft_2015_overrides,
    reload,
)
from tests.factories import make_activity, make_organisation, make_processor
from tests.support import TODAY

VIDEO = {"name": "Vidéoprotection des accès", "purpose": "Sécuriser les entrées du lycée"}
US_TRANSFER = {"recipient": "Cloud Inc", "country": "US", "guarantee": "adequation"}
CONSENT_TEXT = {"title": "Autorisation photo", "version": "2026", "url": ""}
# An online service offered to the pupil on a GDPR consent basis (art. 8 RGPD, art. 45 LIL).
CONSENT_BASIS = {"consent_required": True, "consent_kind": "rgpd", "consent_text": CONSENT_TEXT,
                 "legal_bases": [{"basis": "6.1.a"}], "offered_directly_to_child": "oui",
                 "collection_mandatory": False}


def image_row(duration, unit, **extra):
    return {"category": "image_voix", "description": "Images", "active_duration": duration,
            "active_unit": unit, "final_fate": "destruction", **extra}


def sensitive_row():
    return {"category": "sensible", "sensitive_kind": "sante", "description": "PAI",
            "retention_criteria": "Année scolaire", "final_fate": "destruction"}


def hosted_by(**processor):
    """Overrides hosting the activity at a processor made with ``processor`` fields."""
    return lambda academie: {"hosting": "prestataire", "hosting_processor_id":
                             make_processor(academie, **processor).id}


def transfer_to(transfer: dict, **processor):
    """Overrides with one transfer and the recipient processor as a sous-traitant."""
    def build(academie):
        made = make_processor(academie, name="Cloud Inc", legal_entity="Cloud Inc",
                              **processor)
        return {"transfers": [transfer], "recipients": [
            {"kind": "sous_traitant", "name": "Cloud Inc", "processor_id": made.id,
             "data_categories": ["etat_civil"]}], "governance_opinion_date": "2026-09-15"}
    return build


CASES = [
    # rule, id, overrides that trigger, overrides of the near case, organisation fields
    ("transfert-sans-garantie", "sans-garantie",
     {"transfers": [{"recipient": "X", "country": "IN"}]},
     {"transfers": [{"recipient": "X", "country": "IN", "guarantee": "cct"}]}, {}),
    ("transfert-sans-garantie", "adequation-inexistante",
     {"transfers": [{"recipient": "X", "country": "IN", "guarantee": "adequation"}]},
     {"transfers": [{"recipient": "X", "country": "JP", "guarantee": "adequation"}]}, {}),
    ("transfert-sans-garantie", "etats-unis-sans-dpf",
     transfer_to(US_TRANSFER, dpf_certified=False, jurisdiction="US"),
     transfer_to(US_TRANSFER, dpf_certified=True, jurisdiction="US"), {}),
    ("derogation-art49-autorite-publique", "ecole-publique-derogation",
     {"transfers": [{"recipient": "X", "country": "IN", "guarantee": "derogation_art49"}]},
     {"transfers": [{"recipient": "X", "country": "IN", "guarantee": "cct"}]}, {}),
    ("acces-distant-pays-tiers", "support-hors-ue",
     hosted_by(access_from_outside_eu=True), hosted_by(access_from_outside_eu=False), {}),
    ("transfert-sans-garantie", "stockage-non-declare",
     {"storage_countries": ["FR", "US"]},
     {"storage_countries": ["FR", "US"], "transfers": [
         {"recipient": "X", "country": "US", "guarantee": "cct"}]}, {}),
    ("juridiction-hors-ue", "societe-mere-us",
     hosted_by(jurisdiction="US"), hosted_by(jurisdiction="FR"), {}),
    ("juridiction-hors-ue", "juridiction-inconnue",
     hosted_by(jurisdiction=""), hosted_by(jurisdiction="DE"), {}),
    ("contrat-sous-traitant", "contrat-inconnu",
     hosted_by(contract_signed=None), hosted_by(contract_signed=True), {}),
    ("contrat-sous-traitant", "contrat-non-signe",
     hosted_by(contract_signed=False), hosted_by(contract_signed=True), {}),
    ("contrat-sous-traitant", "contrat-expire",
     hosted_by(contract_expires_on=date(2026, 11, 27)),
     hosted_by(contract_expires_on=date(2026, 11, 28)), {}),
    ("contrat-sous-traitant", "sous-traitant-hors-catalogue",
     {"recipients": [{"kind": "sous_traitant", "name": "ENT", "data_categories": ["etat_civil"]}],
      "governance_opinion_date": "2026-09-15"},
     {"recipients": [{"kind": "partenaire_institutionnel", "name": "Mairie",
                      "data_categories": ["etat_civil"]}]}, {}),
    ("donnees-sensibles-sans-condition", "sante-sans-9-2",
     {"data_categories": [sensitive_row()]},
     {"data_categories": [sensitive_row()], "art9_condition": "9.2.g"}, {}),
    ("conservation-excessive", "video-3-mois",
     {**VIDEO, "data_categories": [image_row(3, "mois")]},
     {**VIDEO, "data_categories": [image_row(30, "jours")]}, {}),
    ("conservation-excessive", "video-31-jours",
     {**VIDEO, "data_categories": [image_row(31, "jours")]},
     {"name": "Trombinoscope", "data_categories": [image_row(1, "ans")]}, {}),
    ("conservation-excessive", "sans-sort-final",
     {"data_categories": [image_row(1, "ans", final_fate=None)]},
     {"data_categories": [image_row(1, "ans")]}, {}),
    ("donnees-infraction-sans-cadre", "faits-sans-texte",
     {"data_categories": [{**sensitive_row(), "sensitive_kind": "infractions_condamnations"}]},
     {"data_categories": [{**sensitive_row(), "sensitive_kind": "infractions_condamnations"}],
      "legal_text": "Arrêté créant le traitement"}, {}),
    ("consentement-mineur", "responsables-seuls",
     {**CONSENT_BASIS, "consent_signatories": "responsables_legaux"},
     {**CONSENT_BASIS, "consent_signatories": "conjoint_eleve_et_responsables"}, {}),
    ("consentement-mineur", "lyceens-15-ans",
     {**CONSENT_BASIS, "consent_signatories": "eleve_15_ans_et_plus", "min_age": 14},
     {**CONSENT_BASIS, "consent_signatories": "eleve_15_ans_et_plus", "min_age": 15}, {}),
    ("consentement-incoherent", "accord-sans-usage-consenti",
     {"consent_required": True, "consent_text": CONSENT_TEXT},
     {"consent_required": True, "consent_text": CONSENT_TEXT, "consent_kind": "droit_image"},
     {}),
    ("interet-legitime-autorite-publique", "etablissement-public",
     {"legal_bases": [{"basis": "6.1.f"}]}, {"legal_bases": [{"basis": "6.1.f"}]},
     {"near_sector": Sector.PRIVE_SOUS_CONTRAT}),
    ("consentement-public", "consentement-seul-public",
     {"legal_bases": [{"basis": "6.1.a"}]},
     {"legal_bases": [{"basis": "6.1.a"}, {"basis": "6.1.e"}]}, {}),
    ("consentement-public", "prive-sous-contrat",
     {"legal_bases": [{"basis": "6.1.a"}]}, {"legal_bases": [{"basis": "6.1.a"}]},
     {"near_sector": Sector.PRIVE_SOUS_CONTRAT}),
    ("texte-consentement-manquant", "sans-texte",
     {"consent_required": True, "consent_signatories": "conjoint_eleve_et_responsables"},
     {"consent_required": True, "consent_signatories": "conjoint_eleve_et_responsables",
      "consent_text": {"url": "https://ent.example.fr/autorisation.pdf"}}, {}),
    ("information-manquante", "non-informes",
     {"informed": "non"}, {"informed": "oui"}, {}),
    ("information-manquante", "inconnu",
     {"informed": "inconnu"}, {"informed": "oui"}, {}),
    ("aipd-requise", "eleves-et-grande-echelle",
     {"dpia_criteria": ["grande_echelle"]},
     {"dpia_criteria": ["grande_echelle"], "dpia_status": "realisee"}, {}),
    ("aipd-requise", "un-seul-critere",
     {"dpia_criteria": ["evaluation"], "dpia_status": "a_realiser"},
     {"dpia_criteria": ["evaluation"], "subject_categories": [{"category": "personnels"}],
      "concerns_minors": False}, {}),
    ("revue-en-retard", "revue-ancienne",
     {"last_reviewed_on": "2025-11-27"}, {"last_reviewed_on": "2025-11-28"},
     {"status": "en_service"}),
    ("revue-en-retard", "jamais-revue-en-service",
     {"last_reviewed_on": None}, {"last_reviewed_on": None},
     {"status": "en_service", "near_status": "brouillon"}),
    ("avis-instance-manquant", "college-prestataire",
     hosted_by(), lambda academie: {**hosted_by()(academie),
                                    "governance_opinion_date": "2026-09-15"}, {}),
    ("avis-instance-manquant", "ecole-sous-traitant",
     {"recipients": [{"kind": "sous_traitant", "name": "ENT", "data_categories": ["etat_civil"]}]},
     {"recipients": [{"kind": "sous_traitant", "name": "ENT", "data_categories": ["etat_civil"]}],
      "governance_opinion_date": "2026-10-01"},
     {"kind": "ecole"}),
    # Issue 11.11: a placeholder is no answer for parents (RGPD art. 12).
    ("texte-provisoire", "a-verifier",
     {"legal_bases": [{"basis": "6.1.e", "justification": "(à vérifier)"}]},
     {"legal_bases": [{"basis": "6.1.e", "justification": "Code de l'éducation, art. L. 131-1"}]},
     {}),
    ("texte-provisoire", "todo-xxx", {"purpose": "TODO : xxx"},
     {"purpose": "Suivre la scolarité des élèves (todolist exclue)."}, {}),
]


def _findings(organisation_fields: dict, overrides, near: bool):
    fields = dict(organisation_fields)
    status = fields.pop("status", "brouillon")
    near_status = fields.pop("near_status", status)
    near_sector = fields.pop("near_sector", None)
    if near and near_sector is not None:
        fields["sector"] = near_sector
    organisation = make_organisation(**fields)
    if callable(overrides):
        overrides = overrides(organisation.academie)
    activity = make_activity(organisation, status=near_status if near else status, **overrides)
    return activity_findings(reload(activity), TODAY)


@pytest.mark.parametrize(("rule", "case", "trigger", "near", "organisation"), CASES,
                         ids=[f"{rule}:{case}" for rule, case, *_ in CASES])
def test_rule_triggers_and_near_case_does_not(app, rule, case, trigger, near, organisation):
    triggered = [f for f in _findings(organisation, trigger, near=False) if f.rule == rule]
    assert triggered, f"{rule} attendu pour le cas {case}"
    for finding in triggered:
        assert finding.severity in (ERROR, WARNING)
        assert finding.message and finding.field and finding.article
    assert not [f for f in _findings(organisation, near, near=True) if f.rule == rule]


def test_every_rule_of_the_design_is_covered():
    covered = {rule for rule, *_ in CASES} | {"art30-incomplet", "question-parents-sans-reponse"}
    assert covered == set(RULES)


def test_complete_fiche_has_no_finding(app):
    """The factory's complete fiche (reviewed, everything answered) is clean."""
    activity = make_activity(status="en_service", last_reviewed_on="2026-09-01")
    assert activity_findings(reload(activity), TODAY) == []


def test_microsoft_2015_fiche_yields_the_expected_findings(app):
    organisation = make_organisation()
    microsoft = make_microsoft(organisation.academie)
    activity = reload(make_activity(organisation, **microsoft_2015_overrides(microsoft)))
    findings = activity_findings(activity, TODAY)
    rules = {finding.rule for finding in findings}
    assert {"question-parents-sans-reponse", "information-manquante", "juridiction-hors-ue",
            "contrat-sous-traitant", "aipd-requise", "avis-instance-manquant"} <= rules
    questions = [f for f in findings if f.rule == "question-parents-sans-reponse"]
    assert len(questions) == len(unanswered_parent_questions(activity)) == 5
    assert {"informed", "consent_required", "consent_text", "data_categories",
            "storage_countries"} == {f.field for f in questions}
    # Microsoft appears as host and as recipient: one finding per processor, not two.
    assert len([f for f in findings if f.rule == "contrat-sous-traitant"]) == 1
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), key=[ERROR, WARNING].index)
    aipd = next(f for f in findings if f.rule == "aipd-requise")
    assert aipd.severity == ERROR and "personnes vulnérables" in aipd.message


def test_us_adequacy_depends_on_the_dpf_certification_of_the_catalogue_processor(app):
    """RGPD art. 45, décision 2023/1795: only a DPF-certified US recipient is covered; the
    certification is read in the processor catalogue, whatever name the transfer row types."""
    organisation = make_organisation()
    uncertified = make_processor(organisation.academie, name="Zoom", legal_entity="Zoom Inc",
                                 jurisdiction="US", dpf_certified=False)
    activity = reload(make_activity(organisation, recipients=[
        {"kind": "sous_traitant", "processor_id": uncertified.id,
         "data_categories": ["etat_civil"]}],
        transfers=[{"recipient": "Zoom Inc", "country": "US", "guarantee": "adequation"}]))
    transfer = [f for f in activity_findings(activity, TODAY) if f.rule == "transfert-sans-garantie"]
    assert len(transfer) == 1 and "10/07/2023" in transfer[0].message
    assert transfer[0].field == "transfers[0].guarantee"


@pytest.mark.parametrize("overrides", [
    {},
    {"informed": "inconnu"},
    {"consent_required": None},
    {"consent_required": True, "consent_signatories": "conjoint_eleve_et_responsables"},
    {"hosting": None, "storage_countries": []},
    {"data_categories": [{"category": "etat_civil", "final_fate": "destruction"}]},
    {"recipients": [{"kind": "sous_traitant", "name": "ENT"}]},
])
def test_parent_question_findings_match_the_public_unanswered_questions(app, overrides):
    """The public page's "non renseigné" warnings and the findings come from the same rule."""
    activity = reload(make_activity(**overrides))
    questions = unanswered_parent_questions(activity)
    findings = [f for f in activity_findings(activity, TODAY)
                if f.rule == "question-parents-sans-reponse"]
    assert len(findings) == len(questions)
    assert [f.message.split(" — ")[0] for f in findings] == [
        PARENT_QUESTIONS[key] for key in questions]
    assert bool(findings) == bool(overrides)


def test_review_overdue_by_planned_date_says_so(app):
    activity = reload(make_activity(status="en_service", last_reviewed_on="2026-06-01",
                                    next_review_on="2026-11-01"))
    review = [f for f in activity_findings(activity, TODAY) if f.rule == "revue-en-retard"]
    assert len(review) == 1 and "prévue le 01/11/2026" in review[0].message


def test_ended_activity_is_never_due_for_review(app):
    activity = reload(make_activity(status="termine", last_reviewed_on="2020-01-01"))
    assert not [f for f in activity_findings(activity, TODAY) if f.rule == "revue-en-retard"]


def test_validation_helpers_split_blocking_and_acknowledged_errors(app):
    organisation = make_organisation()
    microsoft = make_microsoft(organisation.academie)
    activity = reload(make_activity(organisation, security_measures=[],
                                    **microsoft_2015_overrides(microsoft)))
    assert [(f.rule, f.field) for f in blocking_findings(activity)] == [
        ("art30-incomplet", "security_measures")]
    to_acknowledge = {f.rule for f in findings_to_acknowledge(activity, TODAY)}
    assert to_acknowledge == {"contrat-sous-traitant", "aipd-requise"}
    complete = reload(make_activity(organisation, status="en_service",
                                    last_reviewed_on="2026-09-01"))
    assert blocking_findings(complete) == [] == findings_to_acknowledge(complete, TODAY)
