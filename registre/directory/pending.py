"""An uploaded directory file kept server-side between its preview and its confirmation."""
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from registre.directory.services import DirectoryReport
from registre.models import Academie, User

LIFETIME_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass
class PendingDirectory:
    """The file, how to choose its rows, and the dry run's report."""

    data: bytes
    filename: str
    code_academie: str
    report: DirectoryReport


def _directory() -> Path:
    directory = Path(current_app.instance_path) / "directory"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def save_pending(pending: PendingDirectory, user: User, academie: Academie) -> str:
    """Keep the file and its preview; forget old ones; return a random token."""
    directory = _directory()
    now = time.time()
    for old in directory.glob("*.json"):
        if old.stat().st_mtime < now - LIFETIME_SECONDS:
            discard_pending(old.stem)
    token = secrets.token_urlsafe(24)
    (directory / f"{token}.csv").write_bytes(pending.data)
    record = {"user_id": user.id, "academie_id": academie.id, "created": now,
              "filename": pending.filename, "code_academie": pending.code_academie,
              "report": pending.report.to_json()}
    (directory / f"{token}.json").write_text(json.dumps(record), encoding="utf-8")
    return token


def load_pending(token: str | None, user: User, academie: Academie) -> PendingDirectory | None:
    """Return the pending file if it is this user's, for this académie, and fresh."""
    if not token or not _TOKEN.match(token):
        return None
    directory = _directory()
    try:
        record = json.loads((directory / f"{token}.json").read_text(encoding="utf-8"))
        data = (directory / f"{token}.csv").read_bytes()
    except (OSError, ValueError):
        return None
    if record.get("user_id") != user.id or record.get("academie_id") != academie.id \
            or record.get("created", 0) < time.time() - LIFETIME_SECONDS:
        return None
    return PendingDirectory(data, record["filename"], record["code_academie"],
                            DirectoryReport.from_json(record["report"]))


def discard_pending(token: str | None) -> None:
    """Delete a pending file and its preview."""
    if token and _TOKEN.match(token):
        for suffix in (".csv", ".json"):
            (_directory() / f"{token}{suffix}").unlink(missing_ok=True)
