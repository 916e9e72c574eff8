"""The CNIL 2019 model's words (sheet ``5_-_Listes``) and our own labels, mapped to our values.

Every lookup normalises case, accents, punctuation and spaces, so "Sous-traitants",
"sous traitants" and "SOUS-TRAITANTS" are the same word. A word that maps nowhere is
returned as ``None``: the caller reports it as a problem with its sheet and row.
"""
import re
import unicodedata

from registre.models.base import LabelledEnum
from registre.models.vocabularies import (
    DataCategory,
    Guarantee,
    RecipientKind,
    SecurityMeasureKind,
    SensitiveKind,
    SubjectCategory,
)

PLACEHOLDER = "selectionnez un element dans cette liste deroulante"


def normalise(text: str) -> str:
    """Lower-case, accents removed, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def is_blank(text: str) -> bool:
    """True for an empty cell or the model's "Sélectionnez un élément…" placeholder."""
    key = normalise(text)
    return not key or key.startswith(PLACEHOLDER)


def _with_enum(enum_cls: type[LabelledEnum], words: dict[str, str]) -> dict[str, str]:
    """Our own values and labels are accepted too (a file exported by this application)."""
    table = {normalise(member.value): member.value for member in enum_cls}
    table.update({normalise(member.label): member.value for member in enum_cls})
    table.update({normalise(word): value for word, value in words.items()})
    return table


# Sheet 5 words. Categories of people without a school equivalent go to "autres" and the
# original word is kept in the details, so nothing the file says is lost.
SUBJECT_WORDS = _with_enum(SubjectCategory, {
    "Salariés": "personnels", "Services Internes": "personnels", "Agents": "personnels",
    "Personnels": "personnels", "Élèves": "eleves", "Parents": "responsables_legaux",
    "Prestataires": "intervenants", "Clients": "autres", "Fournisseurs": "autres",
    "Prospects": "autres", "Candidats": "autres", "Autres (préciser)": "autres",
    "Autres": "autres",
})
# Words whose meaning is wider than our category: the word is kept in ``details``.
SUBJECT_KEEP_WORD = {normalise(word) for word in (
    "Services Internes", "Prestataires", "Clients", "Fournisseurs", "Prospects", "Candidats",
    "Agents", "Parents")}

RECIPIENT_WORDS = _with_enum(RecipientKind, {
    "Service interne qui traite les données": "service_interne",
    "Sous-traitants": "sous_traitant", "Sous-traitant": "sous_traitant",
    "Destinataires dans des pays tiers ou organisations internationales":
        "destinataire_pays_tiers",
    "Partenaires institutionnels ou commerciaux": "partenaire_institutionnel",
    "Autre (Préciser)": "autre", "Autre": "autre",
})

SECURITY_WORDS = _with_enum(SecurityMeasureKind, {
    "Mesures de traçabilité": "tracabilite",
    "Mesures de protection des logiciels": "protection_logiciels",
    "Sauvegarde des données": "sauvegarde", "Chiffrement des données": "chiffrement",
    "Contrôle d'accès des utilisateurs": "controle_acces",
    "Contrôle des sous-traitants": "controle_sous_traitants",
    "Autres mesures (à préciser)": "autre", "Autres mesures": "autre",
})

GUARANTEE_WORDS = _with_enum(Guarantee, {
    "Clauses contractuelles types (CCT)": "cct", "Clauses contractuelles types": "cct",
    "CCT": "cct", "Règles d'entreprise contraignantes (BCR)": "bcr", "BCR": "bcr",
    "Pays adéquat": "adequation", "Décision d'adéquation": "adequation",
    "Code de conduite": "code_conduite", "Certification": "certification",
    "Dérogations (art 49)": "derogation_art49", "Dérogations (art. 49)": "derogation_art49",
})
# Invalidated by the CJEU (Schrems II, 16 July 2020): never mapped silently.
OBSOLETE_GUARANTEES = {normalise("Privacy shield"): (
    "la garantie « Privacy shield » n'est plus valable depuis l'arrêt Schrems II du "
    "16/07/2020 : indiquez les clauses contractuelles types (CCT) ou, pour un organisme "
    "certifié, le cadre de protection des données UE–États-Unis (« Pays adéquat »)")}

# Data category lines of the fiche, recognised by the start of their label.
DATA_CATEGORY_PREFIXES = (
    ("etat civil", "etat_civil"), ("vie personnelle", "vie_personnelle"),
    ("vie professionnelle", "vie_professionnelle"), ("vie scolaire", "vie_scolaire"),
    ("informations d ordre economique", "economique_financier"),
    ("donnees de connexion", "connexion"), ("donnees de localisation", "localisation"),
    ("numero de securite sociale", "nir"), ("numero insee", "nir"), ("nir", "nir"),
    ("internet", "internet"), ("image", "image_voix"),
)
SENSITIVE_KEYWORDS = (
    ("origine raciale", "origine_raciale_ethnique"),
    ("opinions politiques", "opinions_politiques"),
    ("convictions religieuses", "convictions_religieuses_philosophiques"),
    ("appartenance syndicale", "appartenance_syndicale"), ("genetiques", "genetiques"),
    ("biometriques", "biometriques"), ("sante", "sante"),
    ("vie sexuelle", "vie_sexuelle_orientation"), ("orientation sexuelle",
                                                   "vie_sexuelle_orientation"),
    ("condamnations penales", "infractions_condamnations"),
    ("infractions", "infractions_condamnations"),
)
DATA_CATEGORY_WORDS = _with_enum(DataCategory, {})
SENSITIVE_WORDS = _with_enum(SensitiveKind, {})


def lookup(word: str, table: dict[str, str]) -> str | None:
    """Return our value for a word of the model, or None when unknown."""
    return table.get(normalise(word))


def data_category_of(label: str) -> str | None:
    """Map a data-category line label of the fiche (or one of our labels) to our value."""
    key = normalise(label)
    if key in DATA_CATEGORY_WORDS:
        return DATA_CATEGORY_WORDS[key]
    for prefix, value in DATA_CATEGORY_PREFIXES:
        if key.startswith(prefix):
            return value
    return None


def sensitive_kind_of(label: str) -> str | None:
    """Map a sensitive-data line label of the fiche (or one of our labels) to our value."""
    key = normalise(label)
    if key in SENSITIVE_WORDS:
        return SENSITIVE_WORDS[key]
    for keyword, value in SENSITIVE_KEYWORDS:
        if keyword in key:
            return value
    return None


def allowed_words(table: dict[str, str], enum_cls: type[LabelledEnum]) -> str:
    """The labels to suggest in a problem message."""
    return " ; ".join(f"« {member.label} »" for member in enum_cls)
