"""End-to-end tests: Debian's chromium, driven by Playwright, against the live test server.

The browser itself is one per test session, in tests/conftest.py: Playwright's sync API may run
only once in a thread, and the phone tests of other apps need it too."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
# it are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 412, "height": 900}, locale="ky-KG", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username: str, password: str = "pw-for-tests-1", language: str = "ky"):
        page.goto(f"{live_server.url}/{language}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_url(f"**/{language}/workspace/")

    return _sign_in
