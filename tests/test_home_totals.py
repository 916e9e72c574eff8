"""The DPD's home page: every organisation of the académie, counts per status, a total row."""
import re
from html import unescape

from registre.extensions import db
from registre.models import Role, Status
from tests.factories import make_activity, make_organisation, make_user


def _cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html, re.S)]


def test_dpd_home_has_counts_per_status_and_a_total_row(client, login, app):
    dpd = make_user(Role.DPD)
    first = make_organisation(dpd.academie, name="Collège Albert Camus")
    second = make_organisation(dpd.academie, name="Lycée Marie Curie")
    foreign = make_organisation(name="Collège d'ailleurs")
    for organisation, statuses in ((first, [Status.BROUILLON, Status.EN_SERVICE,
                                            Status.EN_SERVICE]),
                                   (second, [Status.A_VALIDER, Status.TERMINE]),
                                   (foreign, [Status.EN_SERVICE] * 5)):
        for status in statuses:
            make_activity(organisation, status=status)
    db.session.commit()
    login(dpd)
    html = unescape(client.get("/").get_data(as_text=True))
    assert "Collège d'ailleurs" not in html
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = {cells[0]: cells[4:] for cells in map(_cells, body.split("</tr>")[:-1])}
    assert rows == {"Collège Albert Camus": ["1", "0", "2", "0"],
                    "Lycée Marie Curie": ["0", "1", "0", "1"]}
    total = _cells(html.split("<tfoot>")[1].split("</tfoot>")[0])
    assert total == ["Total (2 établissements)", "1", "1", "2", "1"]
