"""Benchmark: a hearing's protocol PDF with 500 proposals, against 10 in the same run.

Measures, in one process, for a closed hearing on an SEDP draft (attendance by village, two
mini-gatherings rolled up, a priority vote, every proposal answered; texts of 20–60 words) the
three steps the documents app takes for the protocol (hearings/pdf.py, templates/hearings/pdf/
protocol.html), in Kyrgyz:
- the context (hearings.pdf.document_context): time and queries;
- the HTML (documents.services.document_html: the context and the template): time and bytes;
- the PDF (documents.rendering.render_pdf, WeasyPrint): time, pages, bytes, and the peak of
  memory the Python heap takes while it renders (tracemalloc, in a run of its own, untimed:
  tracing slows WeasyPrint's layout, which is Python, several times);
  the process's peak resident size is given too (it only grows, so read it for the last size).
For each: the median of the runs. The report gives each figure of the 500-proposal protocol as a
ratio to the 10-proposal one.

    .venv/bin/python bench/hearings_protocol.py [--proposals 500] [--runs 3]

Uses DATABASE_URL when set, e.g. postgres://sedp:sedp@127.0.0.1:5432/sedp_hdocs_bench (a
database whose name says "bench": it is emptied first), otherwise a SQLite file
var/bench-hearings-protocol.sqlite3 made afresh. Writes bench/reports/hearings_protocol-<vendor>.md
and .json.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "DATABASE_URL" not in os.environ:
    bench_db = ROOT / "var" / "bench-hearings-protocol.sqlite3"
    bench_db.parent.mkdir(exist_ok=True)
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

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
    "спорт",
    "аянт",
    "клуб",
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
    "бюджет",
    "тариф",
    "жыл",
    "оңдоо",
    "куруу",
    "орнотуу",
    "тазалоо",
    "жаңылоо",
    "керек",
    "биздин",
    "үй",
    "жанында",
    "тез",
    "арада",
    "быйыл",
    "жайыт",
    "жер",
    "дарак",
    "медпункт",
]

KIND = "hearing_protocol"


def _text(n: int) -> str:
    """A proposal of 20–60 words, different for each number (as residents' texts are)."""
    import random

    chosen = random.Random(n).choices(WORDS, k=20 + n % 41)
    return f"Сунуш {n}: " + " ".join(chosen).capitalize() + "."


LANGUAGE = "ky"


def build(proposals: int):
    from hearings.models import Attendance, AttendanceByVillage, Hearing, PriorityVote, Proposal, VoteOption
    from municipalities.models import District, Municipality, Village
    from planning.demo.sample import build_program

    district = District.objects.filter(kind="rayon").first()
    municipality = Municipality.objects.create(district=district, name_ky=f"Бенчмарк {proposals} айыл аймагы")
    villages = [Village.objects.create(municipality=municipality, name_ky=f"Айыл {n}") for n in range(4)]
    program = build_program(municipality=municipality, activities=20)
    now = timezone.now()
    hearing = Hearing.objects.create(
        municipality=municipality,
        kind="sedp_draft",
        program=program,
        title="СЭӨПтүн долбоору боюнча коомдук угуу",
        place="Айыл өкмөтүнүн жыйындар залы",
        summary="Программанын долбоору: өнүгүү багыттары, максаттар жана иш-чаралар.",
        agenda="Программанын долбоору\nСуроолор\nСунуштар",
        status="closed",
        starts_at=now - timedelta(days=20),
        chair="Асанов А.",
        secretary="Исакова Б.",
        notice_posted_on=(now - timedelta(days=35)).date(),
        channels=["poster", "announcement", "messengers"],
        minutes="Талкууланды: суу, жолдор, мектептер. " * 40,
    )
    hearing.villages.set(villages)
    for index, village in enumerate(villages[:2]):
        gathering = Hearing.objects.create(
            municipality=municipality,
            kind="sedp_draft",
            program=program,
            format="mini_gathering",
            final_hearing=hearing,
            status="held",
            title=f"Мини-жыйын {village.name_ky}",
            place="Мектеп",
            starts_at=now - timedelta(days=30 - index),
        )
        gathering.villages.set([village])
        Attendance.objects.create(hearing=gathering, women=12 + index, men=9)
        AttendanceByVillage.objects.create(hearing=gathering, village=village, women=12 + index, men=9)
    Proposal.objects.bulk_create(
        Proposal(
            hearing=hearing,
            number=n,
            source=("online", "paper", "oral", "mini_gathering")[n % 4],
            text=_text(n),
            village=villages[n % len(villages)],
            author_name=f"Тургун {n}",
            contact="+996 700 000 000",
            moderation="published",
            disposition=("accepted", "rejected", "partly_accepted", "outside_competence")[n % 4],
            answer="Иш-чаралар планына киргизилди; каражат 2026-жылы каралат.",
            referred_to="Райондук администрация" if n % 4 == 3 else "",
        )
        for n in range(1, proposals + 1)
    )
    Attendance.objects.create(hearing=hearing, women=140, men=120, invited=400, youth=40, deputies=7)
    for village in villages:
        AttendanceByVillage.objects.create(hearing=hearing, village=village, women=35, men=30)
    vote = PriorityVote.objects.create(hearing=hearing, tool="problem_gallery", question="Эмне биринчи?")
    for index, priority in enumerate(program.priorities.all()):
        VoteOption.objects.create(
            vote=vote, label=priority.title, votes_women=30 - index, votes_men=20 + index, priority=priority
        )
    return hearing


def measure(hearing, runs: int) -> dict:
    from documents.rendering import render_pdf
    from documents.services import document_html
    from hearings.pdf import document_context

    context_ms, queries, html_ms, pdf_ms, heap = [], [], [], [], []
    html = ""
    rendered = None
    for _ in range(runs):
        with translation.override(LANGUAGE), CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            document_context(hearing, KIND)
            context_ms.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        started = time.perf_counter()
        html = document_html(obj=hearing, kind=KIND, language=LANGUAGE)
        html_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        rendered = render_pdf(html)
        pdf_ms.append((time.perf_counter() - started) * 1000)
    # Memory in a run of its own: tracing every allocation slows WeasyPrint down several times.
    tracemalloc.start()
    render_pdf(html)
    heap.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return {
        "context_ms": round(statistics.median(context_ms), 1),
        "queries": sorted(set(queries)),
        "html_ms": round(statistics.median(html_ms), 1),
        "html_bytes": len(html.encode()),
        "pdf_ms": round(statistics.median(pdf_ms), 1),
        "pdf_heap_peak_mb": round(heap[0] / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pages": rendered.pages,
        "pdf_bytes": len(rendered.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(
            f"The benchmark empties its database; {name!r} does not look like one made for it (use *bench*)."
        )
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_territory", verbosity=0)
    call_command("load_reference", verbosity=0)

    results = {}
    for size in (args.baseline, args.proposals):
        hearing = build(size)
        measure(hearing, 1)  # warm what is read once per process (fonts, templates)
        results[str(size)] = measure(hearing, args.runs)

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "proposals": args.proposals,
        "baseline_proposals": args.baseline,
        "runs": args.runs,
        "language": LANGUAGE,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"hearings_protocol-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )

    big, small = results[str(args.proposals)], results[str(args.baseline)]

    def ratio(key: str) -> str:
        return f"×{big[key] / small[key]:.1f}" if small[key] else "–"

    rows = [
        ("context", "context_ms", "ms"),
        ("HTML (context + template)", "html_ms", "ms"),
        ("PDF render (WeasyPrint)", "pdf_ms", "ms"),
        ("PDF render, Python heap peak", "pdf_heap_peak_mb", "MB"),
        ("pages", "pages", ""),
        ("PDF size", "pdf_bytes", "bytes"),
        ("HTML size", "html_bytes", "bytes"),
    ]
    lines = [
        f"# Hearing protocol PDF benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · median of {args.runs} runs · "
        f"in {LANGUAGE} · ratios: {args.proposals} proposals ÷ {args.baseline} (the baseline, same run)",
        "",
        f"| what | {args.baseline} proposals | {args.proposals} proposals | ratio |",
        "|---|---|---|---|",
        f"| queries of the context | {small['queries']} | {big['queries']} | – |",
    ]
    for label, key, unit in rows:
        lines.append(f"| {label} | {small[key]} {unit} | {big[key]} {unit} | {ratio(key)} |")
    lines += [
        f"| process peak resident size (after) | {small['max_rss_mb']} MB | {big['max_rss_mb']} MB | – |",
        "",
    ]
    (out / f"hearings_protocol-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
