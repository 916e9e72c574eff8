"""The list of feature blueprints, registered by :func:`registre.create_app`."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprint."""
    from registre.accounts.views import bp as accounts_bp
    from registre.activities.views import bp as activities_bp
    from registre.admin.views import bp as admin_bp
    from registre.api.views import bp as api_bp
    from registre.auth.views import bp as auth_bp
    from registre.catalogue.copy_views import bp as catalogue_copies_bp
    from registre.catalogue.views import bp as catalogue_bp
    from registre.compliance.api import bp as compliance_api_bp
    from registre.compliance.views import bp as compliance_bp
    from registre.exports.views import bp as exports_bp
    from registre.health.views import bp as health_bp
    from registre.history.views import bp as history_bp
    from registre.imports.views import bp as imports_bp
    from registre.jobs.api import bp as jobs_api_bp
    from registre.jobs.views import bp as jobs_bp
    from registre.organisations.views import bp as organisations_bp
    from registre.public.views import bp as public_bp

    for blueprint in (auth_bp, organisations_bp, activities_bp, history_bp, compliance_bp,
                      catalogue_bp, catalogue_copies_bp, accounts_bp, admin_bp,
                      exports_bp, imports_bp, api_bp, compliance_api_bp, public_bp,
                      jobs_bp, jobs_api_bp, health_bp):
        app.register_blueprint(blueprint)
