"""A button form: CSRF-protected, carrying the version of the record the user saw."""
from wtforms import HiddenField

from registre.forms.validators import FrenchForm


class ActionForm(FrenchForm):
    """A CSRF-protected button (close, reopen…) with the version the user saw."""

    version = HiddenField()
