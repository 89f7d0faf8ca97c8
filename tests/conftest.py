"""Personas shared by all tests (STYLE.md, example 8).

- staff_a: a specialist of municipality A       - staff_b: a specialist of municipality B
- head_a: the head of A's aiyl okmotu           - coordinator_a: coordinates a project targeting A
- coordinator_other: coordinates a project that targets only B
- citizen: nobody signed in (AnonymousUser)     - admin: an administrator (superuser)
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from accounts.models import Membership
from planning.authoring.services import program_create
from planning.reference import load_reference
from tests.factories import (
    DonorProjectFactory,
    MembershipFactory,
    MunicipalityFactory,
    ProjectCoordinatorFactory,
    UserFactory,
)

PASSWORD = "pw-for-tests-1"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, one for the whole session (Playwright's sync API runs once a thread)."""
    from tests.services import chromium_path

    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class World:
    municipality_a: object
    municipality_b: object
    staff_a: object
    staff_b: object
    head_a: object
    coordinator_a: object
    coordinator_other: object
    citizen: object
    admin: object

    def persona(self, name: str):
        return getattr(self, name)


PERSONAS = ["staff_a", "staff_b", "head_a", "coordinator_a", "coordinator_other", "citizen", "admin"]


@pytest.fixture(scope="session", autouse=True)
def _celery_config_read_once():
    """Celery reads the settings once; make that happen before any test changes them, so a
    test that points Celery at a real broker cannot leave the later tests without eager tasks."""
    from config.celery import app

    assert app.conf.task_always_eager is True


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets an empty cache (and no kept public answers) and its own media folder."""
    from config import page_cache

    cache.clear()
    page_cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()
    page_cache.clear()


@pytest.fixture
def world(db) -> World:
    municipality_a = MunicipalityFactory(name_ky="Көк-Жар айыл аймагы", name_en="Kök-Jar aiyl aimak")
    municipality_b = MunicipalityFactory(name_ky="Ак-Тал айыл аймагы", name_en="Ak-Tal aiyl aimak")
    staff_a = MembershipFactory(municipality=municipality_a, user__username="staff_a").user
    staff_b = MembershipFactory(municipality=municipality_b, user__username="staff_b").user
    head_a = MembershipFactory(
        municipality=municipality_a, role=Membership.Role.HEAD, user__username="head_a"
    ).user
    project_a = DonorProjectFactory(targets=[municipality_a])
    project_b = DonorProjectFactory(targets=[municipality_b])
    coordinator_a = ProjectCoordinatorFactory(project=project_a, user__username="coordinator_a").user
    coordinator_other = ProjectCoordinatorFactory(project=project_b, user__username="coordinator_other").user
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return World(
        municipality_a=municipality_a,
        municipality_b=municipality_b,
        staff_a=staff_a,
        staff_b=staff_b,
        head_a=head_a,
        coordinator_a=coordinator_a,
        coordinator_other=coordinator_other,
        citizen=AnonymousUser(),
        admin=admin,
    )


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that persona (or out, for the citizen)."""

    def _login(user):
        client.logout()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def reference(db):
    load_reference()


@pytest.fixture
def program_a(world, reference):
    """An empty draft program of municipality A, created as staff would."""
    return program_create(
        municipality=world.municipality_a,
        user=world.staff_a,
        title="Көк-Жар СЭӨП",
        start_year=2025,
        end_year=2027,
    )
