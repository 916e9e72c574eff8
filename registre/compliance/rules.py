"""The compliance rules of design §8 beyond art. 30 and the parents' questions.

Each rule is a small pure function ``(activity, today) -> list[Finding]``: it reads the
activity and its loaded rows, never the database, so that dashboards can run it over
thousands of activities loaded in batches.
"""
from datetime import date

from registre.compliance.findings import ERROR, WARNING, Finding, storage_countries
from registre.compliance.reference import (
    CERTIFICATION_ONLY,
    CHECKED_ON,
    adequacy_in_force,
    adequate_jurisdiction,
)
from registre.countries import in_eea, normalize_country
from registre.dates import format_date
from registre.models import (
    Activity,
    DataCategory,
    DurationUnit,
    Guarantee,
    Hosting,
    Processor,
    RecipientKind,
    SensitiveKind,
)
from registre.text import duration_text, fold

_DAYS = {DurationUnit.JOURS: 1, DurationUnit.MOIS: 30, DurationUnit.ANS: 365}
VIDEO_MAX_DAYS = 30
VIDEO_WORDS = ("videoprotection", "videosurveillance")


def activity_processors(activity: Activity) -> list[tuple[str, Processor]]:
    """Every catalogue processor of the activity (host first), once each, with its field."""
    found: dict[int, tuple[str, Processor]] = {}
    if activity.hosting_processor is not None:
        found[activity.hosting_processor.id] = ("hosting_processor", activity.hosting_processor)
    for index, recipient in enumerate(activity.recipients):
        if recipient.processor is not None and recipient.processor.id not in found:
            found[recipient.processor.id] = (f"recipients[{index}].processor", recipient.processor)
    return list(found.values())


def _dpf_certified(activity: Activity, country: str) -> bool:
    """True when the catalogue processors behind a transfer to ``country`` are all certified.

    Read through the processor catalogue (the processors the fiche links to, with their
    parent company's country or their storage), never by matching the typed recipient's
    name: "Google LLC" typed in a transfer is the catalogue's "Google Cloud EMEA Ltd".
    """
    candidates = [processor for _, processor in activity_processors(activity)
                  if normalize_country(processor.jurisdiction) == country
                  or country in processor.storage_countries]
    return bool(candidates) and all(p.dpf_certified for p in candidates)


def transfer_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``transfert-sans-garantie``: a transfer outside the EEA without a valid guarantee."""
    def finding(field: str, what: str) -> Finding:
        return Finding(
            rule="transfert-sans-garantie", severity=ERROR, field=field,
            article=("RGPD art. 44 à 49 ; décisions d'adéquation en vigueur le "
                     f"{format_date(today)} (liste vérifiée le {format_date(CHECKED_ON)})"),
            message=(f"{what} Hors de l'Espace économique européen, les données des élèves "
                     "ne sont protégées que par une garantie de l'article 46 ou une décision "
                     "d'adéquation : indiquez la garantie (clauses contractuelles types…) "
                     "ou cessez le transfert."))

    findings = []
    declared = set()
    for index, transfer in enumerate(activity.transfers):
        country = normalize_country(transfer.country)
        declared.add(country)
        if in_eea(country):
            continue
        where = f"vers {country or 'un pays non renseigné'}"
        who = f" ({transfer.recipient})" if transfer.recipient else ""
        if transfer.guarantee is None:
            findings.append(finding(f"transfers[{index}].guarantee",
                                    f"Le transfert {where}{who} n'a aucune garantie."))
        elif transfer.guarantee == Guarantee.ADEQUATION:
            decision = adequacy_in_force(country, today)
            if decision is None:
                findings.append(finding(
                    f"transfers[{index}].guarantee",
                    f"Le transfert {where}{who} invoque une décision d'adéquation qui "
                    f"n'est pas en vigueur pour ce pays le {format_date(today)}."))
            elif country in CERTIFICATION_ONLY and not _dpf_certified(activity, country):
                findings.append(finding(
                    f"transfers[{index}].guarantee",
                    f"Le transfert {where}{who} invoque le Data Privacy Framework du "
                    f"{format_date(decision.decided_on)}, mais le destinataire n'est pas "
                    "enregistré comme certifié DPF dans le catalogue des sous-traitants."))
    for country in storage_countries(activity):
        country = normalize_country(country)
        if country and not in_eea(country) and country not in declared:
            findings.append(finding("storage_countries",
                                    f"Les données sont stockées en {country} sans qu'aucun "
                                    "transfert hors UE ne soit déclaré."))
    return findings


def jurisdiction_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``juridiction-hors-ue``: a processor or host whose parent company is under the law of
    a country without an adequacy decision (an adequate one such as Switzerland is not flagged)."""
    findings = []
    for field, processor in activity_processors(activity):
        country = normalize_country(processor.jurisdiction)
        if in_eea(country) or (country and adequate_jurisdiction(country, today)):
            continue
        state = (f"relève d'une société mère établie hors de l'Union ({country})" if country
                 else "n'a pas de juridiction renseignée pour sa société mère")
        findings.append(Finding(
            rule="juridiction-hors-ue", severity=WARNING, field=field,
            article="RGPD art. 28.1 et 48 ; CJUE, C-311/18 (Schrems II)",
            message=(f"Le sous-traitant « {processor.name} » {state}. Des lois étrangères "
                     "(par exemple le CLOUD Act américain) peuvent alors permettre l'accès "
                     "aux données des élèves même hébergées en Europe : évaluez ce risque, "
                     "documentez-le ou choisissez un prestataire soumis au seul droit européen.")))
    return findings


def contract_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``contrat-sous-traitant``: a processor without a valid signed art. 28 contract."""
    def finding(field: str, what: str) -> Finding:
        return Finding(
            rule="contrat-sous-traitant", severity=ERROR, field=field, article="RGPD art. 28.3",
            message=(f"{what} Sans contrat, rien n'oblige le prestataire à n'utiliser les "
                     "données des élèves que pour l'établissement, à les protéger et à les "
                     "supprimer : faites signer (ou renouveler) un contrat conforme à "
                     "l'article 28 et renseignez-le dans le catalogue."))

    findings = []
    checked: list[tuple[str, Processor]] = []
    if activity.hosting_processor is not None:
        checked.append(("hosting_processor", activity.hosting_processor))
    elif activity.hosting == Hosting.PRESTATAIRE:
        findings.append(finding("hosting_processor", "L'hébergeur (prestataire) n'est pas "
                                "identifié : son contrat de sous-traitance est inconnu."))
    for index, recipient in enumerate(activity.recipients):
        if recipient.kind != RecipientKind.SOUS_TRAITANT:
            continue
        if recipient.processor is None:
            findings.append(finding(f"recipients[{index}].processor",
                                    f"Le sous-traitant « {recipient.name or 'sans nom'} » n'est "
                                    "pas rattaché au catalogue : son contrat est inconnu."))
        elif all(recipient.processor.id != p.id for _, p in checked):
            checked.append((f"recipients[{index}].processor", recipient.processor))
    for field, processor in checked:
        if processor.contract_signed is None:
            findings.append(finding(field, f"On ignore si « {processor.name} » a signé un "
                                           "contrat de sous-traitance."))
        elif not processor.contract_signed:
            findings.append(finding(field, f"« {processor.name} » n'a pas signé de contrat "
                                           "de sous-traitance."))
        elif processor.contract_expires_on is not None and processor.contract_expires_on < today:
            findings.append(finding(field, f"Le contrat de « {processor.name} » a expiré le "
                                           f"{format_date(processor.contract_expires_on)}."))
    for field, processor in checked:
        stale = processor.dpf_checked_on is None or processor.dpf_checked_on < _year_before(today)
        if processor.dpf_certified and stale:
            when = (f"le {format_date(processor.dpf_checked_on)}" if processor.dpf_checked_on
                    else "à une date non renseignée")
            findings.append(Finding(
                rule="contrat-sous-traitant", severity=WARNING, field=field,
                article="RGPD art. 45 ; décision d'exécution (UE) 2023/1795 (Data Privacy "
                        "Framework)",
                message=(f"La certification DPF de « {processor.name} » a été vérifiée {when}, "
                         "il y a plus de 12 mois. Une certification se perd si elle n'est pas "
                         "renouvelée : vérifiez-la sur la liste officielle du DPF et mettez à "
                         "jour la date de vérification.")))
    return findings


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _kind_of(row) -> str:
    return row.sensitive_kind.label.lower() if row.sensitive_kind else "type non précisé"


def sensitive_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``donnees-sensibles-sans-condition``: an art. 9 row without an art. 9.2 condition
    (its own, else the fiche's). Offence data are art. 10, see ``donnees-infraction-sans-cadre``."""
    return [Finding(
        rule="donnees-sensibles-sans-condition", severity=ERROR,
        field=f"data_categories[{index}].art9_condition", article="RGPD art. 9.2",
        message=(f"Des données sensibles ({_kind_of(row)}) sont traitées sans "
                 "condition de l'article 9.2. Leur traitement est interdit par principe : une "
                 "information sur la santé d'un élève ne peut circuler que si une exception "
                 "s'applique. Indiquez la condition (par exemple 9.2.g, motif d'intérêt public "
                 "important) ou retirez ces données."))
        for index, row in enumerate(activity.data_categories)
        if row.category == DataCategory.SENSIBLE and row.sensitive_kind != SensitiveKind.INFRACTIONS
        and row.art9_condition is None and activity.art9_condition is None]


def _normalised(text: str) -> str:
    return "".join(char for char in fold(text) if char.isalnum())


def is_video_protection(activity: Activity) -> bool:
    """True when the activity's name or purposes mention vidéoprotection / vidéosurveillance."""
    text = _normalised(" ".join([activity.name, activity.purpose, *activity.sub_purposes]))
    return any(word in text for word in VIDEO_WORDS)


def retention_findings(activity: Activity, today: date) -> list[Finding]:
    """Rule ``conservation-excessive``: video images kept > 30 days, or a category without fate."""
    findings = []
    video = is_video_protection(activity)
    for index, row in enumerate(activity.data_categories):
        if video and row.category == DataCategory.IMAGE_VOIX:
            if row.active_duration is not None and row.active_unit is not None:
                days = row.active_duration * _DAYS[row.active_unit]
                if days > VIDEO_MAX_DAYS:
                    findings.append(Finding(
                        rule="conservation-excessive", severity=ERROR,
                        field=f"data_categories[{index}].retention",
                        article="Code de la sécurité intérieure, art. L252-5 ; RGPD art. 5.1.e",
                        message=("Les images de vidéoprotection sont conservées "
                                 f"{duration_text(row.active_duration, row.active_unit)}, "
                                 "au-delà de 30 jours. Filmer des élèves est intrusif ; au-delà d'un mois "
                                 "les images doivent être effacées sauf procédure en cours : "
                                 "ramenez la durée à 30 jours au plus.")))
            elif row.has_retention:
                findings.append(Finding(
                    rule="conservation-excessive", severity=WARNING,
                    field=f"data_categories[{index}].retention",
                    article="Code de la sécurité intérieure, art. L252-5 ; RGPD art. 5.1.e",
                    message=("La durée de conservation des images de vidéoprotection n'est pas "
                             "chiffrée : on ne peut pas vérifier qu'elle reste sous 30 jours. "
                             "Indiquez-la en jours.")))
        if row.final_fate is None:
            findings.append(Finding(
                rule="conservation-excessive", severity=WARNING,
                field=f"data_categories[{index}].final_fate",
                article="RGPD art. 5.1.e",
                message=(f"Le sort final de « {row.category.label} » n'est pas indiqué : "
                         "sans destruction, anonymisation ou versement aux archives prévus, "
                         "les données d'élèves risquent d'être gardées indéfiniment. "
                         "Précisez ce qu'elles deviennent au terme de la conservation.")))
    return findings
