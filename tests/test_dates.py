"""One calendar: a fiche saved at 23:30 UTC on 28/11/2026 is dated 29/11/2026 (Paris) everywhere."""
import io
import json
import subprocess
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
import pytest

from registre.dates import (
    end_of_day,
    format_date,
    format_datetime,
    local_date,
    parse_date,
    today,
    utcnow,
)
from registre.exports.values import date_text
from registre.extensions import db
from registre.history.services import register_as_of
from registre.models import Role
from tests.factories import make_academie, make_organisation, make_user
from tests.public_support import publish
from tests.support import require_tool

LATE_SAVE = datetime(2026, 11, 28, 23, 30)  # UTC: already 29/11 at 00:30 in Paris


@pytest.mark.parametrize(("value", "expected"), [
    (date(2026, 11, 28), "28/11/2026"),
    ("2026-11-28", "28/11/2026"),
    (LATE_SAVE, "29/11/2026"),
    ("2026-11-28T23:30:00", "29/11/2026"),
    ("2026-11-28T23:30:00+00:00", "29/11/2026"),
    (datetime(2026, 11, 28, 23, 30, tzinfo=UTC), "29/11/2026"),
    (datetime(2026, 11, 28, 22, 59), "28/11/2026"),  # winter: UTC+1
    (datetime(2026, 7, 1, 21, 59), "01/07/2026"),  # summer: UTC+2
    (datetime(2026, 7, 1, 22, 0), "02/07/2026"),
    (None, ""), ("", ""), ("pas une date", "pas une date"),
])
def test_one_french_date_format_for_pages_and_exports(value, expected):
    assert format_date(value) == expected
    assert date_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (LATE_SAVE, "29/11/2026 à 00:30"),
    ("2026-11-28T23:30:00", "29/11/2026 à 00:30"),
    (datetime(2026, 7, 1, 12, 5), "01/07/2026 à 14:05"),
    ("2026-11-28", "28/11/2026"),
    (None, ""),
])
def test_timestamps_are_shown_in_paris_time(value, expected):
    assert format_datetime(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("28/11/2026", date(2026, 11, 28)), ("2026-11-28", date(2026, 11, 28)),
    (" 1/2/2026 ", date(2026, 2, 1)),
])
def test_typed_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "28.11.2026", "", "demain"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_the_frozen_clock_moves_now_and_today(frozen_clock):
    assert utcnow() == datetime(2026, 11, 28, 12, 0) and today() == date(2026, 11, 28)
    frozen_clock.set(LATE_SAVE)
    assert utcnow() == LATE_SAVE
    assert today() == date(2026, 11, 29) == local_date(LATE_SAVE)


def test_a_paris_day_ends_at_midnight_paris_time():
    assert end_of_day(date(2026, 11, 28)) == datetime(2026, 11, 28, 23, 0)
    assert end_of_day(date(2026, 7, 1)) == datetime(2026, 7, 1, 22, 0)


@pytest.fixture
def late_fiche(app, frozen_clock):
    """A fiche in service, published, saved at 23:30 UTC on 28/11/2026."""
    frozen_clock.set(LATE_SAVE)
    academie = make_academie()
    organisation = make_organisation(academie)
    activity = publish(organisation, name="Cantine tardive")
    dpd = make_user(Role.DPD, academie=academie)
    db.session.commit()
    assert activity.updated_at == LATE_SAVE
    return organisation, activity, dpd


def _assert_29_not_28(text: str) -> None:
    assert "29/11/2026" in text
    assert "28/11/2026" not in text


def test_staff_fiche_page_and_history_show_the_paris_day(client, login, late_fiche):
    organisation, activity, dpd = late_fiche
    login(dpd)
    base = f"/etablissements/{organisation.uai}/traitements/{activity.id}"
    _assert_29_not_28(client.get(base).get_data(as_text=True))
    history = client.get(f"{base}/historique").get_data(as_text=True)
    _assert_29_not_28(history)
    assert "29/11/2026 à 00:30" in history
    listing = client.get(f"/etablissements/{organisation.uai}/traitements")
    _assert_29_not_28(listing.get_data(as_text=True))


def test_public_page_json_and_open_data_show_the_paris_day(client, late_fiche):
    organisation, _, _ = late_fiche
    page = client.get(f"/registre/{organisation.uai}").get_data(as_text=True)
    _assert_29_not_28(page)
    assert 'datetime="2026-11-29"' in page and "2026-11-28" not in page
    register = client.get(f"/registre/{organisation.uai}.json").get_json()
    assert register["last_updated"] == "2026-11-29"
    assert [card["updated_at"] for card in register["activities"]] == ["2026-11-29"]
    open_data = client.get(f"/registre/{organisation.uai}.csv").get_data(as_text=True)
    assert "2026-11-29" in open_data and "2026-11-28" not in open_data


def _shown(value) -> str:
    """A cell as a spreadsheet shows it: a date cell as dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime) else str(value)


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_every_spreadsheet_export_shows_the_paris_day(client, login, late_fiche, fmt):
    organisation, _, dpd = late_fiche
    login(dpd)
    response = client.get(f"/etablissements/{organisation.uai}/export.{fmt}")
    assert response.status_code == 200
    assert f"-2026-11-29.{fmt}" in response.headers["Content-Disposition"]
    if fmt == "csv":
        text = response.get_data(as_text=True)
    elif fmt == "xlsx":
        # Dates are date cells (issue 11): shown as their number format, DD/MM/YYYY, shows them.
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        text = "\n".join(_shown(value) for sheet in workbook for row in sheet.iter_rows(
            values_only=True) for value in row if value is not None)
    else:
        sheets = pd.read_excel(io.BytesIO(response.data), engine="odf", sheet_name=None,
                               header=None)
        text = "\n".join(_shown(value) for sheet in sheets.values()
                         for value in sheet.to_numpy().ravel() if not pd.isna(value))
    _assert_29_not_28(text)


def test_json_export_keeps_the_stored_utc_timestamp(client, login, late_fiche):
    """JSON carries ISO timestamps (UTC), not French dates: the instant, not a day."""
    organisation, _, dpd = late_fiche
    login(dpd)
    document = json.loads(client.get(f"/etablissements/{organisation.uai}/export.json").data)
    assert document["activities"][0]["updated_at"] == "2026-11-28T23:30:00+00:00"


def test_pdf_export_shows_the_paris_day(client, login, late_fiche):
    require_tool("pdftotext", "lecture des exports PDF")
    organisation, _, dpd = late_fiche
    login(dpd)
    response = client.get(f"/etablissements/{organisation.uai}/export.pdf")
    assert response.status_code == 200
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data,
                          capture_output=True, check=True).stdout.decode()
    _assert_29_not_28(text)


def test_register_as_of_follows_the_paris_calendar(late_fiche):
    organisation, activity, _ = late_fiche
    assert list(register_as_of([organisation.id], date(2026, 11, 28))) == []
    [snapshot] = register_as_of([organisation.id], date(2026, 11, 29))
    assert snapshot["name"] == activity.name
