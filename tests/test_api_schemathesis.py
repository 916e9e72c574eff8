"""schemathesis against the OpenAPI document, ``--checks all``, with a rédacteur's and a DPD's
token: every answer matches the document, a request valid for the schema is accepted and one
the server refuses is invalid for the schema (issue 13 point 5)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registre.extensions import db
from registre.models import Role
from tests.api_helpers import token_for
from tests.factories import (
    make_activity,
    make_breach,
    make_member,
    make_organisation,
    make_processor,
    make_rights_request,
)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# Bounded and derandomised: the same requests on every run, within the CI budget.
MAX_EXAMPLES = 25
SEED = 13
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")


def _config(path: Path, parameters: dict, moved_id: int) -> Path:
    """The resources to test (path parameters); transitions move their own fiche, so that
    the other one stays a draft to edit."""
    lines = ["[parameters]"]
    lines += [f'"path.{name}" = {json.dumps(value)}' for name, value in parameters.items()]
    lines += ["", "[[operations]]", 'include-operation-id = "transitionActivity"',
              f'parameters = {{ "path.activity_id" = {moved_id} }}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("role", [Role.REDACTEUR, Role.DPD])
def test_schemathesis_finds_no_failure(app, server, tmp_path, role):
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    organisation = make_organisation()
    user = make_member(role, organisation)
    # Ids from 1: the boundary values schemathesis tries first name real processors.
    processors = [make_processor(organisation.academie) for _ in range(3)]
    # No ages: a body changing one of them alone is then valid whatever its value.
    activity = make_activity(organisation, user, min_age=None, max_age=None)
    moved = make_activity(organisation, user, reference="T-900")
    breach = make_breach(organisation, user)
    request = make_rights_request(organisation, user)
    db.session.commit()
    token = token_for(user)
    config = _config(tmp_path / "schemathesis.toml", {
        "uai": organisation.uai, "activity_id": activity.id, "breach_id": breach.id,
        "request_id": request.id}, moved.id)
    command = [str(SCHEMATHESIS), "--no-color", "--config-file", str(config), "run",
               f"{server}/api/v1/openapi.json", "--checks", "all",
               "-H", f"Authorization: Bearer {token}",
               "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
               "--generation-deterministic", "--workers", "1",
               # The stateful phase chains requests in an order that changes between runs;
               # CI needs the same requests every time.
               "--phases", "examples,coverage,fuzzing"]
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS),
                   "REGISTRE_TEST_PROCESSOR_IDS": " ".join(str(p.id) for p in processors),
                   "REGISTRE_TEST_ACTIVITY_IDS": f"{activity.id} {moved.id}",
                   "REGISTRE_TEST_API": f"{server}/api/v1", "REGISTRE_TEST_TOKEN": token}
    result = subprocess.run(command, capture_output=True, text=True, timeout=900,
                            cwd=tmp_path, env=environment, check=False)
    report = result.stdout[-20000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
