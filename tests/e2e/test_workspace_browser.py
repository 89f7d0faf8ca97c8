"""The workspace in a real browser: rows added in place, and a warning before unsaved work is lost."""

import pytest

from planning.models import Priority

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_rows_in_place_save_and_warn_before_leaving(page, live_server, sign_in, world, program_a):
    sign_in("staff_a")
    page.goto(f"{live_server.url}/ky/workspace/programs/{program_a.pk}/vision/")

    # "Add a direction" adds a row without reloading the page.
    page.fill("#id_vision", "Таза жана ыңгайлуу айыл")
    page.click('button[name="add_row"][value="priorities"]')
    assert page.locator("#priorities-rows fieldset").count() == 1
    assert page.input_value("#id_vision") == "Таза жана ыңгайлуу айыл"  # not reloaded
    page.fill("#id_priorities-0-title", "Ичүүчү суу")
    page.fill("#id_priorities-0-order", "1")
    page.click('button[name="add_row"][value="priorities"]')
    page.fill("#id_priorities-1-title", "Жолдор")
    page.fill("#id_priorities-1-order", "2")

    # Leaving now asks first (the page has unsaved changes).
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    # On the phone the steps are in the menu above the page: open it first.
    page.click(".step-menu summary")
    page.click(".step-menu a[href$='/swot/']")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/vision/")

    # Saving does not ask, and stores both rows.
    page.click(".form-actions button[type=submit]")
    page.wait_for_load_state()
    assert "Сакталды." in page.content()
    assert list(
        Priority.objects.filter(program=program_a).order_by("order").values_list("title", flat=True)
    ) == [
        "Ичүүчү суу",
        "Жолдор",
    ]
    # A saved page leaves without a question.
    page.click(".step-menu summary")
    page.click(".step-menu a[href$='/swot/']")
    page.wait_for_url("**/swot/")
    assert dialogs == ["beforeunload"]


def test_removing_a_row_greys_it_out_and_deletes_it_on_save(page, live_server, sign_in, world, program_a):
    Priority.objects.create(program=program_a, order=1, title="Эскирген багыт")
    sign_in("staff_a")
    page.goto(f"{live_server.url}/ky/workspace/programs/{program_a.pk}/vision/")
    page.check("#id_priorities-0-DELETE")
    assert "row-deleted" in page.get_attribute("#priorities-rows fieldset", "class")
    page.click(".form-actions button[type=submit]")
    page.wait_for_load_state()
    assert not Priority.objects.filter(program=program_a).exists()
