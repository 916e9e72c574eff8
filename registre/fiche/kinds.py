"""What the catalogue says of a field: its kind, where its value comes from, its table."""
import enum
from dataclasses import dataclass
from typing import Any

from registre.forms.validators import MAX_TEXT


class Kind(enum.Enum):
    """The shape of a field's value; the form, the exports and the API schema follow it."""

    TEXT = "texte"                      # one line
    LONG_TEXT = "texte long"            # several lines
    CODE = "code"                       # one line kept in capitals (N° / RÉF)
    EMAIL = "adresse mél"
    URL = "lien"                        # an http(s) address
    COUNTRY = "pays"                    # an ISO 3166 alpha-2 code
    DATE = "date"
    TIMESTAMP = "horodatage"            # stored in UTC, shown as its Paris date
    INTEGER = "entier"
    AGE = "âge"                         # whole years, 0 to 99
    DURATION = "durée"                  # a whole number of days, months or years
    BOOL = "oui/non"
    YES_NO_UNKNOWN = "oui/non/inconnu"  # True, False or None ("non renseigné")
    ENUM = "vocabulaire"                # one value of ``vocabulary``
    ENUM_LIST = "liste de valeurs"      # several values of ``vocabulary``
    TEXT_LIST = "liste de textes"
    COUNTRY_LIST = "liste de pays"
    PROCESSOR = "sous-traitant"         # the id of a processor of the académie catalogue
    ACCOUNT = "compte"                  # a user account, shown by its e-mail address
    RIGHTS = "droits"                   # keys of registre.models.RIGHTS
    OBJECT = "objet"                    # one object of ``table`` (a contact, a document)
    ROWS = "lignes"                     # a list of rows of ``table``


# Kinds whose value is one JSON scalar (text, number, boolean, date, vocabulary value, id).
SCALAR_KINDS = frozenset({
    Kind.TEXT, Kind.LONG_TEXT, Kind.CODE, Kind.EMAIL, Kind.URL, Kind.COUNTRY, Kind.DATE,
    Kind.TIMESTAMP, Kind.INTEGER, Kind.AGE, Kind.DURATION, Kind.BOOL, Kind.YES_NO_UNKNOWN,
    Kind.ENUM, Kind.PROCESSOR,
})
# Bounds of the texts whose entry does not give one (RFC 5321 for e-mail; a country typed as a
# code, an alias or its French name, see registre.countries).
DEFAULT_LENGTHS = {Kind.EMAIL: 254, Kind.URL: 2000, Kind.COUNTRY: 100, Kind.COUNTRY_LIST: 200}


class Source(enum.Enum):
    """Who gives a field its value."""

    EDITED = "saisi"        # a user, through the form, the API or an import
    SYSTEM = "système"      # the application (status, the fiche's own dates, version)
    DERIVED = "déduit"      # computed from other fields; in the JSON form, read only
    DISPLAY = "affiché"     # computed for pages and exports only, absent from the JSON form


@dataclass(frozen=True)
class Field:
    """One field of the fiche, of one of its row tables or of a small object (contact…)."""

    key: str                         # the design's §3 name: model attribute and JSON key
    label: str                       # the French label: form, page, history, export header
    kind: Kind
    help: str = ""                   # the form's help text
    section: str = ""                # anchor of its fiche section (activity fields only)
    cnil: str = ""                   # the CNIL 2019 model's header, where it has one
    vocabulary: type | None = None   # the LabelledEnum of ENUM and ENUM_LIST kinds
    table: "Table | None" = None     # the object or row table of OBJECT and ROWS kinds
    source: Source = Source.EDITED
    required: str = ""               # message when a user leaves it empty (empty: optional)
    default: Any = None              # value of a new fiche in the form
    public: bool = True              # may appear on the public page (never: False)
    question: str = ""               # the public card heading answering it (public/wording)
    aliases: tuple[str, ...] = ()    # headers of older exports that the import still reads
    attribute: str = ""              # dotted path read on the model when not ``key``
    column: str = ""                 # model column holding it when not ``key``
    prefixed: bool = False           # OBJECT kept in ``<key>_<part>`` columns (not JSON)
    nullable: bool = True            # OBJECT: None when every part is empty
    imported: bool = True            # EDITED: written by imports, templates and the API
    exported: bool = True            # has a column in "Vue complète" (and the CSV)
    item_label: str = ""             # TEXT_LIST: the label of one item
    max_length: int = 0              # texts: the most characters accepted (see ``limit``)

    @property
    def limit(self) -> int:
        """The most characters a user may type in it (free text: ``MAX_TEXT``)."""
        return self.max_length or DEFAULT_LENGTHS.get(self.kind, MAX_TEXT)

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header the import recognises for this field: the label, then the aliases."""
        return (self.label, *self.aliases)

    @property
    def writable(self) -> bool:
        """True when imports, templates and API clients may set it."""
        return self.source is Source.EDITED and self.imported

    @property
    def serialized(self) -> bool:
        """True when the JSON form of an activity (API, revisions, JSON export) carries it."""
        return self.source is not Source.DISPLAY

    def model_columns(self) -> tuple[str, ...]:
        """The model columns that hold this field (none for rows and computed fields)."""
        if self.source in (Source.DERIVED, Source.DISPLAY) or self.kind is Kind.ROWS:
            return ()
        if self.prefixed:
            return tuple(f"{self.key}_{part.key}" for part in self.table.fields)
        return (self.column or self.key,)


@dataclass(frozen=True)
class Table:
    """The fields of a row table (legal bases, recipients…) or of a small object (contact)."""

    name: str
    fields: tuple[Field, ...]        # the stored fields, in order
    model: type | None = None        # the row model; None for an object
    sheet: str = ""                  # the export's long sheet (31 characters at most)
    title_column: str = ""           # the column that names a row (history)
    displayed: tuple[Field, ...] = ()  # computed for pages and exports (source DISPLAY)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the table's fields, in order."""
        return tuple(field.key for field in self.fields)

    def field(self, key: str) -> Field:
        """The field (stored or displayed) of this table with that key (KeyError if unknown)."""
        for field in (*self.fields, *self.displayed):
            if field.key == key:
                return field
        raise KeyError(f"{self.name}.{key}")


# Columns of a row model that the application manages and no user ever sees.
ROW_SYSTEM_COLUMNS = ("id", "activity_id", "position")
