"""Benchmark: the public pages and the open-data API under load, against a trivial view.

Starts gunicorn (2 sync workers, as in docker-compose.yml) on the benchmark's database and runs
wrk (50 connections, 30 s each, gzip accepted as browsers do) against:
- /bench/trivial/: a view that returns "ok" through the same middleware (the framework's speed);
- the home page, the plans list, the page of a published plan of 300 activities;
- the API's program list and the published program's detail.
Reports requests per second as a ratio to the trivial view measured in the same run, the p50,
p95 and p99 latency and the compressed bytes of each answer. The database holds other plans too
(--background activities of draft plans, 150,000 by default), so nothing is measured empty.

    DATABASE_URL=postgres://sedp:sedp@127.0.0.1:5432/sedp_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/public_pages.py [--seconds 30] [--connections 50] [--background 150000]

The database's name must say "bench": it is emptied first. Writes bench/reports/public_pages-<vendor>.md
and .json. Needs wrk (Debian's package).
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench.sqlite3"
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(background: int) -> dict:
    from municipalities.models import District, Municipality, Village
    from planning.demo.sample import build_background, build_program
    from planning.models import Program

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_territory", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rayons = list(District.objects.filter(kind="rayon").order_by("pk")[:12])
    published = []
    for number, rayon in enumerate(rayons, start=1):
        municipality = Municipality.objects.create(
            district=rayon, name_ky=f"Жарыяланган {number} айыл аймагы"
        )
        Village.objects.create(municipality=municipality, name_ky=f"Айыл {number}", is_centre=True)
        activities = 300 if number == 1 else 40
        published.append(build_program(municipality=municipality, activities=activities))
    Program.objects.filter(pk__in=[p.pk for p in published]).update(
        status=Program.Status.PUBLISHED, published_at=timezone.now()
    )
    if background:
        build_background(activities=background)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"plan": published[0].pk}


def wrk(url: str, seconds: int, connections: int) -> dict:
    script = ROOT / "bench" / "wrk_report.lua"
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
         "-H", "Accept-Encoding: gzip", "-H", "Accept-Language: ky", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--background", type=int, default=150_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(
            f"The benchmark empties its database; {name!r} does not look like one made for it (use *bench*)."
        )

    ids = prepare(args.background)
    connection.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    pages = [
        ("trivial view", "/bench/trivial/"),
        ("home page", "/ky/"),
        ("plans list", "/ky/plans/"),
        ("plan of 300 activities", f"/ky/plans/{ids['plan']}/"),
        ("API program list", "/api/v1/programs/"),
        ("API program detail (300 activities)", f"/api/v1/programs/{ids['plan']}/"),
        ("trivial view, again", "/bench/trivial/"),
    ]
    results = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/trivial/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        for label, path in pages:
            urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310 - warm: each worker
            urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310
            results[label] = {"path": path, **wrk(base + path, args.seconds, args.connections)}
            print(label, results[label], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    trivial = (results["trivial view"]["rps"] + results["trivial view, again"]["rps"]) / 2
    for result in results.values():
        result["ratio_to_trivial"] = round(result["rps"] / trivial, 3)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "gunicorn_workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "background_activities": args.background,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"public_pages-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    lines = [
        f"# Public pages under load ({connection.vendor}, cache: {report['cache']})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · gunicorn {args.workers} sync "
        f"workers · wrk {args.connections} connections × {args.seconds} s · {args.background:,} background activities",
        "",
        "| page | requests/s | ratio to the trivial view | p50 | p95 | p99 | bytes an answer (gzip) | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, r in results.items():
        lines.append(
            f"| {label} (`{r['path']}`) | {r['rps']:.0f} | {r['ratio_to_trivial']:.0%} | {r['p50_ms']:.1f} ms | "
            f"{r['p95_ms']:.1f} ms | {r['p99_ms']:.1f} ms | {r['bytes_per_answer']:.0f} | {r['errors'] + r['non_2xx']} |"
        )
    lines.append("")
    (out / f"public_pages-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
