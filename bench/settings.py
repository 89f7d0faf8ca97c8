"""Settings of the benchmarks' server: the portal's own, plus a trivial view to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
