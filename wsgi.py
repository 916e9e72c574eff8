"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""
from registre import create_app

app = create_app()
