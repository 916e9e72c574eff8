"""Checks run on an uploaded file BEFORE any parser sees it; each refusal is a French sentence.

Limits: 5 MB on disk, 50 MB declared once unpacked, bounded entries and compression ratio,
no nested archive, no macro, no encryption, no DTD or entity in any XML part, bounded JSON.
"""
import io
import re
import zipfile
from pathlib import PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Our own XLSX has one sheet per activity: 5,000 activities stay well under this.
MAX_ZIP_ENTRIES = 12_000
# Spreadsheet XML compresses 10–30×; a bomb compresses 1,000× and more.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ACTIVITIES = 5_000
MAX_JSON_DEPTH = 20

ACCEPTED_SUFFIXES = {".xlsx": "xlsx", ".ods": "ods", ".json": "json"}
MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlsb", ".xlam", ".ots", ".fods"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NESTED_ARCHIVE_SUFFIXES = {".zip", ".xlsx", ".xlsm", ".xls", ".ods", ".odt", ".docx", ".docm",
                           ".pptx", ".jar", ".7z", ".gz", ".rar", ".tar", ".bz2", ".xz"}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class ImportRefused(Exception):
    """The file is refused as a whole; ``message`` says in French what to fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def mb(size: int) -> str:
    """Format a size in megabytes the French way (``5,2 Mo``)."""
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"


def check_upload(filename: str, data: bytes) -> str:
    """Check the raw file and return its kind (``xlsx``, ``ods`` or ``json``), else refuse."""
    suffix = PurePosixPath((filename or "").lower().replace("\\", "/")).suffix
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(
            f"Le fichier pèse {mb(len(data))}, au-delà de la limite de 5 Mo : "
            "découpez le registre en plusieurs fichiers ou retirez les images.")
    if not data:
        raise ImportRefused("Le fichier est vide : choisissez le fichier du registre.")
    if data.startswith(OLE2_MAGIC):
        raise ImportRefused(
            "Le fichier est protégé par un mot de passe (chiffré) ou au format Excel 97-2003 "
            "(.xls) : ouvrez-le, retirez le mot de passe et enregistrez-le au format .xlsx "
            "ou .ods.")
    if suffix in MACRO_SUFFIXES:
        raise ImportRefused(
            f"Les fichiers {suffix} (classeurs avec macros ou formats non pris en charge) sont "
            "refusés : enregistrez le classeur au format .xlsx (sans macros) ou .ods.")
    kind = ACCEPTED_SUFFIXES.get(suffix)
    if kind is None:
        raise ImportRefused(
            "Format non pris en charge : envoyez un fichier .xlsx, .ods ou .json "
            "(export du registre ou modèle de registre de la CNIL).")
    if kind == "json":
        check_json_text(data)
    else:
        check_archive(data, kind)
    return kind


def check_archive(data: bytes, kind: str) -> None:
    """Refuse a spreadsheet archive that is malformed, too big unpacked, encrypted or scripted."""
    label = "classeur Excel (.xlsx)" if kind == "xlsx" else "tableur OpenDocument (.ods)"
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            f"Le fichier n'est pas un {label} valide (ce n'est pas une archive) : "
            "ré-enregistrez-le depuis votre tableur au bon format.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportRefused(f"Le fichier n'est pas un {label} valide (archive illisible) : "
                            "ré-enregistrez-le depuis votre tableur.") from None
    _check_entries(entries)
    names = {entry.filename for entry in entries}
    _check_macros_and_encryption(archive, names)
    if kind == "xlsx" and "xl/workbook.xml" not in names:
        raise ImportRefused("Le fichier n'est pas un classeur Excel (.xlsx) valide : "
                            "le classeur est introuvable dans l'archive.")
    if kind == "ods" and ("content.xml" not in names or (
            "mimetype" in names and archive.read("mimetype").strip() != ODS_MIMETYPE)):
            raise ImportRefused("Le fichier n'est pas un tableur OpenDocument (.ods) valide : "
                                "ré-enregistrez-le au format .ods.")
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")):
            check_xml(archive, entry.filename)


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(
            f"L'archive contient {len(entries)} fichiers internes (limite : {MAX_ZIP_ENTRIES}) : "
            "ce n'est pas un registre ordinaire ; découpez-le.")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            f"Une fois décompressé, le fichier occuperait {mb(declared)}, au-delà de la "
            "limite de 50 Mo : découpez le registre en plusieurs fichiers.")
    for entry in entries:
        name = entry.filename.lower()
        if PurePosixPath(name).suffix in NESTED_ARCHIVE_SUFFIXES:
            raise ImportRefused(
                f"Le fichier contient une archive imbriquée ({entry.filename}) : "
                "retirez les objets incorporés et enregistrez à nouveau.")
        if entry.flag_bits & 0x1:
            raise ImportRefused("Le fichier est protégé par un mot de passe : "
                                "retirez la protection et enregistrez-le à nouveau.")
        if entry.file_size > RATIO_CHECK_FROM_BYTES and (
                entry.compress_size == 0
                or entry.file_size / entry.compress_size > MAX_COMPRESSION_RATIO):
            raise ImportRefused(
                f"Le fichier est anormalement compressé ({entry.filename}) : il ressemble à "
                "une « bombe de décompression » et est refusé. Ré-enregistrez-le depuis "
                "votre tableur.")


def _check_macros_and_encryption(archive: zipfile.ZipFile, names: set[str]) -> None:
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") or name.endswith("vbaprojectsignature.bin")
           for name in lowered) or any(name.startswith(("basic/", "scripts/"))
                                       for name in lowered):
        raise ImportRefused(
            "Le fichier contient des macros : elles sont refusées. Enregistrez le classeur "
            "sans macros (au format .xlsx ou .ods) et envoyez-le à nouveau.")
    if "encryptedpackage" in lowered or "encryptioninfo" in lowered:
        raise ImportRefused("Le fichier est protégé par un mot de passe : "
                            "retirez la protection et enregistrez-le à nouveau.")
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in content_types or b"vbaProject" in content_types:
            raise ImportRefused(
                "Le fichier est un classeur avec macros : enregistrez-le au format .xlsx "
                "(sans macros) ou .ods et envoyez-le à nouveau.")
    if "META-INF/manifest.xml" in names:
        check_xml(archive, "META-INF/manifest.xml")
        if b"encryption-data" in archive.read("META-INF/manifest.xml"):
            raise ImportRefused("Le fichier est protégé par un mot de passe : ouvrez-le dans "
                                "votre tableur, retirez le mot de passe et enregistrez-le.")


def check_xml(archive: zipfile.ZipFile, name: str) -> None:
    """Parse one XML part with defusedxml: any DTD, entity or external reference is refused."""
    try:
        with archive.open(name) as stream:
            for _event, element in iterparse(stream, forbid_dtd=True, forbid_entities=True,
                                             forbid_external=True):
                element.clear()
    except DefusedXmlException:
        raise ImportRefused(
            f"Le fichier contient des déclarations XML interdites (entités ou DTD, dans "
            f"{name}) : c'est une technique d'attaque connue. Ré-enregistrez le fichier "
            "depuis votre tableur.") from None
    except (SyntaxError, zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
        # ElementTree.ParseError derives from SyntaxError; a CRC error is BadZipFile.
        raise ImportRefused(
            f"Le fichier est endommagé (XML illisible dans {name}) : "
            "ré-enregistrez-le depuis votre tableur.") from None


def check_json_text(data: bytes) -> None:
    """Refuse JSON that is not UTF-8 or nests deeper than :data:`MAX_JSON_DEPTH`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("Le fichier JSON n'est pas encodé en UTF-8 : "
                            "ré-enregistrez-le en UTF-8.") from None
    depth = 0
    # Strings are removed first so that brackets inside texts do not count.
    for match in _BRACKETS.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ImportRefused(
                    f"Le fichier JSON est imbriqué sur plus de {MAX_JSON_DEPTH} niveaux : "
                    "ce n'est pas un export du registre.")
        else:
            depth -= 1
