"""An export with a date in the future or malformed brings back the export form with the
message under the date field, not a bare error page (issue 11, point 16)."""
import html
import re

import pytest

from registre.extensions import db
from registre.models import Role
from tests.factories import make_activity, make_organisation, make_user

ERROR_PAGE_TITLE = "Requête invalide"


@pytest.fixture
def auditor(app, login):
    organisation = make_organisation()
    make_activity(organisation, status="en_service")
    user = make_user(Role.AUDITEUR, academie=organisation.academie)
    db.session.commit()
    return organisation, login(user)


def _as_of_error(page: str) -> str:
    match = re.search(r'<p class="error" id="as_of-erreur">([^<]*)</p>', page)
    return match.group(1) if match else ""


@pytest.mark.parametrize("as_of, message", [
    ("2999-01-01", "La date 01/01/2999 est dans le futur"),
    ("15/01/2026", "indiquez as_of au format AAAA-MM-JJ"),
    ("2026-02-30", "invalide"),
])
@pytest.mark.parametrize("how", ["file", "form"])
def test_organisation_export_returns_to_its_form(auditor, as_of, message, how):
    organisation, client = auditor
    base = f"/etablissements/{organisation.uai}/export"
    url = f"{base}.csv?status=tous&as_of={as_of}" if how == "file" \
        else f"{base}?format=csv&status=tous&as_of={as_of}"
    response = client.get(url)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert ERROR_PAGE_TITLE not in page
    assert f'<form method="get" action="{base}"' in page
    assert message in _as_of_error(page)
    # What was typed stays, and the other choices too.
    assert f'value="{as_of}"' in page
    assert re.search(r'<option selected value="csv">|<option value="csv" selected', page)
    assert re.search(r'<option selected value="tous">|<option value="tous" selected', page)


def test_organisation_export_form_alone_and_its_good_answer(auditor):
    organisation, client = auditor
    base = f"/etablissements/{organisation.uai}/export"
    page = client.get(base)
    assert page.status_code == 200 and f'action="{base}"' in page.get_data(as_text=True)
    good = client.get(f"{base}?format=csv&status=tous&as_of=2026-01-15")
    assert good.status_code == 302
    assert good.headers["Location"].endswith(f"{base}.csv?status=tous&as_of=2026-01-15")


@pytest.mark.parametrize("url", ["/academies/{code}/export.csv?as_of=2999-01-01",
                                 "/academies/{code}/export?format=csv&as_of=2999-01-01"])
def test_academie_export_returns_to_its_form(auditor, url):
    organisation, client = auditor
    code = organisation.academie.code
    response = client.get(url.format(code=code))
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and ERROR_PAGE_TITLE not in page
    assert f'action="/academies/{code}/export"' in page and 'name="csrf_token"' in page
    assert "dans le futur" in _as_of_error(page)
