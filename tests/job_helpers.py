"""Follow a job as its page's script does: poll its state until it ends, then download."""
import re
import time

JOB_URL = re.compile(r"/taches/([A-Za-z0-9_-]{16,32})$")


def job_id_of(response) -> str:
    """The id of the job a POST redirected to (``/taches/<id>``)."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    match = JOB_URL.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def wait_for_job(client, job_id: str, timeout: float = 120) -> dict:
    """Poll ``/taches/<id>/etat`` until the job has ended; return its last state."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/taches/{job_id}/etat")
        assert response.status_code == 200, response.status_code
        state = response.get_json()
        if state["status"] in ("terminee", "echouee"):
            return state
        assert time.monotonic() < deadline, f"tâche toujours {state['status']} : {state}"
        time.sleep(0.05)


def job_file(client, response) -> bytes:
    """Follow the job a POST started to its end and return its file's bytes."""
    state = wait_for_job(client, job_id_of(response))
    assert state["status"] == "terminee", state
    assert state["download_url"], state
    download = client.get(state["download_url"])
    assert download.status_code == 200
    data = download.data
    download.close()  # send_file streams the file: close it
    return data


def academie_export(client, code: str, fmt: str, status: str = "en_service",
                    as_of: str = "") -> bytes:
    """Export an académie as its users do: the form starts a job, whose file is returned."""
    response = client.post_form(f"/academies/{code}/export",
                                {"format": fmt, "status": status, "as_of": as_of})
    return job_file(client, response)
