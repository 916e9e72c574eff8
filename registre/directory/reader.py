"""Reading the « Annuaire de l'éducation » CSV as the ministry publishes it.

`;`-separated, UTF-8 with or without BOM; the header carries either the labels
(``Identifiant_de_l_etablissement``…) or the lower-case field names
(``identifiant_de_l_etablissement``…): both fold to the same key. Extra columns are ignored.
"""
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from registre.models import OrganisationKind, Sector
from registre.text import fold

# Column key (folded header) → attribute of :class:`DirectoryRow`.
COLUMNS = {
    "identifiant_de_l_etablissement": "uai",
    "nom_etablissement": "name",
    "type_etablissement": "type_label",
    "statut_public_prive": "sector_label",
    "adresse_1": "address",
    "code_postal": "postal_code",
    "nom_commune": "commune",
    "code_academie": "code_academie",
    "libelle_academie": "libelle_academie",
    "etat": "state",
    "libelle_nature": "nature",
}
REQUIRED = ("identifiant_de_l_etablissement", "nom_etablissement", "type_etablissement",
            "statut_public_prive")
# Types of the directory; "Service Administratif" is told apart by its name (see kind_of).
KINDS = {
    "ecole": OrganisationKind.ECOLE,
    "college": OrganisationKind.COLLEGE,
    "lycee": OrganisationKind.LYCEE,
    "erea": OrganisationKind.EREA,
    "service administratif": OrganisationKind.AUTRE,
    "information et orientation": OrganisationKind.AUTRE,
    "medico-social": OrganisationKind.AUTRE,
    "autre": OrganisationKind.AUTRE,
}
CLOSED_STATE = "ferme"
_MAX_FIELD = 10_000


class DirectoryRefused(ValueError):
    """The file cannot be read at all; the French message says what to do."""


@dataclass(slots=True)
class DirectoryRow:
    """One line of the directory, as text, with its line number in the file."""

    line: int
    uai: str = ""
    name: str = ""
    type_label: str = ""
    sector_label: str = ""
    address: str = ""
    postal_code: str = ""
    commune: str = ""
    code_academie: str = ""
    libelle_academie: str = ""
    state: str = ""
    nature: str = ""

    @property
    def closed(self) -> bool:
        """True when the directory says the school is closed (« FERME »)."""
        return fold(self.state).strip() == CLOSED_STATE


def column_key(header: str) -> str:
    """Fold a header (label or field name) to its field key: lower case, ``_`` separators."""
    return re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")


def academie_key(name: str) -> str:
    """Fold an académie's name for comparison: « Académie de Besançon » ≡ "BESANCON"."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
    if words[:1] == ["academie"]:
        words = words[1:]
        if words[:1] in (["de"], ["d"], ["du"], ["des"]):
            words = words[1:]
    return " ".join(words)


def kind_of(row: DirectoryRow) -> OrganisationKind | None:
    """The organisation kind of a row, or None for a type the directory does not list."""
    kind = KINDS.get(fold(row.type_label).strip())
    if kind == OrganisationKind.LYCEE and "professionnel" in fold(row.nature):
        return OrganisationKind.LYCEE_PROFESSIONNEL
    if fold(row.type_label).strip() == "service administratif":
        name = fold(row.name)
        if name.startswith("rectorat"):
            return OrganisationKind.RECTORAT
        if "services departementaux" in name or name.startswith("dsden"):
            return OrganisationKind.DSDEN
    return kind


def sector_of(row: DirectoryRow) -> Sector | None:
    """Public or private (the directory's private schools are those under contract here)."""
    label = fold(row.sector_label).strip()
    if label.startswith("public"):
        return Sector.PUBLIC
    if label.startswith("prive"):
        return Sector.PRIVE_SOUS_CONTRAT
    return None


def decode(data: bytes) -> str:
    """Decode the file as UTF-8 (BOM or not), or refuse it with a French message."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DirectoryRefused(
            "Le fichier n'est pas encodé en UTF-8 : téléchargez à nouveau l'annuaire au format "
            "CSV (séparateur « ; ») sans l'ouvrir dans un tableur.") from None


def read_rows(text: str, needed: tuple[str, ...] = ()) -> Iterator[DirectoryRow]:
    """Yield the rows of the CSV text; raise :class:`DirectoryRefused` for a bad header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise DirectoryRefused(f"Ligne 1 illisible : {error}.") from None
    if not header:
        raise DirectoryRefused("Le fichier est vide.")
    keys = [column_key(name) for name in header]
    missing = [key for key in (*REQUIRED, *needed) if key not in keys]
    if missing:
        raise DirectoryRefused(
            "Ce fichier n'a pas les colonnes de l'Annuaire de l'éducation (séparateur « ; ») : "
            "il manque " + ", ".join(f"« {key} »" for key in missing) + ".")
    positions = [(index, COLUMNS[key]) for index, key in enumerate(keys) if key in COLUMNS]
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            row = DirectoryRow(line=line)
            for index, attribute in positions:
                if index < len(values):
                    setattr(row, attribute, values[index].strip()[:_MAX_FIELD])
            yield row
    except csv.Error as error:
        raise DirectoryRefused(f"Ligne {line + 1} illisible : {error}.") from None
