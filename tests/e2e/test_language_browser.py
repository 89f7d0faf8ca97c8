"""On a phone without JavaScript, the language chosen with the switcher is remembered: "/" opens
in it the next day, whatever the phone's own language, and signing in from the login page the
switcher translated opens the workspace in the user's own language."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def test_the_language_chosen_on_a_phone_without_javascript_is_remembered(browser, live_server, world):
    world.staff_a.language = "en"
    world.staff_a.save(update_fields=["language"])
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="ky-KG")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/")
        page.wait_for_url("**/ky/")
        page.click('.language-links a[hreflang="ru"]')
        page.wait_for_url("**/ru/")
        assert page.get_attribute("html", "lang") == "ru"
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["django_language"]["value"] == "ru"
        assert cookies["django_language"]["sameSite"] == "Lax"
        assert cookies["django_language"]["expires"] > 0  # kept after the browser closes

        # The phone's language is Kyrgyz, but "/" opens in the language chosen.
        page.goto(f"{live_server.url}/")
        page.wait_for_url("**/ru/")

        # Asked to sign in on the way to the workspace, in Russian; switched to Kyrgyz there, the
        # page it goes on to follows.
        page.goto(f"{live_server.url}/ru/workspace/")
        page.wait_for_url("**/ru/accounts/login/?next=**")
        page.click('.language-links a[hreflang="ky"]')
        page.wait_for_url("**/ky/accounts/login/?next=%2Fky%2Fworkspace%2F")
        page.fill("#id_username", "staff_a")
        page.fill("#id_password", "pw-for-tests-1")
        page.click("form button[type=submit]")
        # staff_a's own language is English.
        page.wait_for_url("**/en/workspace/")
        assert page.get_attribute("html", "lang") == "en"
        page.goto(f"{live_server.url}/")
        page.wait_for_url("**/en/")
    finally:
        context.close()
