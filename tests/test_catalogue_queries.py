"""Catalogue, account and administration lists issue a bounded number of queries."""
import pytest
from flask import g

from registre.extensions import db
from registre.models import ActivityTemplate, Processor, Role
from tests.factories import make_academie, make_activity, make_organisation, make_user


def _queries(count_queries, client, url: str) -> int:
    # Start every measure alike: nothing cached from the previous request (shared app context).
    g.pop("_login_user", None)
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _fill(academie, size: int) -> None:
    for _ in range(size):
        organisation = make_organisation(academie)
        processor = Processor(academie_id=academie.id, name=f"Prestataire {organisation.uai}",
                              datacenter_countries=["FR"])
        db.session.add(processor)
        db.session.add(ActivityTemplate(academie_id=academie.id, name=f"Modèle {organisation.uai}",
                                        payload={"purpose": "Vie scolaire"}))
        db.session.flush()
        make_activity(organisation, hosting_processor_id=processor.id,
                      recipients=[{"kind": "sous_traitant", "processor_id": processor.id}])
        make_user(Role.REDACTEUR, organisation=organisation)
        make_user(Role.AUDITEUR, academie=academie)
    db.session.commit()


@pytest.mark.parametrize("path", ["/academies/{code}/sous-traitants", "/academies/{code}/modeles",
                                  "/academies/{code}/comptes", "/admin/etablissements",
                                  "/admin/academies"])
def test_lists_do_not_grow_with_their_rows(client, login, path, count_queries):
    academie = make_academie()
    admin = make_user(Role.ADMIN)
    _fill(academie, 2)
    login(admin)
    url = path.format(code=academie.code)
    small = _queries(count_queries, client, url)
    _fill(academie, 8)
    assert _queries(count_queries, client, url) == small
