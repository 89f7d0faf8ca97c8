"""Benchmark: the batch of a training's certificates, 100 against 10, in the same run.

For a held training whose participants each have a certificate, one document of kind
training_certificates (one A4 landscape page per certificate, each with its QR code) is asked for
and rendered the way the worker does it (documents.services.document_request, then
document_render: WeasyPrint, the file stored whole, the row marked ready). Measured:
- asking for it (the context's queries, building the HTML and its hash), median time;
- the render (document_render, what the Celery task runs), median time;
- the peak of Python memory while rendering (tracemalloc, in a separate run, since tracing slows
  it down) and the growth of the process's resident high-water mark (resource);
- the pages and the size of the PDF.

    .venv/bin/python bench/certificates.py [--certificates 100] [--baseline 10] [--runs 3]

Uses DATABASE_URL when its database's name says "bench" (it is emptied first), otherwise a
SQLite file var/bench-certificates.sqlite3 made afresh. Writes
bench/reports/certificates-<vendor>.md and .json.
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)
if "bench" not in os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]:
    bench_db = ROOT / "var" / "bench-certificates.sqlite3"
    bench_db.parent.mkdir(exist_ok=True)
    bench_db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from documents import services as document_services  # noqa: E402
from documents.models import GeneratedDocument  # noqa: E402
from documents.rendering import render_pdf  # noqa: E402
from documents.services import document_html, document_render  # noqa: E402
from trainings import documents as kinds  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(certificates: int, runs: int) -> dict:
    from tests.trainings.documents_data import documented_training

    training = documented_training(participants=certificates)
    ask_times, render_times, queries = [], [], 0
    rss_before = peak_rss_mb()
    document = None
    for run in range(runs):
        # A new content each run (the signatory's name changes), so each render is a real one.
        kinds.Certificate.objects.filter(participation__training=training).update(
            signatory=f"Жээнбекова Гүлнара {run}"
        )
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            document = kinds.services.document_request(obj=training, kind=kinds.CERTIFICATES, language="ky")
        ask_times.append(time.perf_counter() - started)
        queries = len(captured)
        started = time.perf_counter()
        outcome = document_render(document.pk)
        render_times.append(time.perf_counter() - started)
        assert outcome == "rendered", outcome
    rss_after = peak_rss_mb()
    document = GeneratedDocument.objects.get(pk=document.pk)
    html = document_html(obj=training, kind=kinds.CERTIFICATES, language="ky")
    tracemalloc.start()
    rendered = render_pdf(html)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert rendered.pages == certificates == document.pages
    return {
        "certificates": certificates,
        "pages": document.pages,
        "pdf_bytes": document.size,
        "html_bytes": len(html.encode()),
        "ask_queries": queries,
        "ask_median_ms": round(statistics.median(ask_times) * 1000, 1),
        "render_median_ms": round(statistics.median(render_times) * 1000, 1),
        "render_runs_ms": [round(t * 1000, 1) for t in render_times],
        "render_ms_per_page": round(statistics.median(render_times) * 1000 / certificates, 1),
        "peak_python_mb": round(peak / 1024 / 1024, 1),
        "rss_high_water_growth_mb": round(rss_after - rss_before, 1),
        "rss_high_water_mb": round(rss_after, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(
            f"The benchmark empties its database; {name!r} does not look like one made for it (use *bench*)."
        )
    settings.MEDIA_ROOT = ROOT / "var" / "bench-media"
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    # Without a broker the task would run at once, inside the asking; here the render is timed
    # on its own, called as the worker calls it.
    document_services.enqueue = lambda *args, **kwargs: False

    results = {
        "baseline": measure(args.baseline, args.runs),  # first: the high-water mark only grows
        "batch": measure(args.certificates, args.runs),
    }
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "weasyprint": __import__("weasyprint").__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"certificates-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    b, s = results["batch"], results["baseline"]
    lines = [
        f"# Certificates batch benchmark ({connection.vendor})",
        "",
        f"{report['date']} · Python {report['python']} · WeasyPrint {report['weasyprint']} · {report['machine']} · "
        f"{args.runs} renders each · one document (kind training_certificates), one A4 landscape page per certificate",
        "",
        "| certificates | pages | PDF KB | ask: queries | ask: median | render: median | per page | peak Python memory | RSS high-water growth |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in (s, b):
        lines.append(
            f"| {r['certificates']} | {r['pages']} | {r['pdf_bytes'] / 1024:.0f} | {r['ask_queries']} | "
            f"{r['ask_median_ms']} ms | {r['render_median_ms']} ms | {r['render_ms_per_page']} ms | "
            f"{r['peak_python_mb']} MB | {r['rss_high_water_growth_mb']} MB |"
        )
    lines += [
        "",
        f"Ratios {b['certificates']} ÷ {s['certificates']}: render time ×{b['render_median_ms'] / s['render_median_ms']:.1f}, "
        f"peak Python memory ×{b['peak_python_mb'] / max(s['peak_python_mb'], 0.1):.1f}, "
        f"queries to ask {b['ask_queries']} vs {s['ask_queries']} (flat).",
        "",
        "“ask” is documents.services.document_request (the context, the HTML, its hash, the row); “render” is "
        "documents.services.document_render, what the Celery task runs (WeasyPrint, the file stored whole, the row "
        "marked ready under its lease). Peak Python memory is tracemalloc's during one more render_pdf; the RSS "
        "high-water growth is that of the process across the renders of that size (the baseline runs first).",
        "",
    ]
    (out / f"certificates-{connection.vendor}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
