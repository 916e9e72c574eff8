"""The site navigation, built in one place from what the current user may open.

:func:`init_navigation` gives every template ``site_links()``; the rules are
:mod:`registre.scopes`'. A feature that needs a menu entry adds it to :func:`site_links`.
"""
from dataclasses import dataclass

from flask import Flask, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registre.models import User
from registre.scopes import Action, can_administer, can_manage_academie, can_read_audit_log


@dataclass(frozen=True)
class NavLink:
    """One entry of the main navigation."""

    text: str
    url: str


def site_links(user: User) -> list[NavLink]:
    """The main navigation of a signed-in user (nothing for a visitor)."""
    if not user.is_authenticated:
        return []
    links = [NavLink(_("Mes registres"), url_for("organisations.home"))]
    if can_administer(user):
        links.append(NavLink(_("Administration"), url_for("admin.academies")))
    academie = user.academie if user.organisation_id is None else None
    if academie is not None and can_manage_academie(user, academie, Action.READ):
        links.append(NavLink(_("Sous-traitants"), url_for("catalogue.processors",
                                                       code=academie.code)))
        links.append(NavLink(_("Modèles"), url_for("catalogue.templates", code=academie.code)))
    if academie is not None and can_manage_academie(user, academie, Action.MANAGE_USERS):
        links.append(NavLink(_("Comptes"), url_for("accounts.index", code=academie.code)))
    if academie is not None and can_manage_academie(user, academie, Action.IMPORT_DIRECTORY):
        links.append(NavLink(_("Annuaire"), url_for("directory.upload", code=academie.code)))
    if academie is not None and can_manage_academie(user, academie, Action.READ):
        links.append(NavLink(_("Violations"), url_for("breach_registers.academie",
                                                   code=academie.code)))
        links.append(NavLink(_("Demandes"), url_for("request_registers.academie",
                                                 code=academie.code)))
    if user.organisation is not None:
        links.append(NavLink(_("Violations"), url_for("breaches.index", uai=user.organisation.uai)))
        links.append(NavLink(_("Demandes"), url_for("requests.index", uai=user.organisation.uai)))
    if can_read_audit_log(user):
        links.append(NavLink(_("Journal"), url_for("journal.platform_journal")))
    elif academie is not None and can_read_audit_log(user, academie):
        links.append(NavLink(_("Journal"), url_for("journal.academie_journal", code=academie.code)))
    return links


def init_navigation(app: Flask) -> None:
    """Give templates the navigation of the current user (computed when the menu is shown)."""
    app.context_processor(lambda: {"site_links": lambda: site_links(current_user)})
