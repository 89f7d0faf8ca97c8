"""Benchmark: the editor of a program with 300 activities, alone and among other plans.

Measures, in the web process (Django's test client, so server time without the network):
- GET of the action-plan page (the whole plan as a table);
- GET of a direction's activity table (the editor: a form row per activity);
- POST of that table saving 50 activity rows (every row changed, so every row is written with
  its history).
For each: median and 95th percentile time, the number of queries and the peak of memory
allocated (tracemalloc). Everything is measured twice in the same run: first with the program
almost alone in the database, then after adding other municipalities' plans with
--background activities in all (150,000 by default, about every aiyl aimak with a plan), so the
report shows whether the editor's cost follows the plan or the database.

    .venv/bin/python bench/action_plan.py [--activities 300] [--runs 30] [--background 150000]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_bench (a database whose
name says "bench": it is emptied first), otherwise a SQLite file var/bench.sqlite3 made afresh. Writes bench/reports/action_plan-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

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
    prepare = run()
    tracemalloc.start()
    prepare()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "peak_mib": round(peak / 2**20, 1),
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
    parser.add_argument(
        "--background", type=int, default=150_000, help="other plans' activities for the second round"
    )
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(
            f"The benchmark empties its database; {name!r} does not look like one made for it (use *bench*)."
        )
    setup_test_environment()  # lets the test client run against this settings module
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # "alone" means alone
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

    counter = {"n": 0}

    def prepare_save():
        data = form_data(client.get(table_url))
        counter["n"] += 1
        for index in range(args.rows):
            data[f"activities-{index}-title"] = f"Иш-чара {index} (өзгөртүү {counter['n']})"
        # As a browser sends this form (it has no enctype): urlencoded, not the test client's multipart.
        body = urlencode(data, doseq=True)
        return lambda: client.post(table_url, body, content_type="application/x-www-form-urlencoded")

    def round_of_measures() -> dict:
        client.get(plan_url)  # warm-up
        client.get(table_url)
        return {
            "activities_in_database": Activity.objects.count(),
            "action_plan_page": {
                **measure(lambda: lambda: client.get(plan_url), args.runs),
                "html_bytes": len(client.get(plan_url).content),
            },
            "editor_page": {
                **measure(lambda: lambda: client.get(table_url), args.runs),
                "html_bytes": len(client.get(table_url).content),
            },
            "save_rows": {
                **measure(prepare_save, args.runs),
                "rows": args.rows,
                "rows_in_table": rows_in_table,
            },
        }

    from planning.demo.sample import build_background

    alone = round_of_measures()
    started = time.perf_counter()
    build_background(activities=args.background)
    built_in = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    crowded = round_of_measures()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "activities": args.activities,
        "background_built_s": round(built_in, 1),
        "alone": alone,
        "among_other_plans": crowded,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"action_plan-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )

    def rows(label: str, measures: dict) -> list[str]:
        page, editor, save = measures["action_plan_page"], measures["editor_page"], measures["save_rows"]
        n = measures["activities_in_database"]
        return [
            f"| {label}: GET action plan page ({page['html_bytes'] // 1024} KB) | {n:,} | {page['median_ms']} ms | {page['p95_ms']} ms | {page['queries']} | {page['peak_mib']} MiB |",
            f"| {label}: GET a direction's table, the editor ({editor['html_bytes'] // 1024} KB) | {n:,} | {editor['median_ms']} ms | {editor['p95_ms']} ms | {editor['queries']} | {editor['peak_mib']} MiB |",
            f"| {label}: POST saving {args.rows} rows (table of {rows_in_table}) | {n:,} | {save['median_ms']} ms | {save['p95_ms']} ms | {save['queries']} | {save['peak_mib']} MiB |",
        ]

    lines = [
        f"# Editor benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · a program of {args.activities} activities · {args.runs} runs each",
        "",
        "| what | activities in the database | median | p95 | queries | peak memory |",
        "|---|---|---|---|---|---|",
        *rows("alone", alone),
        *rows("among other plans", crowded),
        "",
        f"The other plans ({args.background:,} activities) were inserted in {built_in:.0f} s.",
        "",
    ]
    (out / f"action_plan-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
