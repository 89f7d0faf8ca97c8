"""Benchmark: the public plan page with its implementation (300 activities, 5 years of reports).

Measures, in the web process (Django's test client, so server time without the network), on a
database with a background (other municipalities' draft plans, --background activities, and ten
other published programs of 40 activities with five published reports each):
- the trivial view (/bench/trivial/, the framework through the same middleware);
- the plan page of a published program of 300 activities without any report (the baseline);
- the same-sized plan with five years of published reports (its "Implementation" section);
- the report page of its last year, and the monitoring API (/api/v1/programs/<id>/monitoring/).
Each with the cache off (the process's cache and the kept answers cleared before every request:
the first visitor after a publication) and on (the answer kept whole: every later visitor).
For each: median and 95th percentile time, the queries, the bytes and the gzip-compressed bytes,
and the ratios to the baseline and to the trivial view measured in the same run.

    DATABASE_URL=postgres://sedp:sedp@127.0.0.1:5432/sedp_mpub_bench \\
        .venv/bin/python bench/monitoring_plan_page.py [--runs 30] [--background 150000]

The database's name must say "bench": it is emptied first (without DATABASE_URL, a SQLite file
var/bench-monitoring.sqlite3 made afresh). The cache is the process's memory (no Redis). Writes
bench/reports/monitoring_plan_page-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench-monitoring.sqlite3"
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.timing import kept, measure, nothing_cached  # noqa: E402

STATUSES = ("completed", "completed", "in_progress", "delayed", "not_started", "completed", "cancelled")


def published_program(name: str, activities: int, *, reports: int):
    """A published program of `activities` activities (2025–2029) with `reports` published yearly
    reports: every activity with a status, its spending from each planned source (some under,
    some over), every indicator with an actual value."""
    from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
    from municipalities.models import District, Municipality, Village
    from planning.demo.sample import build_program
    from planning.models import Activity, FundingLine, Indicator, Program

    district = District.objects.filter(kind="rayon").order_by("pk").first()
    municipality = Municipality.objects.create(district=district, name_ky=name)
    Village.objects.create(municipality=municipality, name_ky=f"{name} айылы", is_centre=True)
    program = build_program(municipality=municipality, activities=activities)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED, published_at=timezone.now())
    all_activities = list(Activity.objects.filter(objective__goal__priority__program=program))
    lines = list(FundingLine.objects.filter(activity__objective__goal__priority__program=program))
    indicators = list(Indicator.objects.filter(objective__goal__priority__program=program))
    for year in range(2025, 2025 + reports):
        report = MonitoringReport.objects.create(
            program=program,
            year=year,
            status=MonitoringReport.Status.PUBLISHED,
            jmeg_verified_on=date(year + 1, 1, 20),
            jmeg_women=4,
            jmeg_men=3,
            jmeg_remarks="БМжБТ текшерди.",
            council_heard_on=date(year + 1, 2, 10),
            published_at=timezone.now(),
        )
        ActivityProgress.objects.bulk_create(
            ActivityProgress(
                report=report,
                activity=activity,
                status=(status := STATUSES[(n + year) % len(STATUSES)]),
                share_done={"completed": 100, "in_progress": 50, "delayed": 20}.get(status, 0),
                reason="Каражат кечигип келди." if status in ("delayed", "cancelled") else "",
            )
            for n, activity in enumerate(all_activities)
        )
        ActivitySpending.objects.bulk_create(
            ActivitySpending(
                report=report, activity_id=line.activity_id, source_id=line.source_id,
                amount=line.amount * Decimal("0.9" if line.pk % 3 else "1.1"),
            )
            for line in {(line.activity_id, line.source_id): line for line in lines if line.year == year}.values()
        )  # fmt: skip
        IndicatorActual.objects.bulk_create(
            IndicatorActual(report=report, indicator=indicator, value=Decimal(40 + n % 50))
            for n, indicator in enumerate(indicators)
        )
    return program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--background", type=int, default=150_000)
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(
            f"The benchmark empties its database; {name!r} does not look like one made for it (use *bench*)."
        )
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_territory", verbosity=0)
    call_command("load_reference", verbosity=0)

    from planning.demo.sample import build_background

    if args.background:
        build_background(activities=args.background)
    for number in range(10):
        published_program(f"Фон {number} айыл аймагы", 40, reports=5)
    baseline = published_program("Отчетсуз айыл аймагы", args.activities, reports=0)
    program = published_program("Мониторинг айыл аймагы", args.activities, reports=args.years)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    last_year = 2025 + args.years - 1
    pages = {
        "trivial view": "/bench/trivial/",
        "plan page without reports (baseline)": f"/ky/plans/{baseline.pk}/",
        f"plan page with {args.years} years of reports": f"/ky/plans/{program.pk}/",
        f"report page ({last_year})": f"/ky/plans/{program.pk}/monitoring/{last_year}/",
        "monitoring API": f"/api/v1/programs/{program.pk}/monitoring/",
    }
    client = Client()
    results = {}
    for label, path in pages.items():
        client.get(path)  # warm what is read once per process
        off = measure(client, path, args.runs, before=nothing_cached)
        nothing_cached()
        client.get(path)
        on = measure(client, path, args.runs, before=kept)
        results[label] = {"path": path, "cache_off": off, "cache_on": on}
        print(label, results[label], flush=True)

    base = results["plan page without reports (baseline)"]
    trivial = results["trivial view"]
    for result in results.values():
        for mode in ("cache_off", "cache_on"):
            r = result[mode]
            r["time_ratio_to_baseline"] = round(r["median_ms"] / base[mode]["median_ms"], 2)
            r["gzip_ratio_to_baseline"] = round(r["gzip_bytes"] / base[mode]["gzip_bytes"], 2)
            r["time_ratio_to_trivial"] = round(r["median_ms"] / max(trivial[mode]["median_ms"], 0.01), 1)

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "activities": args.activities,
        "years": args.years,
        "background_activities": args.background,
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"monitoring_plan_page-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    lines = [
        f"# The plan page with its implementation ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.runs} runs each · "
        f"{args.activities} activities, {args.years} years of published reports · "
        f"{args.background:,} background activities and 10 other published programs with 5 reports · "
        "in-process server time (Django's test client), cache in the process's memory",
        "",
        "| page | cache | median | p95 | queries | KB | KB gzip | time ÷ baseline | gzip ÷ baseline | time ÷ trivial |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, result in results.items():
        for mode, word in (("cache_off", "off"), ("cache_on", "on (kept whole)")):
            r = result[mode]
            lines.append(
                f"| {label} (`{result['path']}`) | {word} | {r['median_ms']} ms | {r['p95_ms']} ms | {r['queries']} | "
                f"{r['bytes'] / 1024:.0f} | {r['gzip_bytes'] / 1024:.1f} | ×{r['time_ratio_to_baseline']} | "
                f"×{r['gzip_ratio_to_baseline']} | ×{r['time_ratio_to_trivial']} |"
            )
    lines.append("")
    (out / f"monitoring_plan_page-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
