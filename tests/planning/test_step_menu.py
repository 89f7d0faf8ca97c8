"""The workspace's steps on a phone: a menu (<details>, no JavaScript) above the page's content,
as well as the wide screen's sidebar; only one of the two is displayed at a time."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_steps_open_above_the_content_and_stand_in_the_sidebar(client, world, program_a):
    client.force_login(world.staff_a)
    html = client.get(reverse("planning:vision", args=[program_a.pk])).content.decode()
    menu = html.index('<details class="step-menu d-lg-none')
    sidebar = html.index('<div class="d-none d-lg-block col-lg-3')
    content = html.index('<div class="col-12 col-lg-9')
    assert menu < sidebar < content
    # Both list every step, the current one marked, and link to the same pages.
    phone, wide = html[menu:sidebar], html[sidebar:content]
    for part in (phone, wide):
        assert part.count('aria-current="page"') == 1
        assert reverse("planning:overview", args=[program_a.pk]) in part
        assert reverse("planning:history", args=[program_a.pk]) in part
    assert "<summary>" in phone and "<script" not in phone
