"""Benchmark: a hearing's public page and its open-data detail with 500 proposals.

Measures, in the web process (Django's test client, so server time without the network), for a
closed hearing of 500 answered proposals (every third traced into a published plan of 60
activities, a priority vote, attendance by village) and for an announced one of 500 published
proposals with the proposal form open:
- the page when nothing is cached (the first visitor after a change of public content);
- the page with its results' fragment cached (every visit to a hearing still to come, whose
  answer is never kept whole: its countdown and form token are the visitor's);
- the whole answer kept (config/page_cache.py: later anonymous visitors of a held or closed one);
- the API detail (/api/v1/hearings/<id>/) when nothing is cached.
For each: median and 95th percentile time, the queries, the bytes and the gzip-compressed bytes.
The baseline, measured in the same run, is the same hearing with 10 proposals: the report gives
each figure of the 500-proposal hearing as a ratio to it.

    .venv/bin/python bench/hearing_page.py [--proposals 500] [--runs 30]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_hpublic_bench (a
database whose name says "bench": it is emptied first), otherwise a SQLite file
var/bench-hearings.sqlite3 made afresh. The cache is the process's memory (no Redis), so the
fragment's cost is that of rendering, not of the network. Writes bench/reports/hearing_page-<vendor>.md
and .json.
"""

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench-hearings.sqlite3"
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

from bench.timing import fragment_only, kept, measure, nothing_cached  # noqa: E402

WORDS = [
    "көчө",
    "жарык",
    "жол",
    "суу",
    "мектеп",
    "бала",
    "бакча",
    "оорукана",
    "көпүрө",
    "арык",
    "сугат",
    "ичүүчү",
    "таштанды",
    "бак",
    "спорт",
    "аянт",
    "клуб",
    "мечит",
    "базар",
    "автобус",
    "аялдама",
    "тротуар",
    "газ",
    "электр",
    "интернет",
    "жаштар",
    "аялдар",
    "улгайган",
    "айыл",
    "аймак",
    "бюджет",
    "тариф",
    "акча",
    "жыл",
    "оңдоо",
    "куруу",
    "орнотуу",
    "тазалоо",
    "жаңылоо",
    "керек",
    "сураныч",
    "биздин",
    "үй",
    "жанында",
    "тез",
    "арада",
    "быйыл",
    "келерки",
    "кыш",
    "жай",
    "мал",
    "жайыт",
    "жер",
    "участок",
    "дарак",
    "гүл",
    "скамейка",
    "балдар",
    "оюн",
    "медпункт",
    "дарыгер",
]


def _text(n: int) -> str:
    """A proposal of 20–60 words, different for each number (as residents' texts are)."""
    import random

    chosen = random.Random(n).choices(WORDS, k=20 + n % 41)
    return f"Сунуш {n}: " + " ".join(chosen).capitalize() + "."


def build(proposals: int, *, closed: bool):
    from hearings.models import Attendance, AttendanceByVillage, Hearing, PriorityVote, Proposal, VoteOption
    from municipalities.models import District, Municipality, Village
    from planning.demo.sample import build_program
    from planning.models import Activity, Program

    district = District.objects.filter(kind="rayon").first()
    municipality = Municipality.objects.create(district=district, name_ky=f"Бенчмарк {proposals} {closed}")
    villages = [Village.objects.create(municipality=municipality, name_ky=f"Айыл {n}") for n in range(4)]
    program = build_program(municipality=municipality, activities=60)
    Program.objects.filter(pk=program.pk).update(status="published", published_at=timezone.now())
    now = timezone.now()
    hearing = Hearing.objects.create(
        municipality=municipality,
        kind="sedp_draft",
        program=program,
        title="СЭӨПтүн долбоору боюнча коомдук угуу",
        place="Айыл өкмөтүнүн жыйындар залы",
        summary="Программанын долбоору: өнүгүү багыттары, максаттар жана иш-чаралар.",
        agenda="Программанын долбоору\nСуроолор\nСунуштар",
        status="closed" if closed else "announced",
        starts_at=now - timedelta(days=20) if closed else now + timedelta(days=14),
        proposals_open_from=None if closed else now - timedelta(days=1),
        proposals_open_until=None if closed else now + timedelta(days=10),
        minutes="Талкууланды." * 50 if closed else "",
    )
    hearing.villages.set(villages)
    activities = list(Activity.objects.filter(objective__goal__priority__program=program))
    Proposal.objects.bulk_create(
        Proposal(
            hearing=hearing,
            number=n,
            source="online" if n % 2 else "paper",
            text=_text(n),
            village=villages[n % len(villages)],
            author_name=f"Тургун {n}",
            name_may_be_published=n % 5 == 0,
            contact="+996 700 000 000",
            moderation="published",
            disposition=("accepted", "rejected", "partly_accepted")[n % 3] if closed else "",
            answer="Иш-чаралар планына киргизилди; каражат 2026-жылы каралат." if closed else "",
            plan_part="activity" if closed and n % 3 == 0 else "",
            plan_part_id=activities[n % len(activities)].pk if closed and n % 3 == 0 else None,
        )
        for n in range(1, proposals + 1)
    )
    if closed:
        Attendance.objects.create(hearing=hearing, women=140, men=120, invited=400, youth=40)
        for village in villages:
            AttendanceByVillage.objects.create(hearing=hearing, village=village, women=35, men=30)
        vote = PriorityVote.objects.create(hearing=hearing, tool="problem_gallery", question="Эмне биринчи?")
        for index, priority in enumerate(program.priorities.all()):
            VoteOption.objects.create(
                vote=vote,
                label=priority.title,
                votes_women=30 - index,
                votes_men=20 + index,
                priority=priority,
            )
    return hearing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--baseline", type=int, default=10)
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

    client = Client()
    results = {}
    for label, closed in (("closed", True), ("announced", False)):
        for size in (args.baseline, args.proposals):
            hearing = build(size, closed=closed)
            page = f"/ky/hearings/{hearing.pk}/"
            api = f"/api/v1/hearings/{hearing.pk}/"
            client.get(page)  # warm what is read once per process
            client.get(api)
            row = {
                "page_nothing_cached": measure(client, page, args.runs, before=nothing_cached),
                "page_fragment_cached": measure(client, page, args.runs, before=fragment_only),
                "api_detail": measure(client, api, args.runs, before=nothing_cached),
            }
            if closed:
                nothing_cached()
                client.get(page)
                row["page_kept_whole"] = measure(client, page, args.runs, before=kept)
            results[f"{label}_{size}"] = row

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "proposals": args.proposals,
        "baseline_proposals": args.baseline,
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"hearing_page-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )

    what = {
        "page_nothing_cached": "page, nothing cached",
        "page_fragment_cached": "page, results' fragment cached",
        "page_kept_whole": "page, whole answer kept",
        "api_detail": "API detail, nothing cached",
    }
    lines = [
        f"# Hearing page benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.runs} runs each · "
        f"ratios: {args.proposals} proposals ÷ {args.baseline} (the baseline, same run)",
        "",
        "| hearing | what | median | p95 | queries | KB | KB gzip | time ratio | gzip ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label in ("closed", "announced"):
        big, small = results[f"{label}_{args.proposals}"], results[f"{label}_{args.baseline}"]
        for key, title in what.items():
            if key not in big:
                continue
            b, s = big[key], small[key]
            lines.append(
                f"| {label}, {args.proposals} proposals | {title} | {b['median_ms']} ms | {b['p95_ms']} ms | "
                f"{b['queries']} (baseline {s['queries']}) | {b['bytes'] / 1024:.0f} | {b['gzip_bytes'] / 1024:.1f} | "
                f"×{b['median_ms'] / s['median_ms']:.1f} | ×{b['gzip_bytes'] / s['gzip_bytes']:.1f} |"
            )
    lines.append("")
    (out / f"hearing_page-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
