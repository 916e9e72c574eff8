"""Benchmark of the public register page under gunicorn, side by side with a static file.

Usage (from the repository root)::

    .venv/bin/python bench/public.py                          # demo collège, 16 clients, 20 s
    .venv/bin/python bench/public.py --clients 16 --seconds 30
    .venv/bin/python bench/public.py --database-url postgresql+psycopg://… --uai 9000001A

Without ``--database-url`` a temporary SQLite database is created and the demo is seeded in
it (``flask registre seed-demo``); the page measured is then the demo collège's. gunicorn is
started with the production settings of ``gunicorn.conf.py`` (workers = 2 × cores + 1, sync
workers, access log) on a free loopback port, its access log sent to /dev/null. Each target —
the public page ``/registre/<uai>`` and the static file ``/static/style.css`` served by the
same gunicorn — is loaded in turn by ``--clients`` concurrent clients (processes × threads,
``http.client``, one connection per request as sync workers close it) for ``--seconds``
after a short warm-up; the script prints the count, the throughput and the latency
percentiles of each, and the page / static ratio. Loopback only, bounded in time.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_COLLEGE = "0921702A"  # Collège Jean Moulin of the demo (registre/demo)
PROCESSES = 4
WARM_UP = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _load(args: tuple) -> list[float]:
    """One client process: ``threads`` clients requesting ``path`` until the deadline."""
    port, path, threads, start, stop = args
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client():
        mine = []
        while time.time() < stop:
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            elapsed = time.perf_counter() - began
            if time.time() >= start:  # the warm-up is not counted
                if ok:
                    mine.append(elapsed)
                else:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [*latencies, -float(errors[0])]  # the error count travels as a last negative value


def measure(port: int, path: str, clients: int, seconds: float) -> dict:
    """Load ``path`` with ``clients`` concurrent clients for ``seconds``."""
    processes = min(PROCESSES, clients)
    per_process = [clients // processes + (1 if n < clients % processes else 0)
                   for n in range(processes)]
    start = time.time() + WARM_UP
    stop = start + seconds
    with Pool(processes) as pool:
        results = pool.map(_load, [(port, path, threads, start, stop) for threads in per_process])
    latencies = sorted(value for result in results for value in result[:-1])
    errors = int(-sum(result[-1] for result in results))
    if not latencies:
        raise SystemExit(f"Aucune réponse 200 pour {path} ({errors} erreurs).")
    cuts = statistics.quantiles(latencies, n=100)
    return {"path": path, "requests": len(latencies), "errors": errors,
            "per_second": len(latencies) / seconds, "p50_ms": cuts[49] * 1000,
            "p90_ms": cuts[89] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


def _seed_demo(workdir: Path) -> str:
    url = f"sqlite:///{workdir / 'bench-public.db'}"
    env = {**os.environ, "REGISTRE_DATABASE_URL": url, "REGISTRE_ENV": "development",
           "FLASK_APP": "registre:create_app"}
    flask = str(Path(sys.executable).with_name("flask"))
    for command in (["db", "upgrade"], ["registre", "seed-demo", "--if-empty"]):
        subprocess.run([flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sante")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn n'a pas démarré.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--uai", default=DEMO_COLLEGE)
    parser.add_argument("--path", action="append", default=None,
                        help="autre cible (répétable), en plus de la page et du fichier statique")
    parser.add_argument("--json", action="store_true", help="résultats en JSON")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="registre-bench-public-"))
    url = args.database_url or _seed_demo(workdir)
    port = _free_port()
    env = {**os.environ, "REGISTRE_DATABASE_URL": url, "REGISTRE_ENV": "production",
           "REGISTRE_SECRET_KEY": "bench-" + "x" * 40, "REGISTRE_BIND": f"127.0.0.1:{port}"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with open(os.devnull, "w") as devnull:
        server = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                                  env=env, stdout=devnull, stderr=devnull)
    try:
        _wait_until_up(port)
        paths = [f"/registre/{args.uai}", "/static/style.css", *(args.path or [])]
        results = [measure(port, path, args.clients, args.seconds) for path in paths]
    finally:
        server.terminate()
        server.wait(timeout=60)
    page, static = results[:2]
    if args.json:
        print(json.dumps(results))
        return
    print(f"{args.clients} clients, {args.seconds:.0f} s par cible, gunicorn.conf.py "
          f"({os.cpu_count()} cœurs), base {url.split('?')[0]}")
    print(f"{'cible':<40}{'requêtes':>10}{'erreurs':>9}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}"
          f"{'p95 ms':>9}{'p99 ms':>9}")
    for result in results:
        print(f"{result['path']:<40}{result['requests']:>10}{result['errors']:>9}"
              f"{result['per_second']:>9.0f}{result['p50_ms']:>9.1f}{result['p90_ms']:>9.1f}"
              f"{result['p95_ms']:>9.1f}{result['p99_ms']:>9.1f}")
    print(f"page / fichier statique : p95 × {page['p95_ms'] / static['p95_ms']:.2f}, "
          f"débit × {page['per_second'] / static['per_second']:.2f}")
    print(f"Objectif p95 < 50 ms : {'atteint' if page['p95_ms'] < 50 else 'NON atteint'}")


if __name__ == "__main__":
    main()
