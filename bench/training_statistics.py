"""Benchmark: the trainings' statistics page over 2,000 participants and 100 trainings.

Measures, in the web process (Django's test client, so server time without the network), the
workspace page /ky/workspace/trainings/statistics/ and its Excel export, as the coordinator of a
project of 100 held trainings (2,000 people from 60 municipalities, each at one to three of
them: about 4,000 participations and 4 sessions' attendance each, plus 10 trainings known only
by their totals) and, in the same run, as the coordinator of a project of 2 trainings and 10
people (the baseline), plus the page filtered by oblast and role. For each: median and 95th
percentile time, the queries, the bytes. The report gives each figure of the large project as a
ratio to the baseline.

    .venv/bin/python bench/training_statistics.py [--participants 2000] [--trainings 100] [--runs 30]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_trep_bench (a database
whose name says "bench": it is emptied first), otherwise a SQLite file var/bench-trainings.sqlite3
made afresh. Writes bench/reports/training_statistics-<vendor>.md and .json.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench-trainings.sqlite3"
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROLES = ["ao_head", "ao_specialist", "council_deputy", "jmeg", "initiative_group", "youth", "other"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(client: Client, path: str, runs: int) -> dict:
    times, queries = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        times.append(elapsed * 1000)
        queries.append(len(captured))
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "queries": sorted(set(queries)),
        "bytes": len(response.content),
    }


def build(label: str, *, participants: int, trainings: int, tallied: int, municipalities):
    """A project, its coordinator, and its held trainings with people, attendance and tallies."""
    from accounts.models import ProjectCoordinator
    from municipalities.models import DonorProject, Region
    from trainings.models import Attendance, Participation, Person, Session, Tally, Training

    rng = random.Random(label)
    project = DonorProject.objects.create(
        name_ky=f"Долбоор {label}", donor_en="SDC", implementer_en="DPI", start_year=2017, end_year=2026
    )
    project.target_municipalities.set(municipalities[: len(municipalities) // 2])
    user = get_user_model().objects.create_user(username=f"coordinator_{label}")  # force_login: no password
    ProjectCoordinator.objects.create(user=user, project=project)
    first = date(2018, 1, 15)
    rows = Training.objects.bulk_create(
        Training(
            title=f"{label}: СЭӨП боюнча тренинг {n}",
            project=project,
            format=("training", "seminar_training", "seminar", "exchange_visit")[n % 4],
            first_day=first + timedelta(days=9 * n),
            last_day=first + timedelta(days=9 * n + 1),
            planned_participants=40,
            status="held" if n % 3 else "reported",
        )
        for n in range(trainings)
    )
    sessions = Session.objects.bulk_create(
        Session(training=t, day=t.first_day, order=o, title=f"Сессия {o}") for t in rows for o in range(1, 5)
    )
    by_training = {}
    for session in sessions:
        by_training.setdefault(session.training_id, []).append(session)
    named = rows[: trainings - tallied] if tallied < trainings else rows
    people = [
        Person(
            full_name=f"Катышуучу {label} {n} Асанович",
            name_key=Person.key_of(f"Катышуучу {label} {n} Асанович"),
            gender="fm"[n % 2],
            role=ROLES[n % len(ROLES)],
            municipality=municipalities[n % len(municipalities)],
            phone=f"+996 555 {n:06d}",
        )
        for n in range(participants)
    ]
    Person.objects.bulk_create(people)
    participations = []
    for n, person in enumerate(people):
        for training in rng.sample(named, k=min(len(named), 1 + n % 3)):
            participations.append(Participation(training=training, person=person))
    Participation.objects.bulk_create(participations, batch_size=2000)
    Attendance.objects.bulk_create(
        (Attendance(participation=p, session=s) for p in participations for s in by_training[p.training_id]),
        batch_size=5000,
    )
    regions = list(Region.objects.all()[:5])
    for training in rows[trainings - tallied :] if tallied < trainings else []:
        Tally.objects.bulk_create(
            Tally(training=training, region=r, gender=g, role="ao_head", count=rng.randint(5, 40))
            for r in regions
            for g in "fm"
        )
    return user, project, len(participations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--trainings", type=int, default=100)
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

    from municipalities.models import District, Municipality

    districts = list(District.objects.filter(kind="rayon").select_related("region")[:20])
    municipalities = [
        Municipality.objects.create(
            district=districts[n % len(districts)], name_ky=f"Бенчмарк айыл аймагы {n}"
        )
        for n in range(60)
    ]
    small_user, _small, small_participations = build(
        "small", participants=10, trainings=2, tallied=0, municipalities=municipalities[:4]
    )
    big_user, _big, big_participations = build(
        "big",
        participants=args.participants,
        trainings=args.trainings,
        tallied=10,
        municipalities=municipalities,
    )
    region = districts[0].region_id

    page = "/ky/workspace/trainings/statistics/"
    cases = {
        "page": page,
        "page_filtered": f"{page}?oblast={region}&role=ao_head",
        "export": "/ky/workspace/trainings/statistics/export.xlsx",
    }
    results = {}
    for label, user in (("small", small_user), ("big", big_user)):
        client = Client()
        client.force_login(user)
        client.get(page)  # warm what is read once per process
        results[label] = {key: measure(client, path, args.runs) for key, path in cases.items()}

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "big": {
            "trainings": args.trainings,
            "participants": args.participants,
            "participations": big_participations,
            "tallied_trainings": 10,
        },
        "small": {"trainings": 2, "participants": 10, "participations": small_participations},
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"training_statistics-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    what = {
        "page": "statistics page",
        "page_filtered": "page, filtered by oblast and role",
        "export": "Excel export",
    }
    lines = [
        f"# Training statistics benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.runs} runs each · "
        f"large project: {args.trainings} trainings (10 by totals), {args.participants} people, "
        f"{big_participations} participations; baseline: 2 trainings, 10 people (same run)",
        "",
        "| what | median | p95 | queries | KB | baseline median | baseline queries | time ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, title in what.items():
        b, s = results["big"][key], results["small"][key]
        lines.append(
            f"| {title} | {b['median_ms']} ms | {b['p95_ms']} ms | {b['queries']} | {b['bytes'] / 1024:.0f} | "
            f"{s['median_ms']} ms | {s['queries']} | ×{b['median_ms'] / s['median_ms']:.1f} |"
        )
    lines.append("")
    (out / f"training_statistics-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
