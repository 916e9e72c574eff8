"""The background tasks of the features, registered with the job runner (registre/jobs).

Each feature declares what its kinds of job do in its own ``tasks.py`` (``@task(kind, …)``);
:func:`register_tasks`, called by :func:`registre.create_app` (web process and RQ worker
alike), imports them so that the runner knows every kind.
"""


def register_tasks() -> None:
    """Import every feature's task module (each registers itself when imported)."""
    from registre.catalogue import tasks as catalogue_tasks  # noqa: F401
    from registre.compliance import tasks as compliance_tasks  # noqa: F401
    from registre.directory import tasks as directory_tasks  # noqa: F401
    from registre.exports import tasks as export_tasks  # noqa: F401
    from registre.imports import tasks as import_tasks  # noqa: F401
