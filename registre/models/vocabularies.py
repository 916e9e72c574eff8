"""Closed vocabularies of a processing activity, with their French labels (design section 3)."""
from registre.models.base import LabelledEnum


class Status(LabelledEnum):
    BROUILLON = "brouillon", "Brouillon"
    A_VALIDER = "a_valider", "À valider"
    EN_SERVICE = "en_service", "En service"
    TERMINE = "termine", "Terminé"


class ActivityScope(LabelledEnum):
    LOCAL = "local", "Traitement local"
    NATIONAL = "national", "Traitement national (le ministre est responsable)"


class LegalBasis(LabelledEnum):
    CONSENTEMENT = "6.1.a", "Consentement (art. 6.1.a)"
    CONTRAT = "6.1.b", "Exécution d'un contrat (art. 6.1.b)"
    OBLIGATION_LEGALE = "6.1.c", "Obligation légale (art. 6.1.c)"
    INTERETS_VITAUX = "6.1.d", "Sauvegarde des intérêts vitaux (art. 6.1.d)"
    MISSION_PUBLIQUE = "6.1.e", "Mission d'intérêt public (art. 6.1.e)"
    INTERET_LEGITIME = "6.1.f", "Intérêt légitime (art. 6.1.f)"


class Art9Condition(LabelledEnum):
    A = "9.2.a", "9.2.a — consentement explicite"
    B = "9.2.b", "9.2.b — obligations en droit du travail et de la protection sociale"
    C = "9.2.c", "9.2.c — sauvegarde des intérêts vitaux"
    D = "9.2.d", "9.2.d — fondation, association ou organisme à but non lucratif"
    E = "9.2.e", "9.2.e — données manifestement rendues publiques"
    F = "9.2.f", "9.2.f — droits en justice"
    G = "9.2.g", "9.2.g — motif d'intérêt public important"
    H = "9.2.h", "9.2.h — médecine préventive, diagnostics, prise en charge sanitaire"
    I = "9.2.i", "9.2.i — santé publique"  # noqa: E741  (the letter of art. 9.2.i)
    J = "9.2.j", "9.2.j — archives, recherche scientifique ou historique, statistiques"


class SubjectCategory(LabelledEnum):
    ELEVES = "eleves", "Élèves"
    RESPONSABLES_LEGAUX = "responsables_legaux", "Responsables légaux"
    ENSEIGNANTS = "enseignants", "Enseignants"
    PERSONNELS = "personnels", "Personnels"
    INTERVENANTS = "intervenants", "Intervenants extérieurs"
    VISITEURS = "visiteurs", "Visiteurs"
    AUTRES = "autres", "Autres (préciser)"


class DataCategory(LabelledEnum):
    ETAT_CIVIL = "etat_civil", "État civil, identité, données d'identification"
    VIE_PERSONNELLE = "vie_personnelle", "Vie personnelle"
    VIE_SCOLAIRE = "vie_scolaire", "Vie scolaire (scolarité, évaluations, absences, sanctions)"
    VIE_PROFESSIONNELLE = "vie_professionnelle", "Vie professionnelle"
    ECONOMIQUE_FINANCIER = "economique_financier", "Informations d'ordre économique et financier"
    CONNEXION = "connexion", "Données de connexion"
    LOCALISATION = "localisation", "Données de localisation"
    INTERNET = "internet", "Internet (cookies, traceurs, navigation)"
    NIR = "nir", "Numéro de sécurité sociale (NIR)"
    IMAGE_VOIX = "image_voix", "Image et voix"
    SENSIBLE = "sensible", "Données sensibles"
    AUTRE = "autre", "Autre"


class SensitiveKind(LabelledEnum):
    ORIGINE = "origine_raciale_ethnique", "Origine raciale ou ethnique"
    OPINIONS = "opinions_politiques", "Opinions politiques"
    CONVICTIONS = "convictions_religieuses_philosophiques", "Convictions religieuses ou philosophiques"
    SYNDICAT = "appartenance_syndicale", "Appartenance syndicale"
    GENETIQUES = "genetiques", "Données génétiques"
    BIOMETRIQUES = "biometriques", "Données biométriques"
    SANTE = "sante", "Données de santé"
    VIE_SEXUELLE = "vie_sexuelle_orientation", "Vie sexuelle ou orientation sexuelle"
    INFRACTIONS = "infractions_condamnations", "Condamnations pénales ou infractions"


class DurationUnit(LabelledEnum):
    JOURS = "jours", "jours"
    MOIS = "mois", "mois"
    ANS = "ans", "ans"


class FinalFate(LabelledEnum):
    DESTRUCTION = "destruction", "Destruction"
    ARCHIVAGE_DEFINITIF = "archivage_definitif", "Archivage définitif (archives publiques)"
    ANONYMISATION = "anonymisation", "Anonymisation"


class RecipientKind(LabelledEnum):
    SERVICE_INTERNE = "service_interne", "Service interne qui traite les données"
    SOUS_TRAITANT = "sous_traitant", "Sous-traitant"
    PARTENAIRE = "partenaire_institutionnel", "Partenaire institutionnel ou commercial"
    PAYS_TIERS = "destinataire_pays_tiers", "Destinataire dans un pays tiers ou organisation internationale"
    AUTRE = "autre", "Autre (préciser)"


class Hosting(LabelledEnum):
    ETABLISSEMENT = "etablissement", "Dans l'établissement"
    ACADEMIE = "academie", "Par l'académie"
    MINISTERE = "ministere", "Par le ministère"
    COLLECTIVITE = "collectivite", "Par la collectivité territoriale"
    PRESTATAIRE = "prestataire", "Chez un prestataire"


class Guarantee(LabelledEnum):
    ADEQUATION = "adequation", "Pays adéquat (décision d'adéquation)"
    CCT = "cct", "Clauses contractuelles types (CCT)"
    BCR = "bcr", "Règles d'entreprise contraignantes (BCR)"
    CODE_CONDUITE = "code_conduite", "Code de conduite"
    CERTIFICATION = "certification", "Certification"
    AUTORITES_PUBLIQUES = "instrument_autorites_publiques", "Instrument entre autorités publiques"
    DEROGATION = "derogation_art49", "Dérogations (art. 49)"


class SecurityMeasureKind(LabelledEnum):
    CONTROLE_ACCES = "controle_acces", "Contrôle d'accès des utilisateurs"
    TRACABILITE = "tracabilite", "Mesures de traçabilité"
    PROTECTION_LOGICIELS = "protection_logiciels", "Mesures de protection des logiciels"
    SAUVEGARDE = "sauvegarde", "Sauvegarde des données"
    CHIFFREMENT = "chiffrement", "Chiffrement des données"
    CONTROLE_SOUS_TRAITANTS = "controle_sous_traitants", "Contrôle des sous-traitants"
    AUTRE = "autre", "Autres mesures (à préciser)"


class Informed(LabelledEnum):
    OUI = "oui", "Oui"
    NON = "non", "Non"
    INCONNU = "inconnu", "Inconnu"


class YesNoUnknown(LabelledEnum):
    """A yes/no answer that may be unknown: unknown is never shown as "no" (design §3)."""

    OUI = "oui", "Oui"
    NON = "non", "Non"
    INCONNU = "inconnu", "Non renseigné"


class ConsentKind(LabelledEnum):
    """What kind of agreement is asked for (design §3, ``consent_kind``)."""

    RGPD = "rgpd", "Consentement au sens du RGPD (base légale 6.1.a)"
    DROIT_IMAGE = "droit_image", "Autorisation au titre du droit à l'image (Code civil, art. 9)"
    AUTRE = "autre", "Accord exigé par un autre texte"


class ConsentSignatories(LabelledEnum):
    RESPONSABLES_LEGAUX = "responsables_legaux", "Les responsables légaux"
    ELEVE_15_ANS = "eleve_15_ans_et_plus", "L'élève de 15 ans et plus"
    CONJOINT = "conjoint_eleve_et_responsables", "L'élève et ses responsables légaux, conjointement"
    PERSONNEL = "personnel", "Le personnel concerné"


class DpiaCriterion(LabelledEnum):
    EVALUATION = "evaluation", "Évaluation ou notation"
    DECISION_AUTOMATISEE = "decision_automatisee", "Décision automatisée avec effet juridique"
    SURVEILLANCE = "surveillance", "Surveillance systématique"
    DONNEES_SENSIBLES = "donnees_sensibles", "Données sensibles ou à caractère hautement personnel"
    GRANDE_ECHELLE = "grande_echelle", "Traitement à grande échelle"
    CROISEMENT = "croisement", "Croisement ou combinaison d'ensembles de données"
    PERSONNES_VULNERABLES = "personnes_vulnerables", "Personnes vulnérables (dont les élèves)"
    TECHNOLOGIE_INNOVANTE = "technologie_innovante", "Usage innovant ou nouvelle technologie"
    EXCLUSION_DROIT = "exclusion_droit", "Exclusion du bénéfice d'un droit ou d'un contrat"


class DpiaStatus(LabelledEnum):
    NON_REQUISE = "non_requise", "Non requise"
    A_REALISER = "a_realiser", "À réaliser"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
