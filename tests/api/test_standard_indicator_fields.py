"""The API's indicator says which standard indicator it counts toward and which value is better."""

import pytest

from planning.models import Indicator, StandardIndicator

pytestmark = pytest.mark.django_db


def test_an_indicator_carries_its_standard_code_and_direction(client, open_data):
    program = open_data.published_a
    rows = Indicator.objects.filter(objective__goal__priority__program=program).order_by(
        "objective__goal__priority__order", "objective__goal__order", "objective__order", "order", "id"
    )
    first = rows.first()
    Indicator.objects.filter(pk=first.pk).update(
        standard=StandardIndicator.objects.get(code="DW-05"), direction=Indicator.Direction.DECREASE
    )
    item = client.get(f"/api/v1/programs/{program.pk}/").json()
    indicators = {
        i["id"]: i
        for p in item["priorities"]
        for g in p["goals"]
        for o in g["objectives"]
        for i in o["indicators"]
    }
    assert indicators[first.pk]["standard_code"] == "DW-05"
    assert indicators[first.pk]["direction"] == "decrease"
    others = [i for pk, i in indicators.items() if pk != first.pk]
    assert others and all(i["standard_code"] is None and i["direction"] == "increase" for i in others)
