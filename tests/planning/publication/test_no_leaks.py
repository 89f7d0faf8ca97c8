"""Nothing unpublished and nothing private ever reaches a public page, the sitemap or search."""

import pytest
from django.core.cache import cache

from planning.demo.sample import build_program
from planning.models import Activity, Notification, Program, ReviewComment

pytestmark = pytest.mark.django_db

NOT_PUBLIC = ["draft", "submitted", "changes_requested", "endorsed", "approved"]


def public_bodies(client, municipality_id, program_id, marker=None):
    cache.clear()
    pages = {
        "home": client.get("/ky/"),
        "home_en": client.get("/en/"),
        "plans": client.get("/ru/plans/"),
        "municipality": client.get(f"/ky/municipalities/{municipality_id}/"),
        "sitemap": client.get("/sitemap.xml"),
    }
    if marker:
        pages["search"] = client.get("/ky/plans/", {"q": marker})
        pages["home_search"] = client.get("/ky/", {"q": marker})
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_a_program_that_is_not_published_appears_nowhere_public(client, world, reference, status):
    marker = f"ЖАШЫРУУН-{status}"
    program = build_program(municipality=world.municipality_a, activities=3, title=marker)
    Program.objects.filter(pk=program.pk).update(status=status, vision=f"{marker} элес")
    Activity.objects.filter(objective__goal__priority__program=program).update(title=f"{marker} иш-чара")
    for name, body in public_bodies(client, world.municipality_a.pk, program.pk, marker).items():
        # The search pages show the visitor's own words back; nothing else may carry the marker.
        body = body.replace(f'value="{marker}"', "").replace(f"«{marker}»", "").replace(f"“{marker}”", "")
        assert marker not in body, name
        assert f"/plans/{program.pk}/" not in body, name
    for address in [f"/ky/plans/{program.pk}/", f"/ru/plans/{program.pk}/pdf/", f"/en/plans/{program.pk}/"]:
        assert client.get(address).status_code == 404, address


def test_private_fields_of_a_published_program_appear_nowhere_public(client, world, published):
    comment = ReviewComment.objects.create(
        program=published, part="swot", author=world.coordinator_a, text="ИЧКИ-ПИКИР-123"
    )
    Notification.objects.create(
        recipient=world.staff_a, program=published, kind="published", comment="ИЧКИ-БИЛДИРҮҮ-456"
    )
    bodies = public_bodies(client, world.municipality_a.pk, published.pk)
    bodies["plan"] = client.get(f"/ky/plans/{published.pk}/").content.decode()
    bodies["plan_ru"] = client.get(f"/ru/plans/{published.pk}/").content.decode()
    for name, body in bodies.items():
        assert "+996 555 000 111" not in body, name  # working-group phones
        assert "555 000 111" not in body, name
        for user in (world.staff_a, world.head_a, world.coordinator_a):
            assert user.email not in body, name
        assert comment.text not in body, name
        assert "ИЧКИ-БИЛДИРҮҮ-456" not in body, name
    assert "Мүчө 1" in bodies["plan"]  # the members themselves are public, by name
