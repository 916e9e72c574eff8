"""Issue 10 items 4 to 12: each rule fires where the text says so, and only there.

Every test names the article it applies; DESIGN §8 is the reference.
"""
from datetime import date
from pathlib import Path

from registre.compliance.findings import ERROR, WARNING
from registre.compliance.reference import adequacy_in_force
from registre.compliance.services import RULES, activity_findings
from registre.extensions import db
from registre.fiche.fields import field
from registre.models import ActivityTemplate, Sector
from tests.compliance_helpers import reload
from tests.factories import make_activity, make_organisation, make_processor
from tests.support import TODAY

TEXT = {"title": "Autorisation", "version": "2026", "url": ""}
CONSENT = {"consent_required": True, "consent_kind": "rgpd", "consent_text": TEXT,
           "legal_bases": [{"basis": "6.1.a"}], "collection_mandatory": False}


def _found(rule: str, organisation=None, **overrides) -> list:
    activity = reload(make_activity(organisation, **overrides))
    return [finding for finding in activity_findings(activity, TODAY) if finding.rule == rule]


# --- 4. consentement-mineur ------------------------------------------------------------------

def test_art_45_lil_error_only_for_an_online_service_offered_directly_to_the_child(app):
    """Art. 8 RGPD / art. 45 LIL: joint consent under 15 is required for an information-society
    service offered directly to the child; other consent of minors is good practice only."""
    online = _found("consentement-mineur", **CONSENT, offered_directly_to_child="oui",
                    consent_signatories="responsables_legaux")
    assert [f.severity for f in online] == [ERROR]
    assert "auprès des responsables légaux seuls" in online[0].message
    offline = _found("consentement-mineur", **CONSENT, offered_directly_to_child="non",
                     consent_signatories="responsables_legaux")
    assert [f.severity for f in offline] == [WARNING]
    assert all("auprès de les" not in f.message for f in online + offline)


def test_image_authorisation_signed_by_the_pupil_alone_is_an_error(app):
    """Code civil art. 9 and 371-1: a minor's image is authorised by the holders of parental
    authority, never by the pupil alone."""
    found = _found("consentement-mineur", consent_required=True, consent_kind="droit_image",
                   consent_text=TEXT, consent_signatories="eleve_15_ans_et_plus")
    assert ERROR in [f.severity for f in found]


def test_pupils_listed_while_minors_unticked_is_a_finding(app):
    """Art. 8 RGPD: the rules protecting children cannot apply if the fiche hides them."""
    found = _found("consentement-mineur", concerns_minors=False)
    assert [f.field for f in found] == ["concerns_minors"]


def test_form_help_no_longer_states_the_joint_consent_rule_for_every_consent():
    """Art. 45 LIL concerns online services offered directly to the child, not all consent."""
    assert "service en ligne proposé directement" in field("consent_signatories").help
    assert "art. 45" in field("offered_directly_to_child").help


# --- 5. consentement-public ----------------------------------------------------------------

def test_optional_consent_in_a_public_school_is_not_flagged(app):
    """EDPB guidelines 05/2020 §16-17: an optional use whose refusal has no consequence
    (photos on the website) can rest on free consent, even in a public school."""
    assert _found("consentement-public", **CONSENT) == []
    assert _found("consentement-public", **{**CONSENT, "collection_mandatory": None})


# --- 6. offence data -----------------------------------------------------------------------

def test_offence_data_need_their_authorising_text_not_an_art_9_condition(app):
    """RGPD art. 10 / LIL art. 46: offence data are not art. 9 data."""
    row = {"category": "sensible", "sensitive_kind": "infractions_condamnations",
           "retention_criteria": "1 an", "final_fate": "destruction"}
    assert _found("donnees-sensibles-sans-condition", data_categories=[row]) == []
    assert _found("donnees-infraction-sans-cadre", data_categories=[row])
    assert _found("donnees-infraction-sans-cadre", data_categories=[row],
                  legal_text="Arrêté du 2 mai 2024") == []


def test_each_art_9_row_needs_its_own_condition_or_the_fiche_one(app):
    """RGPD art. 9.2: each special-category row is lawful only under a 9.2 condition."""
    health = {"category": "sensible", "sensitive_kind": "sante", "retention_criteria": "1 an",
              "final_fate": "destruction"}
    found = _found("donnees-sensibles-sans-condition", data_categories=[
        {**health, "art9_condition": "9.2.h"}, health])
    assert [f.field for f in found] == ["data_categories[1].art9_condition"]


# --- 7. aipd-requise -----------------------------------------------------------------------

def test_national_processing_dpia_is_the_ministrys_a_warning_asking_its_reference(app):
    """RGPD art. 35.1: the controller — the minister — carries out the DPIA of LSU, SIECLE…"""
    found = _found("aipd-requise", scope="national", legal_text="Arrêté",
                   dpia_criteria=["grande_echelle"], dpia_status=None)
    assert [f.severity for f in found] == [WARNING] and "ministère" in found[0].message


def test_documented_exception_is_a_warning_and_message_mentions_it(app):
    """WP248: two criteria mean a DPIA in principle; a justified exception remains possible."""
    found = _found("aipd-requise", dpia_criteria=["grande_echelle"], dpia_status="non_requise")
    assert [f.severity for f in found] == [WARNING]
    error = _found("aipd-requise", dpia_criteria=["grande_echelle"], dpia_status="a_realiser")
    assert [f.severity for f in error] == [ERROR]
    assert "obligatoire dès deux critères" not in error[0].message
    assert "2018-327" in error[0].article


def test_video_protection_counts_as_systematic_monitoring(app):
    """WP248 criterion 3: video protection of pupils is systematic monitoring (2 criteria)."""
    found = _found("aipd-requise", name="Vidéoprotection", dpia_status="a_realiser")
    assert found and "surveillance systématique" in found[0].message


def test_cnil_list_constant_monitoring_of_staff_requires_a_dpia(app):
    """CNIL délibération 2018-327 (amended 2019-011): constant monitoring of employees."""
    found = _found("aipd-requise", concerns_minors=False, dpia_criteria=["surveillance"],
                   subject_categories=[{"category": "personnels"}], dpia_status="a_realiser")
    assert found and "liste de la CNIL" in found[0].message


# --- 8. transfers --------------------------------------------------------------------------

def test_adequacy_list_is_read_at_the_date_of_the_check():
    """RGPD art. 45: UK renewed on 19/12/2025 until 27/12/2031; Brazil adequate since
    Implementing Decision (EU) 2026/179 of 26/01/2026."""
    assert adequacy_in_force("GB", date(2025, 12, 27)) is not None
    assert adequacy_in_force("GB", date(2031, 12, 27)) is not None
    assert adequacy_in_force("GB", date(2031, 12, 28)) is None
    assert adequacy_in_force("BR", date(2026, 1, 25)) is None
    assert "2026/179" in adequacy_in_force("BR", date(2026, 1, 26)).reference


def test_public_body_cannot_rely_on_art_49_derogations(app):
    """RGPD art. 49.3: public authorities may not use art. 49.1 a–c for their tasks."""
    transfer = [{"recipient": "X", "country": "IN", "guarantee": "derogation_art49"}]
    assert _found("derogation-art49-autorite-publique", transfers=transfer)
    private = make_organisation(sector=Sector.PRIVE_SOUS_CONTRAT)
    assert _found("derogation-art49-autorite-publique", private, transfers=transfer) == []


def test_remote_access_from_outside_the_eu_is_a_transfer(app):
    """EDPB guidelines 05/2021: remote access from a third country is a transfer."""
    organisation = make_organisation()
    host = make_processor(organisation.academie, name="Support", access_from_outside_eu=True)
    hosted = {"hosting": "prestataire", "hosting_processor_id": host.id}
    assert _found("acces-distant-pays-tiers", organisation, **hosted)
    assert _found("acces-distant-pays-tiers", organisation, **hosted, transfers=[
        {"recipient": "Support", "country": "US", "guarantee": "cct"}]) == []


def test_dpf_status_comes_from_the_catalogue_not_the_typed_name(app):
    """Décision d'exécution (UE) 2023/1795: "Google LLC" typed in the transfer is the
    catalogue's certified "Google Cloud EMEA Ltd": no false error."""
    organisation = make_organisation()
    google = make_processor(organisation.academie, name="Google Cloud EMEA Ltd",
                            jurisdiction="US", dpf_certified=True, dpf_checked_on=date(2026, 9, 1))
    found = _found("transfert-sans-garantie", organisation, recipients=[
        {"kind": "sous_traitant", "processor_id": google.id, "data_categories": ["etat_civil"]}],
        transfers=[{"recipient": "Google LLC", "country": "US", "guarantee": "adequation"}])
    assert found == []


def test_dpf_check_older_than_twelve_months_is_a_warning(app):
    """DPF certifications lapse: a check older than 12 months must be renewed (art. 45)."""
    organisation = make_organisation()
    old = make_processor(organisation.academie, name="Ancien", contract_signed=True,
                         dpf_certified=True, dpf_checked_on=date(2025, 11, 27))
    found = _found("contrat-sous-traitant", organisation, hosting="prestataire",
                   hosting_processor_id=old.id)
    assert [f.severity for f in found] == [WARNING] and "DPF" in found[0].message


# --- 9, 10, 11, 12 -------------------------------------------------------------------------

def test_parent_company_in_an_adequate_country_is_not_flagged(app):
    """RGPD art. 45: Switzerland (2000/518/CE) is adequate; the US are not, for this rule."""
    organisation = make_organisation()
    for country, expected in (("CH", False), ("US", True)):
        processor = make_processor(organisation.academie, name=f"Mère {country}",
                                   jurisdiction=country)
        found = _found("juridiction-hors-ue", organisation, hosting="prestataire",
                       hosting_processor_id=processor.id)
        assert bool(found) is expected, country


def test_legitimate_interest_in_a_public_school_is_an_error(app):
    """RGPD art. 6.1, last subparagraph: 6.1.f does not apply to public authorities' tasks."""
    found = _found("interet-legitime-autorite-publique", legal_bases=[{"basis": "6.1.f"}])
    assert [f.severity for f in found] == [ERROR] and "dernier alinéa" in found[0].article


def test_joint_controller_without_contact_makes_the_register_incomplete(app):
    """RGPD art. 26 and 30.1.a: the register names each joint controller with its contact."""
    found = _found("art30-incomplet", joint_controllers=[{"title": "Commune", "role_split": ""}])
    assert [f.field for f in found] == ["joint_controllers[0]"]
    assert _found("art30-incomplet", joint_controllers=[
        {"title": "Commune", "email": "rgpd@commune.fr"}]) == []


def test_retention_longer_than_the_academie_model_fiche_is_flagged(app):
    """RGPD art. 5.1.e: a school keeping data longer than its académie's model fiche."""
    organisation = make_organisation()
    template = ActivityTemplate(academie=organisation.academie, name="Modèle vie scolaire",
                                payload={"data_categories": [
                                    {"category": "etat_civil", "active_duration": 1,
                                     "active_unit": "ans"}]})
    db.session.add(template)
    db.session.flush()
    longer = make_activity(organisation, data_categories=[
        {"category": "etat_civil", "active_duration": 3, "active_unit": "ans",
         "final_fate": "destruction"}])
    longer.template_id = template.id
    found = [f for f in activity_findings(reload(longer), TODAY)
             if f.rule == "conservation-excessive"]
    assert [f.field for f in found] == ["data_categories[0].retention"]
    assert "Modèle vie scolaire" in found[0].message


def test_every_rule_is_documented_with_the_article_it_cites():
    """docs/rules.md lists every rule id with its title and the text it cites."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    for rule, title in RULES.items():
        assert f"| `{rule}` | {title} |" in doc, rule
