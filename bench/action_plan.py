"""Benchmark: the action plan of a program with 300 activities.

Measures, in the web process (Django's test client, so server time without the network):
- GET of the action-plan page (the whole plan as a table);
- POST of a direction's activity table saving 50 activity rows (every row changed, so every
  row is written with its history).
For each: median and 95th percentile time, and the number of queries.

    .venv/bin/python bench/action_plan.py [--activities 300] [--runs 30]

Uses DATABASE_URL when set (e.g. the PostgreSQL of .ci/run), otherwise a SQLite file
var/bench.sqlite3 made afresh. Writes bench/reports/action_plan-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench.sqlite3"
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(run, runs: int) -> dict:
    times, queries = [], []
    for _ in range(runs):
        prepare = run()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = prepare()
            elapsed = time.perf_counter() - started
        assert response.status_code in (200, 302), response.status_code
        times.append(elapsed * 1000)
        queries.append(len(captured))
    return {
        "runs": runs,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "queries": sorted(set(queries)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rows", type=int, default=50, help="activity rows saved at once")
    args = parser.parse_args()

    setup_test_environment()  # lets the test client run against this settings module
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_territory", verbosity=0)
    call_command("load_reference", verbosity=0)

    from accounts.models import Membership, User
    from municipalities.models import District, Municipality, Village
    from planning.demo.sample import build_program
    from planning.models import Activity, Priority
    from tests.planning.helpers import form_data

    district = District.objects.filter(kind="rayon").first()
    municipality = Municipality.objects.create(district=district, name_ky="Бенчмарк айыл аймагы")
    Village.objects.create(municipality=municipality, name_ky="Бенчмарк", is_centre=True)
    program = build_program(municipality=municipality, activities=args.activities)
    user = User.objects.create(username=f"bench-{time.time_ns()}")
    Membership.objects.create(user=user, municipality=municipality, role="staff")
    client = Client()
    client.force_login(user)

    with translation.override("ky"):
        plan_url = reverse("planning:action_plan", args=[program.pk])
        priority = max(
            Priority.objects.filter(program=program),
            key=lambda p: Activity.objects.filter(objective__goal__priority=p).count(),
        )
        table_url = reverse("planning:priority_activities", args=[program.pk, priority.pk])
    rows_in_table = Activity.objects.filter(objective__goal__priority=priority).count()
    assert rows_in_table >= args.rows, (
        f"the largest direction has {rows_in_table} activities, fewer than {args.rows}"
    )

    client.get(plan_url)  # warm-up
    page = measure(lambda: lambda: client.get(plan_url), args.runs)
    page_bytes = len(client.get(plan_url).content)

    counter = {"n": 0}

    def prepare_save():
        data = form_data(client.get(table_url))
        counter["n"] += 1
        for index in range(args.rows):
            data[f"activities-{index}-title"] = f"Иш-чара {index} (өзгөртүү {counter['n']})"
        return lambda: client.post(table_url, data)

    save = measure(prepare_save, args.runs)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "activities": args.activities,
        "action_plan_page": {**page, "html_bytes": page_bytes},
        "save_rows": {**save, "rows": args.rows, "rows_in_table": rows_in_table},
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"action_plan-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    lines = [
        f"# Action plan benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.activities} activities · {args.runs} runs each",
        "",
        "| what | median | p95 | min | max | queries |",
        "|---|---|---|---|---|---|",
        f"| GET action plan page ({page_bytes // 1024} KB HTML) | {page['median_ms']} ms | {page['p95_ms']} ms | {page['min_ms']} ms | {page['max_ms']} ms | {page['queries']} |",
        f"| POST saving {args.rows} activity rows (table of {rows_in_table}) | {save['median_ms']} ms | {save['p95_ms']} ms | {save['min_ms']} ms | {save['max_ms']} ms | {save['queries']} |",
        "",
    ]
    (out / f"action_plan-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
