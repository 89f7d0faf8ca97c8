"""Every route × GET/POST × the seven personas answers as the access table declares, and a refused
POST changes nothing in the database (tests/access/table.py)."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.access.rows import PERSONAS, row
from tests.access.table import ROUTES, WHOLE_NAMESPACES

pytestmark = pytest.mark.django_db

# The apps whose rows a refused request must leave alone (every domain app, as it arrives).
GUARDED_APPS = ("accounts", "municipalities", "planning", "documents", "hearings", "trainings", "monitoring")


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                callback = pattern.callback  # unnamed: known by its view
                view = f"{callback.__module__}.{callback.__name__}"
                yield f"{namespace}:{view}" if namespace else view


def route_names() -> set[str]:
    names = set(_walk(get_resolver().url_patterns))
    return {name for name in names if name.split(":", 1)[0] not in WHOLE_NAMESPACES}


def test_every_route_is_in_the_access_table():
    declared = {name for name in ROUTES if name.split(":", 1)[0] not in WHOLE_NAMESPACES}
    missing = route_names() - declared
    assert not missing, f"Routes without a row in tests/access/table.py: {sorted(missing)}"
    stale = declared - route_names()
    assert not stale, f"Rows for routes that no longer exist: {sorted(stale)}"


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307):
        target = response["Location"]
        return "L" if "/accounts/login/" in target or "/admin/login/" in target else "A"
    # 409: the door let the person in; their save met someone else's (an edit conflict page).
    return {403: "F", 404: "N", 405: "M", 409: "A"}.get(status, "A" if status < 400 else str(status))


def fingerprint() -> str:
    """A digest of every row of the guarded apps (history rows included)."""
    digest = hashlib.sha256()
    for config in apps.get_app_configs():
        if config.label not in GUARDED_APPS:
            continue
        for model in config.get_models():
            rows = model.objects.order_by("pk").values()
            for values in rows:
                values.pop("last_login", None)  # signing the persona in sets it
                digest.update(repr(sorted(values.items())).encode())
            digest.update(model._meta.label.encode())
    return digest.hexdigest()


def _resolve(value, objects):
    found = objects.get(value, value) if isinstance(value, str) else value
    return found() if callable(found) else found


def _url(name: str, case, objects) -> str:
    kwargs = {key: _resolve(value, objects) for key, value in case.kwargs.items()}
    if "path" in kwargs:
        return "/" + kwargs["path"]
    with translation.override("ky"):
        return reverse(name, kwargs=kwargs)


CASES = [
    pytest.param(name, index, method, id=f"{name}[{case.label or index}]-{method}")
    for name, cases in ROUTES.items()
    for index, case in enumerate(cases)
    for method in ("GET", "POST")
]


@pytest.mark.parametrize(("name", "index", "method"), CASES)
def test_route_answers_each_persona_as_declared(world, objects, name, index, method):
    case = ROUTES[name][index]
    url = _url(name, case, objects)
    expected = row(case.get if method == "GET" else case.post)
    got = {}
    for persona in PERSONAS:
        # Each persona's request runs in a savepoint that is rolled back: what one allowed request
        # changes does not decide the next persona's answer.
        with transaction.atomic():
            client = Client()
            user = world.persona(persona)
            if user.is_authenticated:
                client.force_login(user)
            if method == "GET":
                response = client.get(url)
            else:
                before = fingerprint()
                data = {key: _resolve(value, objects) for key, value in case.data.items()}
                response = client.post(url, data)
                if expected[persona] != "A":
                    assert fingerprint() == before, f"{persona}'s refused POST to {url} changed the database"
            got[persona] = _outcome(response)
            transaction.set_rollback(True)
    mismatches = {p: f"expected {expected[p]}, got {got[p]}" for p in PERSONAS if got[p] != expected[p]}
    assert not mismatches, f"{method} {url}: {mismatches}"
