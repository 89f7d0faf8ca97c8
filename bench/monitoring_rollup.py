"""Benchmark: an oblast's roll-up of the published monitoring reports over 100 programs.

Measures, in the web process (Django's test client, so server time without the network), for an
oblast whose 100 municipalities each have a published program of 20 activities (5 years, two
funding sources a year, an indicator per objective pointing to a standard one, half of them in
households, half in %) and two published yearly reports (2025 and 2026: progress, spending and an
actual value for everything) plus a 2027 draft, among a background of 60 other such programs in
three other oblasts:
- the roll-up page /ky/monitoring/oblasts/<id>/ when nothing is cached (the first visitor after a
  publication), and when its whole answer is kept (config/page_cache.py: every later visitor);
- the API /api/v1/regions/<id>/monitoring/ when nothing is cached;
- the index /ky/monitoring/ (every oblast's totals, added up in the database), nothing cached;
- the baseline, in the same run: the oblast's plain public page /ky/oblasts/<id>/ (territory),
  nothing cached. The report gives each figure as a ratio to it.
For each: median and 95th percentile time, the queries, the bytes and the gzip-compressed bytes.

    .venv/bin/python bench/monitoring_rollup.py [--programs 100] [--runs 30]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_mroll_bench (a database
whose name says "bench": it is emptied first), otherwise a SQLite file var/bench-rollup.sqlite3
made afresh. Writes bench/reports/monitoring_rollup-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench-rollup.sqlite3"
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


def build(region, count: int, label: str) -> None:
    """`count` municipalities of the oblast's rayons, each with a published program and reports."""
    from decimal import Decimal

    from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
    from municipalities.models import Municipality
    from planning.demo.sample import build_program
    from planning.models import Activity, FundingLine, Indicator, Program, StandardIndicator

    districts = list(region.districts.all())
    households = StandardIndicator.objects.get(code="DW-02")
    share = StandardIndicator.objects.get(code="DW-01")
    statuses = ["completed", "in_progress", "not_started", "delayed", "cancelled"]
    for n in range(count):
        municipality = Municipality.objects.create(
            district=districts[n % len(districts)], name_ky=f"{label} {n:03d} айыл аймагы"
        )
        program = build_program(municipality=municipality, activities=20, start_year=2025, years=5)
        Program.objects.filter(pk=program.pk).update(status="published", published_at=timezone.now())
        indicators = list(Indicator.objects.filter(objective__goal__priority__program=program))
        for i, indicator in enumerate(indicators):
            indicator.standard = households if i % 2 else share
            indicator.unit = "үй чарбасы" if i % 2 else "%"
        Indicator.objects.bulk_update(indicators, ["standard", "unit"])
        activities = list(Activity.objects.filter(objective__goal__priority__program=program))
        lines = list(FundingLine.objects.filter(activity__in=activities))
        for year, status in ((2025, "published"), (2026, "published"), (2027, "draft")):
            report = MonitoringReport.objects.create(
                program=program,
                year=year,
                status=status,
                published_at=timezone.now() if status == "published" else None,
            )
            ActivityProgress.objects.bulk_create(
                ActivityProgress(
                    report=report,
                    activity=activity,
                    status=statuses[(a + year) % 5],
                    share_done=(a * 7) % 101,
                    reason="Каражат жетишсиз" if statuses[(a + year) % 5] in ("delayed", "cancelled") else "",
                )
                for a, activity in enumerate(activities)
            )
            seen = set()
            spending = []
            for line in lines:
                if line.year == year and (line.activity_id, line.source_id) not in seen:
                    seen.add((line.activity_id, line.source_id))
                    spending.append(
                        ActivitySpending(
                            report=report,
                            activity_id=line.activity_id,
                            source_id=line.source_id,
                            amount=line.amount * Decimal("0.9"),
                        )
                    )
            ActivitySpending.objects.bulk_create(spending)
            IndicatorActual.objects.bulk_create(
                IndicatorActual(report=report, indicator=indicator, value=Decimal(20 + year - 2025))
                for indicator in indicators
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--background", type=int, default=20, help="programs in each of 3 other oblasts")
    parser.add_argument("--runs", type=int, default=30)
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

    from municipalities.models import Region

    oblasts = list(Region.objects.filter(kind="oblast", districts__isnull=False).distinct().order_by("pk"))
    region, others = oblasts[0], oblasts[1:4]
    started = time.perf_counter()
    build(region, args.programs, "Бенчмарк")
    for index, other in enumerate(others):
        build(other, args.background, f"Фон {index}")
    built_s = round(time.perf_counter() - started, 1)

    client = Client()
    paths = {
        "baseline": f"/ky/oblasts/{region.pk}/",
        "page_nothing_cached": f"/ky/monitoring/oblasts/{region.pk}/",
        "page_kept_whole": f"/ky/monitoring/oblasts/{region.pk}/",
        "api_nothing_cached": f"/api/v1/regions/{region.pk}/monitoring/",
        "index_nothing_cached": "/ky/monitoring/",
    }
    for path in set(paths.values()):
        client.get(path)  # warm what is read once per process
    results = {}
    for key, path in paths.items():
        if key == "page_kept_whole":
            nothing_cached()
            client.get(path)
            results[key] = measure(client, path, args.runs, before=kept)
        else:
            results[key] = measure(client, path, args.runs, before=nothing_cached)

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "programs": args.programs,
        "background_programs": args.background * len(others),
        "build_seconds": built_s,
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"monitoring_rollup-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )

    what = {
        "baseline": "baseline: the oblast's plain page (territory), nothing cached",
        "page_nothing_cached": "roll-up page, nothing cached",
        "page_kept_whole": "roll-up page, whole answer kept",
        "api_nothing_cached": "roll-up API, nothing cached",
        "index_nothing_cached": "index of the oblasts (every program of the country), nothing cached",
    }
    base = results["baseline"]
    lines = [
        f"# Oblast roll-up benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.runs} runs each · "
        f"{args.programs} published programs of 20 activities with two published reports each in the "
        f"oblast, {report['background_programs']} in three other oblasts · ratios to the baseline (same run)",
        "",
        "| what | median | p95 | queries | KB | KB gzip | time ratio | gzip ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, title in what.items():
        r = results[key]
        lines.append(
            f"| {title} | {r['median_ms']} ms | {r['p95_ms']} ms | {r['queries']} | {r['bytes'] / 1024:.0f} | "
            f"{r['gzip_bytes'] / 1024:.1f} | ×{r['median_ms'] / base['median_ms']:.1f} | "
            f"×{r['gzip_bytes'] / base['gzip_bytes']:.1f} |"
        )
    lines.append("")
    (out / f"monitoring_rollup-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
