"""The list of feature blueprints, registered by :func:`registre.create_app`."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprint."""
    from registre.accessibility.views import bp as accessibility_bp
    from registre.accounts.views import bp as accounts_bp
    from registre.activities.version_views import bp as versions_bp
    from registre.activities.views import bp as activities_bp
    from registre.admin.views import bp as admin_bp
    from registre.api.breaches import bp as breaches_api_bp
    from registre.api.findings import bp as compliance_api_bp
    from registre.api.jobs import bp as jobs_api_bp
    from registre.api.requests import bp as requests_api_bp
    from registre.api.views import bp as api_bp
    from registre.auth.oidc.views import bp as oidc_bp
    from registre.auth.reset_views import bp as password_reset_bp
    from registre.auth.views import bp as auth_bp
    from registre.breaches.register_views import bp as breach_registers_bp
    from registre.breaches.views import bp as breaches_bp
    from registre.catalogue.copy_views import bp as catalogue_copies_bp
    from registre.catalogue.template_views import bp as catalogue_templates_bp
    from registre.catalogue.views import bp as catalogue_bp
    from registre.compliance.views import bp as compliance_bp
    from registre.directory.views import bp as directory_bp
    from registre.exports.views import bp as exports_bp
    from registre.health.views import bp as health_bp
    from registre.history.views import bp as history_bp
    from registre.imports.views import bp as imports_bp
    from registre.jobs.views import bp as jobs_bp
    from registre.journal.views import bp as journal_bp
    from registre.organisations.views import bp as organisations_bp
    from registre.profile.views import bp as profile_bp
    from registre.public.views import bp as public_bp
    from registre.requests.public_views import bp as request_form_bp
    from registre.requests.register_views import bp as request_registers_bp
    from registre.requests.views import bp as requests_bp
    from registre.todo.views import bp as todo_bp

    for blueprint in (auth_bp, password_reset_bp, organisations_bp, activities_bp, history_bp,
                      compliance_bp,
                      catalogue_bp, catalogue_copies_bp, accounts_bp, admin_bp,
                      exports_bp, imports_bp, api_bp, compliance_api_bp, public_bp,
                      directory_bp, oidc_bp, journal_bp, profile_bp,
                      breaches_bp, breach_registers_bp, breaches_api_bp, requests_bp,
                      request_registers_bp, requests_api_bp, request_form_bp,
                      jobs_bp, jobs_api_bp, health_bp, versions_bp, todo_bp,
                      catalogue_templates_bp, accessibility_bp):
        app.register_blueprint(blueprint)
