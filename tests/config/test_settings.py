"""A bad configuration stops the start with one clear line, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_line(result, *words):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error:")
    for word in words:
        assert word in lines[0]


def test_missing_secret_key_in_production():
    result = run_manage("check", DEBUG="0")
    assert_one_clear_line(result, "SECRET_KEY")


@pytest.mark.parametrize(
    "url",
    ["mysql://u:p@localhost/sedp", "postgres://u:p@localhost:54x/sedp", "not a url", "postgres://localhost"],
)
def test_malformed_database_url(url):
    result = run_manage("check", DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL=url)
    assert_one_clear_line(result, "DATABASE_URL")


def test_unreachable_database():
    result = run_manage(
        "migrate",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        SITE_URL="https://sedp.example.kg",  # else its own warning (config.W001) comes first
        DATABASE_URL="postgres://sedp:sedp@127.0.0.1:1/sedp",
    )
    assert_one_clear_line(result, "cannot connect to the database")


def test_bad_boolean():
    result = run_manage("check", DEBUG="maybe")
    assert_one_clear_line(result, "DEBUG")


def test_bad_redis_url():
    result = run_manage("check", DEBUG="1", REDIS_URL="http://localhost:6379")
    assert_one_clear_line(result, "REDIS_URL")


def test_good_configuration_passes_the_checks():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["-1", "one"])
def test_bad_number_of_trusted_proxies(value):
    result = run_manage("check", DEBUG="1", TRUSTED_PROXIES=value)
    assert_one_clear_line(result, "TRUSTED_PROXIES")


def test_https_behind_a_proxy_that_is_not_declared_is_warned_about():
    result = run_manage("check", DEBUG="1", SECURE_HTTPS="1", TRUSTED_PROXIES="0")
    assert result.returncode == 0, result.stderr
    assert "accounts.W001" in result.stderr and "TRUSTED_PROXIES" in result.stderr
    declared = run_manage("check", DEBUG="1", SECURE_HTTPS="1", TRUSTED_PROXIES="1")
    assert declared.returncode == 0, declared.stderr
    assert "accounts.W001" not in declared.stderr + declared.stdout
