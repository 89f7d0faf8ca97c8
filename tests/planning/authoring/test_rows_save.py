"""Saving a direction's table writes the changed rows together (planning.authoring.services.rows_save):
the same rows, the same history and the same user as one save a row, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.demo.sample import build_program
from planning.models import Activity
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.planning.helpers import add_rows, form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(client):
    municipality = MunicipalityFactory()
    program = build_program(municipality=municipality, activities=40)
    user = MembershipFactory(municipality=municipality).user
    client.force_login(user)
    priority = program.priorities.order_by("order").first()
    rows = list(
        Activity.objects.filter(objective__goal__priority=priority).order_by(
            "objective__goal__order", "objective__order", "order", "id"
        )
    )
    assert len(rows) >= 8
    return user, url("priority_activities", program.pk, priority.pk), rows


def _save(client, address, changes: dict) -> int:
    data = form_data(client.get(address))
    data.update(changes)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(address, data).status_code == 302
    return len(queries)


def test_a_save_takes_as_many_queries_for_six_changed_rows_as_for_two(client, table):
    _user, address, _rows = table
    two = _save(client, address, {f"activities-{i}-title": f"Жаңы {i}" for i in range(2)})
    six = _save(client, address, {f"activities-{i}-responsible": f"Жооптуу {i}" for i in range(6)})
    assert six == two


def test_each_changed_row_is_saved_with_one_history_record_by_the_user_and_the_others_are_left(client, table):
    user, address, rows = table
    changes = {f"activities-{i}-title": f"Жаңы аталыш {i}" for i in range(3)}
    changes["activities-1-expected_result"] = "Суу түтүгү 3 км"
    changes["activities-2-for_youth"] = "on"
    _save(client, address, changes)
    for index, row in enumerate(rows):
        saved = Activity.objects.get(pk=row.pk)
        history = list(saved.history.all())
        if index < 3:
            assert saved.title == f"Жаңы аталыш {index}"
            assert [(h.history_type, h.history_user_id, h.title) for h in history] == [
                ("~", user.pk, saved.title)
            ]
        else:
            assert saved.title == row.title
            assert history == []
    assert Activity.objects.get(pk=rows[1].pk).history.get().expected_result == "Суу түтүгү 3 км"
    assert Activity.objects.get(pk=rows[2].pk).for_youth is True
    assert Activity.objects.get(pk=rows[0].pk).responsible == rows[0].responsible  # not emptied


def test_a_row_removed_and_a_row_added_in_the_same_save_as_a_change(client, table):
    user, address, rows = table
    data = form_data(client.get(address))
    data["activities-0-title"] = "Өзгөртүлдү"
    data["activities-1-DELETE"] = "on"
    new = {
        key.split("-", 2)[2]: value
        for key, value in data.items()
        if key.startswith("activities-0-") and not key.endswith(("-id", "-DELETE"))
    }
    new["title"] = "Кошулган иш-чара"
    data = add_rows(data, "activities", [new])
    assert client.post(address, data).status_code == 302
    assert Activity.objects.get(pk=rows[0].pk).title == "Өзгөртүлдү"
    assert not Activity.objects.filter(pk=rows[1].pk).exists()
    added = Activity.objects.get(title="Кошулган иш-чара")
    assert added.history.get().history_type == "+"
    assert added.history.get().history_user_id == user.pk
    assert Activity.history.filter(id=rows[1].pk, history_type="-").get().history_user_id == user.pk
