"""What ``/sante`` checks: the database and, when configured, Redis. Never any secret."""
import sqlalchemy as sa
from flask import current_app

from registre.extensions import db
from registre.jobs.runner import redis_connection

OK = "ok"
ERROR = "erreur"


def check_database() -> dict:
    """Run ``SELECT 1``; the error's text (which could name the server) is only logged."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Santé : la base de données ne répond pas")
        return {"etat": ERROR, "message": "La base de données ne répond pas."}
    return {"etat": OK}


def check_redis() -> dict | None:
    """Ping Redis when ``REGISTRE_REDIS_URL`` is set (None otherwise: jobs run in threads)."""
    connection = redis_connection()
    if connection is None:
        return None
    from redis.exceptions import RedisError

    try:
        connection.ping()
    except RedisError:
        current_app.logger.exception("Santé : Redis ne répond pas")
        return {"etat": ERROR, "message": "Redis ne répond pas (tâches et limites de débit)."}
    finally:
        connection.close()
    return {"etat": OK}


def health() -> tuple[dict, bool]:
    """Every check by name, and whether all passed."""
    checks = {"base_de_donnees": check_database()}
    redis = check_redis()
    if redis is not None:
        checks["redis"] = redis
    healthy = all(check["etat"] == OK for check in checks.values())
    return {"etat": OK if healthy else ERROR, "verifications": checks}, healthy
