"""Registre: the RGPD register of processing activities of schools and académies."""
from flask import Flask

from registre.config import load_config
from registre.database import init_database
from registre.extensions import babel, csrf, db, limiter, login_manager, migrate
from registre.i18n import init_i18n


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, models, blueprints, CLI, errors."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="static")
    app.config.from_mapping(load_config(app.instance_path, config))

    init_database()
    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    init_i18n(app, babel)

    from registre import models  # noqa: F401  (registers every table)
    from registre.api.errors import json_http_error
    from registre.audit import init_audit
    from registre.auth.oidc.client import init_oidc
    from registre.auth.session import init_login
    from registre.blueprints import register_blueprints
    from registre.cli import register_cli
    from registre.errors import init_error_handlers
    from registre.navigation import init_navigation
    from registre.routing import init_routing
    from registre.security import init_security
    from registre.tasks import register_tasks
    from registre.templating import init_templating

    init_login(app)
    init_oidc(app)
    init_audit(app)
    init_security(app)
    init_templating(app)
    init_navigation(app)
    init_routing(app)
    register_blueprints(app)
    register_tasks()
    register_cli(app)
    init_error_handlers(app, json_renderers={"/api/": json_http_error})
    return app
