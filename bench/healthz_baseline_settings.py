"""Settings of bench/healthz.py's gunicorn: the portal's, with the baseline's routes added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "healthz_baseline"
