"""Benchmark: /healthz under gunicorn, against the ping-based /healthz it replaced.

Starts, on a Redis you name and a database it migrates:
- one real `celery worker` (so that there is a worker to ping and a heartbeat to read);
- gunicorn with 3 sync workers, as the Dockerfile runs it, serving the portal plus the baseline:
  main's /healthz (broker check, `control.ping(timeout=1.0)`, the queue through kombu), kept in
  bench/healthz_baseline.py and mounted at /bench/healthz-ping.

For /healthz, /healthz/live and the baseline it measures, in the same run: one client calling
it in a row (median and 95th percentile), then 50 clients at once for a few seconds (requests a
second, median and 95th percentile, time-outs of the 5 s client timeout). The report gives each
against the baseline as a ratio.

    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/healthz.py [--seconds 10] [--clients 50]

Uses DATABASE_URL when set (a database whose name says "bench"), otherwise a SQLite file
var/bench-healthz.sqlite3 made afresh. Writes bench/reports/healthz-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENT_TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def call(url: str) -> float | None:
    """Seconds the call took, or None for a time-out or an error."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=CLIENT_TIMEOUT) as response:  # noqa: S310 - our http://127.0.0.1
            response.read()
    except (urllib.error.URLError, TimeoutError, OSError):
        return None
    return time.perf_counter() - started


def in_a_row(url: str, runs: int) -> dict:
    durations = [d for d in (call(url) for _ in range(runs)) if d is not None]
    return {
        "median_ms": round(statistics.median(durations) * 1000, 2),
        "p95_ms": round(percentile(durations, 0.95) * 1000, 2),
    }


def at_once(url: str, clients: int, seconds: float) -> dict:
    durations: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop_at:
            took = call(url)
            with lock:
                if took is None:
                    failures[0] += 1
                else:
                    durations.append(took)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests_per_s": round(len(durations) / elapsed, 1),
        "median_ms": round(statistics.median(durations) * 1000, 1) if durations else None,
        "p95_ms": round(percentile(durations, 0.95) * 1000, 1) if durations else None,
        "timeouts": failures[0],
    }


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if call(url) is not None:
            return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each concurrent run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30, help="calls in a row")
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise SystemExit("Set REDIS_URL to a Redis database of your own (e.g. redis://127.0.0.1:6379/3).")
    database_url = os.environ.get("DATABASE_URL")
    if database_url and "bench" not in database_url.rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a database whose name says 'bench'.")
    if not database_url:
        path = ROOT / "var" / "bench-healthz.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING", "-n", f"bench-{uuid.uuid4().hex[:6]}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    web = subprocess.Popen(
        [python, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "healthz_baseline_settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz/live")
        deadline = time.monotonic() + 30
        health = f"{base}/healthz"
        while json.loads(urllib.request.urlopen(health).read())["workers"]["status"] != "ok":  # noqa: S310
            if time.monotonic() > deadline:
                raise SystemExit("the celery worker did not write its heartbeat in 30 s")
            time.sleep(0.5)
        addresses = {
            "baseline: main's /healthz (pings the workers)": f"{base}/bench/healthz-ping",
            "/healthz (reads the heartbeats)": f"{base}/healthz",
            "/healthz/live": f"{base}/healthz/live",
        }
        results = {}
        for label, address in addresses.items():
            call(address)  # warm the process's connections
            results[label] = {
                "in_a_row": in_a_row(address, args.runs),
                "at_once": at_once(address, args.clients, args.seconds),
            }
            print(label, results[label], flush=True)
    finally:
        for process in (web, worker):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    baseline = results[next(iter(results))]
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "database": vendor,
        "gunicorn_workers": 3,
        "clients": args.clients,
        "seconds": args.seconds,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(exist_ok=True)
    (out / f"healthz-{vendor}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    def ratio(value, reference) -> str:
        return f"{value / reference:.3g}×" if value and reference else "–"

    lines = [
        "# /healthz benchmark",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {vendor} · gunicorn, "
        f"3 sync workers · one celery worker · {args.runs} calls in a row, then {args.clients} clients "
        f"at once for {args.seconds:g} s (client time-out {CLIENT_TIMEOUT:g} s)",
        "",
        "| address | in a row: median | p95 | × baseline | at once: requests/s | × baseline | median | p95 | time-outs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, result in results.items():
        row, crowd = result["in_a_row"], result["at_once"]
        lines.append(
            f"| {label} | {row['median_ms']} ms | {row['p95_ms']} ms | "
            f"{ratio(row['median_ms'], baseline['in_a_row']['median_ms'])} | {crowd['requests_per_s']} | "
            f"{ratio(crowd['requests_per_s'], baseline['at_once']['requests_per_s'])} | "
            f"{crowd['median_ms']} ms | {crowd['p95_ms']} ms | {crowd['timeouts']} |"
        )
    (out / f"healthz-{vendor}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
