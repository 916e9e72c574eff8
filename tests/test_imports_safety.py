"""Every refusal of an import: a French sentence saying what to fix, and nothing written."""
import io
import json
import zipfile

import pytest

from registre.imports.safety import ImportRefused
from registre.imports.services import read_import
from registre.models import Role
from tests.factories import make_activity, make_organisation, make_user
from tests.import_helpers import CNIL_ODS, cnil_fiche_rows, counts, xlsx_bytes

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                  b'xmlns:office:1.0"><x>&lol3;</x></office:document-content>')
EXTERNAL_ENTITY = (b'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM '
                   b'"file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/'
                   b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                   b'<is><t>&xxe;</t></is></c></row></sheetData></worksheet>')


def rezip(base: bytes, replace: dict | None = None, add: dict | None = None,
          drop: tuple = ()) -> bytes:
    """Copy an archive, replacing, adding or dropping entries."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _encrypted_entry() -> bytes:
    """An .ods whose content.xml is flagged as encrypted (bit 0 of the ZIP general flags)."""
    data = bytearray(_ods())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("content.xml")
    data[info.header_offset + 6] |= 0x1  # local file header
    central = data.index(b"PK\x01\x02" + bytes(data[info.header_offset + 4:
                                                         info.header_offset + 6]))
    while data[central + 46:central + 46 + len(b"content.xml")] != b"content.xml":
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 8] |= 0x1  # central directory entry
    return bytes(data)


def _xlsx() -> bytes:
    return xlsx_bytes({"Fiche": cnil_fiche_rows()})


def _ods() -> bytes:
    return CNIL_ODS.read_bytes()


def _many_activities() -> bytes:
    return json.dumps({"activities": [{"name": f"T{i}", "purpose": "x"}
                                      for i in range(5001)]}).encode()


CASES = {
    "trop gros (> 5 Mo)": ("gros.json", lambda: b" " * (5 * 1024 * 1024 + 10),
                           "au-delà de la limite de 5 Mo"),
    "vide": ("vide.json", lambda: b"", "Le fichier est vide"),
    "décompressé > 50 Mo": ("bombe.xlsx", lambda: rezip(_xlsx(), add={
        "xl/media/zeros.bin": b"\0" * (51 * 1024 * 1024)}), "au-delà de la limite de 50 Mo"),
    "taux de compression anormal": ("ratio.xlsx", lambda: rezip(_xlsx(), add={
        "xl/media/zeros.bin": b"\0" * (3 * 1024 * 1024)}), "anormalement compressé"),
    "trop d'entrées": ("entrees.xlsx", lambda: rezip(_xlsx(), add={
        f"xl/x/{i}.txt": b"" for i in range(12_001)}), "fichiers internes"),
    "archive imbriquée": ("imbrique.xlsx", lambda: rezip(_xlsx(), add={
        "xl/embeddings/autre.zip": zip_of({"a.txt": b"a"})}), "archive imbriquée"),
    "extension xlsm": ("macros.xlsm", _xlsx, "macros"),
    "vbaProject.bin": ("macros.xlsx", lambda: rezip(_xlsx(), add={
        "xl/vbaProject.bin": b"\0attribut vb"}), "contient des macros"),
    "content type macroEnabled": ("macros.xlsx", lambda: rezip(_xlsx(), replace={
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'}),
        "avec macros"),
    "macros ODS Basic/": ("macros.ods", lambda: rezip(_ods(), add={
        "Basic/Standard/Module1.xml": b"<x/>"}), "contient des macros"),
    "OLE2 chiffré ou .xls": ("chiffre.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
                            "protégé par un mot de passe"),
    "EncryptedPackage": ("chiffre.xlsx", lambda: rezip(_xlsx(), add={
        "EncryptedPackage": b"\0" * 64}), "protégé par un mot de passe"),
    "entrée ZIP chiffrée": ("chiffre.ods", _encrypted_entry, "protégé par un mot de passe"),
    "ODS chiffré": ("chiffre.ods", lambda: rezip(_ods(), replace={
        "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest xmlns:manifest='
        b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
        b'manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:'
        b'encryption-data manifest:checksum="x"/></manifest:file-entry></manifest:manifest>'}),
        "protégé par un mot de passe"),
    "pas une archive": ("faux.xlsx", lambda: b"Bonjour, je ne suis pas un classeur",
                        "ce n'est pas une archive"),
    "archive tronquée": ("tronque.ods", lambda: _ods()[:30_000], "archive illisible"),
    "XML cassé (ODS)": ("casse.ods", lambda: rezip(_ods(), replace={
        "content.xml": b"<office:document-content><table"}), "XML illisible"),
    "XML cassé (XLSX)": ("casse.xlsx", lambda: rezip(_xlsx(), replace={
        "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}), "XML illisible"),
    "xlsx sans classeur": ("vide.xlsx", lambda: zip_of({"a.txt": b"a"}), "classeur est introuvable"),
    "billion laughs (ODS)": ("rires.ods", lambda: rezip(_ods(), replace={
        "content.xml": BILLION_LAUGHS}), "déclarations XML interdites"),
    "entité externe (XLSX)": ("xxe.xlsx", lambda: rezip(_xlsx(), replace={
        "xl/worksheets/sheet1.xml": EXTERNAL_ENTITY}), "déclarations XML interdites"),
    "JSON mal formé": ("registre.json", lambda: b'{"activities": [', "JSON est mal formé"),
    "JSON sans activités": ("registre.json", lambda: b'{"foo": 1}', "liste « activities »"),
    "JSON NaN": ("registre.json", lambda: b'[{"name": NaN}]', "NaN"),
    "JSON trop profond": ("registre.json", lambda: b"[" * 50 + b"]" * 50, "imbriqué"),
    "JSON non UTF-8": ("registre.json", lambda: '[{"name": "é"}]'.encode("latin-1"),
                       "UTF-8"),
    "plus de 5 000 traitements": ("registre.json", _many_activities, "limite de 5000"),
    "format inconnu": ("registre.csv", lambda: b"a;b", "Format non pris en charge"),
}


@pytest.mark.parametrize("case", CASES.keys())
def test_refusals_say_what_to_fix_and_write_nothing(app, case):
    filename, build, expected = CASES[case]
    organisation = make_organisation()
    make_activity(organisation)
    before = counts()
    with pytest.raises(ImportRefused) as refusal:
        read_import(filename, build(), organisation)
    assert expected in refusal.value.message
    assert refusal.value.message[0].isupper() and refusal.value.message.endswith(".")
    assert counts() == before


@pytest.mark.parametrize("case", ["décompressé > 50 Mo", "billion laughs (ODS)",
                                  "JSON trop profond", "vbaProject.bin", "pas une archive"])
def test_refusals_through_the_web_page(app, client, login, case):
    filename, build, expected = CASES[case]
    user = make_user(Role.REDACTEUR)
    login(user)
    before = counts()
    response = client.post_form(f"/etablissements/{user.organisation.uai}/import",
                                {"file": (io.BytesIO(build()), filename)},
                                content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Fichier refusé, rien n'a été enregistré." in page
    assert expected.replace("'", "&#39;") in page
    assert counts() == before


def test_request_over_the_limit_gets_a_french_413_page(app, client, login):
    user = make_user(Role.REDACTEUR)
    login(user)
    before = counts()
    # A raw multipart body: the test client would otherwise spool it to an unclosed temp file.
    boundary = "frontiere"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{client.csrf_token()}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"gros.json\"\r\n\r\n").encode() \
        + b"x" * (7 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(f"/etablissements/{user.organisation.uai}/import", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "dépasse la limite de 5 Mo" in response.get_data(as_text=True)
    assert counts() == before


def test_openpyxl_parses_with_defusedxml():
    """openpyxl only refuses entities when defusedxml is installed: make sure it is used."""
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import fromstring, iterparse

    assert DEFUSEDXML is True
    assert fromstring.__module__.startswith("defusedxml")
    assert iterparse.__module__.startswith("defusedxml")
