"""Benchmark: the hearings' workspace with 500 proposals, as a ratio to the same pages with 10.

Measures, in the web process (Django's test client, so server time without the network), for a
hearing on an SEDP draft of --activities activities with 10 proposals (the baseline, in the same
run) and one with --proposals proposals:
- GET of the hearing's workspace page (status, checklist, buttons, documents, history);
- GET of its proposals (50 a page) and of the moderation queue (50 a page);
- GET of one proposal's page (its answer, and the select of every part of the plan);
- GET of the coordinators' export of proposals (XLSX) of that hearing.
For each: median and 95th percentile time, the queries, the bytes sent, and the ratio of the
large hearing's median to the baseline's.

    .venv/bin/python bench/hearing_workspace.py [--proposals 500] [--activities 300] [--runs 20]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_bench (a database whose
name says "bench": it is emptied first), otherwise a SQLite file var/bench.sqlite3 made afresh.
Writes bench/reports/hearing_workspace-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
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
from django.utils import timezone, translation  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(client: Client, url: str, runs: int, query: dict | None = None) -> dict:
    client.get(url, query or {})  # warm-up
    times, queries = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, query or {})
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        times.append(elapsed * 1000)
        queries.add(len(captured))
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": sorted(queries),
        "bytes": len(response.content),
    }


def add_proposals(hearing, count: int, village) -> None:
    from hearings.models import Proposal

    Proposal.objects.bulk_create(
        Proposal(
            hearing=hearing,
            number=index + 1,
            source=("online", "paper", "oral")[index % 3],
            paper_form_number=str(index) if index % 3 == 1 else "",
            text=f"Сунуш {index}: " + "айылдын көчөлөрүнө жарык орнотуп, жолду оңдоо керек. " * 6,
            village=village,
            gender=("f", "m")[index % 2],
            moderation=("pending", "published", "published", "hidden")[index % 4],
            hidden_reason="spam" if index % 4 == 3 else "",
            disposition="accepted" if index % 4 == 1 else "",
        )
        for index in range(count)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
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

    from accounts.models import Membership, ProjectCoordinator, User
    from hearings.models import Attendance, Hearing, Proposal
    from municipalities.models import District, DonorProject, Municipality, Village
    from planning.demo.sample import build_program

    district = District.objects.filter(kind="rayon").first()
    municipality = Municipality.objects.create(district=district, name_ky="Бенчмарк айыл аймагы")
    village = Village.objects.create(municipality=municipality, name_ky="Бенчмарк", is_centre=True)
    program = build_program(municipality=municipality, activities=args.activities)
    staff = User.objects.create(username=f"bench-staff-{time.time_ns()}")
    Membership.objects.create(user=staff, municipality=municipality, role="staff")
    coordinator = User.objects.create(username=f"bench-coordinator-{time.time_ns()}")
    project = DonorProject.objects.create(
        name_ky="Бенчмарк долбоору", donor_en="SDC", implementer_en="DPI", start_year=2024, end_year=2027
    )
    project.target_municipalities.add(municipality)
    ProjectCoordinator.objects.create(user=coordinator, project=project)

    def hearing_with(count: int) -> Hearing:
        hearing = Hearing.objects.create(
            municipality=municipality,
            kind=Hearing.Kind.SEDP_DRAFT,
            program=program,
            title=f"СЭӨПтин долбоору боюнча угуу ({count} сунуш)",
            starts_at=timezone.now() - timedelta(days=1),
            place="Маданият үйү",
            summary="СЭӨПтин долбоору",
            status=Hearing.Status.HELD,
            minutes="Талкууланды.",
        )
        hearing.villages.set([village])
        Attendance.objects.create(hearing=hearing, women=60, men=55)
        add_proposals(hearing, count, village)
        return hearing

    staff_client, coordinator_client = Client(), Client()
    staff_client.force_login(staff)
    coordinator_client.force_login(coordinator)

    def round_for(hearing: Hearing) -> dict:
        proposal = Proposal.objects.filter(hearing=hearing, moderation="published").order_by("number").first()
        with translation.override("ky"):
            urls = {
                "hearing page": reverse("hearings_ws:detail", args=[hearing.pk]),
                "proposals (50 a page)": reverse("hearings_ws:proposals", args=[hearing.pk]),
                "moderation queue (50 a page)": reverse("hearings_ws:moderation", args=[hearing.pk]),
                "one proposal, with the plan's parts": reverse(
                    "hearings_ws:proposal", args=[hearing.pk, proposal.pk]
                ),
            }
            export = reverse("hearings_ws:follow_export_proposals")
        measures = {label: measure(staff_client, url, args.runs) for label, url in urls.items()}
        measures["proposals export (XLSX)"] = measure(
            coordinator_client, export, max(3, args.runs // 4), {"year": hearing.starts_at.year}
        )
        return measures

    small = hearing_with(args.baseline)
    baseline = round_for(small)
    small.delete()  # the export is of the municipality's hearings: one at a time
    large = hearing_with(args.proposals)
    measured = round_for(large)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "activities": args.activities,
        "baseline_proposals": args.baseline,
        "proposals": args.proposals,
        "baseline": baseline,
        "measured": measured,
        "ratio": {
            k: round(measured[k]["median_ms"] / max(baseline[k]["median_ms"], 0.1), 2) for k in measured
        },
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"hearing_workspace-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    lines = [
        f"# Hearings' workspace benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · a program of "
        f"{args.activities} activities · {args.runs} runs each (the export: {max(3, args.runs // 4)})",
        "",
        f"| page | {args.baseline} proposals: median | queries | {args.proposals} proposals: median | p95 "
        f"| queries | bytes | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, big in measured.items():
        base = baseline[label]
        lines.append(
            f"| {label} | {base['median_ms']} ms | {base['queries']} | {big['median_ms']} ms | {big['p95_ms']} ms "
            f"| {big['queries']} | {big['bytes']:,} | {report['ratio'][label]} |"
        )
    lines += ["", "The ratio is the median with the large hearing over the median with the small one.", ""]
    (out / f"hearing_workspace-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
