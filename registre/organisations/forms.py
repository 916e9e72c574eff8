"""The school search of the DPD's pages: a name, UAI or commune, and a kind of school."""
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, Optional

from registre.forms.fields import select_choices
from registre.forms.validators import FrenchMeta
from registre.models import Organisation, OrganisationKind
from registre.text import fold


class OrganisationFilterForm(Form):
    """Find schools among many (GET, read-only, so no CSRF token)."""

    class Meta(FrenchMeta):
        pass

    q = StringField("Établissement (nom, UAI ou commune)", [Optional(), Length(
        max=200, message="La recherche est limitée à 200 caractères.")],
        description="Les accents et les majuscules sont ignorés.")
    type = SelectField("Type d'établissement", choices=select_choices(
        [("", "Tous les types"), *OrganisationKind.choices()]), default="")

    def criteria(self) -> dict:
        """The validated choices, as keyword arguments of :func:`filter_organisations`."""
        if not self.validate():
            return {}
        return {"search": (self.q.data or "").strip(), "kind": self.type.data or None}

    @property
    def active(self) -> bool:
        """True when the user asked for a subset of the schools."""
        return any(self.criteria().values())


def filter_organisations(organisations: list[Organisation], search: str = "",
                         kind: str | None = None) -> list[Organisation]:
    """The organisations whose name, UAI or commune contains ``search``, of ``kind``."""
    needle = fold(search).strip()
    return [organisation for organisation in organisations
            if (not kind or organisation.kind == kind)
            and (not needle or needle in fold(f"{organisation.name} {organisation.uai} "
                                              f"{organisation.commune or ''}"))]
