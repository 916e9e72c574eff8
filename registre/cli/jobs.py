"""CLI: the RQ worker, and the daily command (stored findings, jobs, audit log, requesters)."""
import time

import click
from flask import current_app

from registre.audit.services import purge_audit_log
from registre.cli import fail, registre_cli
from registre.compliance.stored import refresh_condition, refresh_findings
from registre.dates import utcnow
from registre.extensions import db
from registre.jobs.runner import queue, redis_connection
from registre.jobs.services import files_days, purge_jobs
from registre.organisations.services import find_academie
from registre.requests.erasure import erase_requesters


@registre_cli.command("worker")
@click.option("--burst", is_flag=True, help="S'arrêter dès que la file d'attente est vide.")
def worker_command(burst):
    """Exécuter les tâches (exports, imports, modèles, constats) depuis la file Redis."""
    connection = redis_connection()
    if connection is None:
        fail("REGISTRE_REDIS_URL n'est pas défini : sans Redis, les tâches s'exécutent dans "
             "le processus web et aucun worker n'est nécessaire.")
    from rq import Worker

    # Each job runs in a forked child: it must not inherit this process's connections.
    db.session.remove()
    db.engine.dispose()
    worker = Worker([queue(connection)], connection=connection)
    current_app.logger.info("Worker RQ prêt sur la file %s", current_app.config["JOBS_QUEUE"])
    worker.work(burst=burst, logging_level="INFO")


@registre_cli.command("refresh-findings")
@click.option("--academie", "code", default=None, help="Seulement cette académie.")
def refresh_findings_command(code):
    """Tâches quotidiennes (cron) : constats stockés, tâches anciennes, journal, demandeurs."""
    condition = refresh_condition("tout")
    if code:
        academie = find_academie(code)
        if academie is None:
            fail(f"l'académie « {code} » n'existe pas.")
        condition = refresh_condition("academie", academie.id)
    started = time.perf_counter()
    seen = {"total": 0}

    def after_batch(done: int, total: int) -> None:
        db.session.commit()  # one transaction per batch: edits never wait long
        seen["total"] = total

    changed = refresh_findings(condition, after_batch=after_batch)
    db.session.commit()
    click.echo(f"Constats recalculés : {seen['total']} traitement(s) relu(s), {changed} "
               f"modifié(s), en {time.perf_counter() - started:.1f} s.")
    deleted, interrupted = purge_jobs()
    db.session.commit()
    click.echo(f"Tâches : {deleted} fichier(s) de plus de {files_days()} jours supprimé(s), "
               f"{interrupted} tâche(s) interrompue(s) signalée(s).")
    # The other daily duties: the audit log's and the requesters' retention periods.
    events = purge_audit_log()
    erased = erase_requesters(utcnow())
    db.session.commit()
    click.echo(f"Journal : {events} événement(s) au-delà de la durée de conservation "
               f"supprimé(s) ; demandes : {erased} demandeur(s) anonymisé(s).")
