"""Country names in French and where the GDPR applies."""
import pytest

from registre.countries import in_eea
from registre.public.countries import country_name, country_zone


@pytest.mark.parametrize(("code", "name", "eea", "zone"), [
    ("FR", "France", True, "Union européenne"),
    ("ie", "Irlande", True, "Union européenne"),
    (" de ", "Allemagne", True, "Union européenne"),
    ("EL", "Grèce", True, "Union européenne"),
    ("NO", "Norvège", True, "Espace économique européen, où le RGPD s'applique"),
    ("US", "États-Unis", False, "hors de l'Union européenne"),
    ("GB", "Royaume-Uni", False, "hors de l'Union européenne"),
    ("CH", "Suisse", False, "hors de l'Union européenne"),
    ("XY", "XY", False, "hors de l'Union européenne"),
])
def test_country_names_and_zones(code, name, eea, zone):
    assert country_name(code) == name
    assert in_eea(code) is eea
    assert country_zone(code) == zone


def test_empty_code_has_no_name():
    assert country_name("") == "" and country_name(None) == ""
