"""The register list's GET form: status filter, accent-insensitive name search, sort order.

Accents cannot be folded the same way in SQLite and PostgreSQL SQL, so the search reads
the organisation's (id, name) pairs — one small query, bounded by one register — folds
them in Python, then loads only the matching activities. No schema change.
"""
import re

import sqlalchemy as sa
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, Optional

from registre.compliance.services import RULES
from registre.extensions import db
from registre.fiche.fields import label
from registre.forms.fields import select_choices
from registre.forms.validators import FrenchMeta
from registre.models import Activity, Organisation, Status, StoredFinding
from registre.text import fold

SORTS = (("reference", label("reference")), ("nom", label("name")),
         ("maj", f"{label('updated_at')} (récentes d'abord)"))


def _natural_key(reference: str) -> list:
    """Sort "T-2" before "T-10": digits compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", fold(reference)) if part]


class ActivityFilterForm(Form):
    """Filter and sort an organisation's register (GET, read-only, so no CSRF token)."""

    class Meta(FrenchMeta):
        pass

    q = StringField(f"{label('name')} contient", [Optional(), Length(max=200, message=(
        "La recherche est limitée à 200 caractères."))],
        description="Les accents et les majuscules sont ignorés.")
    statut = SelectField(label("status"), choices=select_choices([("", "Tous les statuts"),
                                                           *Status.choices()]), default="")
    tri = SelectField("Trier par", choices=select_choices(SORTS), default="reference")
    # The académie's compliance matrix links each cell to the fiches a rule flags.
    regle = SelectField("Constat", choices=select_choices([("", "Tous les constats"),
                                                           *RULES.items()]), default="")

    def criteria(self) -> dict:
        """The validated choices, as keyword arguments of :func:`filter_activities`."""
        return {"status": self.statut.data or None, "search": (self.q.data or "").strip(),
                "sort": self.tri.data or "reference", "rule": self.regle.data or None}


def filter_activities(organisation: Organisation, status: str | None = None,
                      search: str = "", sort: str = "reference",
                      rule: str | None = None) -> list[Activity]:
    """Return the organisation's activities of ``status`` whose name contains ``search``
    (and that the compliance ``rule`` flags, when given)."""
    conditions = [Activity.organisation_id == organisation.id]
    if status:
        conditions.append(Activity.status == Status(status))
    if rule:
        conditions.append(Activity.id.in_(
            sa.select(StoredFinding.activity_id).where(StoredFinding.rule == rule)))
    needle = fold(search).strip()
    if needle:
        pairs = db.session.execute(sa.select(Activity.id, Activity.name).where(*conditions))
        matching = [activity_id for activity_id, name in pairs if needle in fold(name)]
        if not matching:
            return []
        conditions.append(Activity.id.in_(matching))
    activities = list(db.session.scalars(sa.select(Activity).where(*conditions)))
    if sort == "nom":
        activities.sort(key=lambda a: (fold(a.name), _natural_key(a.reference)))
    elif sort == "maj":
        activities.sort(key=lambda a: (a.updated_at, a.id), reverse=True)
    else:
        activities.sort(key=lambda a: (_natural_key(a.reference), a.id))
    return activities
