"""Benchmark: serving and storing files on the local disk and in an S3 bucket (MEDIA_STORAGE=s3).

Measures, in this process, with a local S3 server (moto's `moto_server`, started here in its own
process on a free port of 127.0.0.1, so that its memory is not counted):
- serving a stored file as the views do (documents.http.stored_file_response), for the largest
  scan accepted (10 MB) and a plan PDF of 1 MB: from the disk (the baseline), streamed from the
  bucket, and, for comparison, read through django-storages' S3File as
  `FileResponse(field.open("rb"))` did before (it downloads the whole object first);
- storing a rendered PDF of 2 MB as the render task does (documents.services._store_complete):
  disk (temporary name, fsync, rename) against bucket (one upload).
For each: median and 95th percentile time, the ratio to the disk measured in the same run, and
the peak of memory allocated by this process while the file goes out (tracemalloc).

    .venv/bin/python bench/storage.py [--runs 20]

moto is not AWS or MinIO: absolute times say little about a real bucket, the ratios and the
memory say how the portal's side behaves. Writes bench/reports/storage.md and .json.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.http import FileResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from config.settings import media_storage  # noqa: E402

BUCKET = "sedp-bench"
KEYS = {"access": "bench-access", "secret": "bench-secret"}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310 - our own server
            return process, endpoint
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("moto_server did not start")


class Stored:
    """What a view holds: a stored file's storage and name (a FieldFile's two attributes)."""

    def __init__(self, storage, name: str):
        self.storage, self.name = storage, name


def drain(response) -> int:
    sent = sum(len(chunk) for chunk in response)
    response.close()
    return sent


def measure(action, runs: int) -> dict:
    action()  # warm-up (connections, imports)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "peak_mib": round(peak / 2**20, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from django.conf import settings

    from documents import services
    from documents.http import stored_file_response

    moto, endpoint = start_moto()
    media = tempfile.mkdtemp(prefix="sedp-bench-media-")
    try:
        environment = {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": KEYS["access"],
            "AWS_SECRET_ACCESS_KEY": KEYS["secret"],
        }
        config = media_storage(lambda name: environment.get(name, ""))
        from documents.storage import PrivateS3Storage

        bucket = PrivateS3Storage(**config["OPTIONS"])
        bucket.connection.meta.client.create_bucket(Bucket=BUCKET)
        disk = FileSystemStorage(location=media)
        settings.MEDIA_ROOT = media

        files = {"scan, 10 MB": os.urandom(10 * 2**20), "plan PDF, 1 MB": os.urandom(2**20)}
        serving = {}
        for label, content in files.items():
            name = f"bench/{label.split(',')[0].replace(' ', '-')}.pdf"
            for storage in (disk, bucket):
                storage.save(name, _content(content))
            on_disk, in_bucket = Stored(disk, name), Stored(bucket, name)
            serving[label] = {
                "disk": measure(lambda f=on_disk: drain(stored_file_response(f)), args.runs),
                "bucket, streamed": measure(lambda f=in_bucket: drain(stored_file_response(f)), args.runs),
                "bucket, whole object first (S3File)": measure(
                    lambda n=name: drain(FileResponse(bucket.open(n, "rb"))), args.runs
                ),
            }

        pdf = os.urandom(2 * 2**20)
        counter = iter(range(10**9))
        storing = {}
        disk_config = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        for label, default in (("disk", disk_config), ("bucket", config)):
            with override_settings(STORAGES={**settings.STORAGES, "default": default}):
                storing[label] = measure(
                    lambda: services._store_complete(f"documents/bench/{next(counter)}.pdf", pdf), args.runs
                )
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        shutil.rmtree(media, ignore_errors=True)

    def ratio(measures: dict, key: str) -> dict:
        base = measures[next(iter(measures))]["median_ms"]
        return {**measures[key], "ratio": round(measures[key]["median_ms"] / base, 2) if base else None}

    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "runs": args.runs,
        "serving": {label: {key: ratio(m, key) for key in m} for label, m in serving.items()},
        "storing_2mb_pdf": {key: ratio(storing, key) for key in storing},
    }
    out = ROOT / "bench" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "storage.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    lines = [
        "# Storage benchmark: disk and bucket",
        "",
        f"{report['date']} · Python {report['python']} · {report['machine']} · {args.runs} runs each · "
        "bucket on a local moto_server (not AWS or MinIO: read the ratios and the memory)",
        "",
        "| what | where | median | p95 | × disk | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    for label, measures in report["serving"].items():
        for key, m in measures.items():
            lines.append(
                f"| serve a {label} | {key} | {m['median_ms']} ms | {m['p95_ms']} ms | {m['ratio']} | {m['peak_mib']} MiB |"
            )
    for key, m in report["storing_2mb_pdf"].items():
        lines.append(
            f"| store a rendered 2 MB PDF | {key} | {m['median_ms']} ms | {m['p95_ms']} ms | {m['ratio']} | {m['peak_mib']} MiB |"
        )
    lines.append("")
    (out / "storage.md").write_text("\n".join(lines))
    print("\n".join(lines))


def _content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


if __name__ == "__main__":
    main()
