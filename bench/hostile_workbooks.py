"""Benchmark: how fast and in how little memory a hostile action-plan workbook is refused.

Each hostile file is the template of a small program with one part swapped for a bomb: 8 million
empty shared strings (the file of the report: 0.2 MB zipped, 104 MB unpacked), shared strings,
cells, rows and cell formats each one over the budget (planning/exchange/action_plan.py
WORKBOOK_BUDGET), and a stylesheet over the budget of parts read whole. For each: the median
time of the import's reading step (action_plan._read_table: the archive check, then openpyxl)
over --runs runs, the peak of Python memory (tracemalloc) and the growth of the process's
resident memory (ru_maxrss, measured in a forked child). The baseline, measured in the same run,
is the same step reading an honest template of --activities activities (two rows each, so 5000
rows by default), which is read to the end; the report gives each refusal as a ratio to it.

    .venv/bin/python bench/hostile_workbooks.py [--activities 2500] [--runs 5] [--without-check]

--without-check also reads the 8-million-strings file with openpyxl directly, as main did
(about a minute and close to a gigabyte). Uses a SQLite file var/bench-hostile.sqlite3 made
afresh (the program is only exported). Writes bench/reports/hostile_workbooks.md and .json.
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
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
bench_db = ROOT / "var" / "bench-hostile.sqlite3"
bench_db.unlink(missing_ok=True)
os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def rebuilt(template: bytes, part: str, head: bytes, unit: bytes, count: int, tail: bytes, content_type=b""):
    buffer = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(template)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in source.namelist():
            if name == part:
                continue
            data = source.read(name)
            if name == "[Content_Types].xml" and content_type:
                data = data.replace(b"</Types>", content_type + b"</Types>")
            out.writestr(name, data)
        with out.open(part, "w") as entry:
            entry.write(head)
            block = unit * 10_000
            for _ in range(count // 10_000):
                entry.write(block)
            entry.write(unit * (count % 10_000) + tail)
    return buffer.getvalue()


def hostile_files(template: bytes) -> dict[str, bytes]:
    from planning.exchange.action_plan import WORKBOOK_BUDGET as budget

    sheet = b"<worksheet " + MAIN + b"><sheetData>"
    return {
        "8 million empty shared strings": rebuilt(
            template, "xl/sharedStrings.xml", b"<sst " + MAIN + b">", b"<si><t/></si>", 8_000_000,
            b"</sst>", SHARED_STRINGS_TYPE,
        ),
        "shared strings over the budget": rebuilt(
            template, "xl/sharedStrings.xml", b"<sst " + MAIN + b">", b"<si/>", budget.shared_strings + 1,
            b"</sst>", SHARED_STRINGS_TYPE,
        ),
        "cells over the budget": rebuilt(
            template, "xl/worksheets/sheet1.xml", sheet + b'<row r="3">', b"<c/>", budget.cells + 1,
            b"</row></sheetData></worksheet>",
        ),
        "rows over the budget": rebuilt(
            template, "xl/worksheets/sheet1.xml", sheet, b"<row/>", budget.rows + 1, b"</sheetData></worksheet>"
        ),
        "cell formats over the budget": rebuilt(
            template, "xl/styles.xml", b"<styleSheet " + MAIN + b"><cellXfs>", b"<xf/>", budget.cell_formats + 1,
            b"</cellXfs></styleSheet>",
        ),
        "stylesheet over the budget of parts read whole": rebuilt(
            template, "xl/styles.xml", b"<styleSheet " + MAIN + b"><numFmts>", b"<numFmt/>",
            budget.tree_elements + 1, b"</numFmts></styleSheet>",
        ),
    }  # fmt: skip


def read(data: bytes) -> str:
    """The import's reading step; 'refused' or 'read'."""
    from planning.exchange.action_plan import _read_table, _Rejected

    try:
        _read_table(data)
    except _Rejected:
        return "refused"
    return "read"


def child_rss_growth(run) -> float:
    """MiB by which a forked child's peak resident memory grows while it runs `run()`."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reader)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        run()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.write(writer, str((after - before) / 1024).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        growth = float(pipe.read() or "nan")
    os.waitpid(pid, 0)
    return round(growth, 1)


def measure(data: bytes, runs: int, read_step=read) -> dict:
    times, outcome = [], None
    for _ in range(runs):
        started = time.perf_counter()
        outcome = read_step(data)
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    read_step(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    return {
        "outcome": outcome,
        "zipped_kb": round(len(data) / 1024, 1),
        "unpacked_mb": round(unpacked / 1e6, 1),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "peak_python_mib": round(peak / 2**20, 1),
        "rss_growth_mib": child_rss_growth(lambda: read_step(data)),
    }


def openpyxl_only(data: bytes) -> str:
    """What main did with the file: openpyxl reads it (shared strings first), no check."""
    from openpyxl import load_workbook

    load_workbook(BytesIO(data), read_only=True, data_only=True).close()
    return "read"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--without-check", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from planning.demo.sample import build_program
    from planning.exchange.action_plan import export_action_plan
    from tests.factories import MunicipalityFactory

    translation.activate("ky")
    honest = export_action_plan(build_program(municipality=MunicipalityFactory(), activities=args.activities))
    template = export_action_plan(build_program(municipality=MunicipalityFactory(), activities=6))

    baseline = measure(honest, args.runs)
    assert baseline["outcome"] == "read", baseline
    results = {}
    for name, data in hostile_files(template).items():
        results[name] = measure(data, args.runs)
        assert results[name]["outcome"] == "refused", (name, results[name])
        results[name]["ratio_to_baseline"] = round(results[name]["median_ms"] / baseline["median_ms"], 4)
    if args.without_check:
        data = hostile_files(template)["8 million empty shared strings"]
        unchecked = measure(data, 1, openpyxl_only)
        unchecked["ratio_to_baseline"] = round(unchecked["median_ms"] / baseline["median_ms"], 2)
        results["8 million empty shared strings, openpyxl without the check (main)"] = unchecked

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "baseline": {
            "what": f"honest template, {args.activities} activities (2 rows each), read whole",
            **baseline,
        },
        "hostile": results,
    }
    reports = ROOT / "bench" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "hostile_workbooks.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Hostile workbooks: refusal time and memory",
        "",
        f"{report['when']}, Python {report['python']}, {report['cpus']} CPUs, median of {args.runs} runs. "
        "Time: the import's reading step (archive check, then openpyxl). Memory: peak of Python "
        "allocations (tracemalloc) and growth of resident memory in a forked child.",
        "",
        "| file | zipped KB | unpacked MB | outcome | median ms | max ms | × baseline | Python peak MiB | RSS growth MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in [(report["baseline"]["what"] + " (baseline)", baseline), *results.items()]:
        lines.append(
            f"| {name} | {row['zipped_kb']} | {row['unpacked_mb']} | {row['outcome']} | {row['median_ms']} | "
            f"{row['max_ms']} | {row.get('ratio_to_baseline', 1)} | {row['peak_python_mib']} | "
            f"{row['rss_growth_mib']} |"
        )
    (reports / "hostile_workbooks.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
