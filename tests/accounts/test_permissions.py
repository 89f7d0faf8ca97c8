"""The permission matrix: every question of accounts/permissions.py, for every persona."""

import pytest
from django.http import Http404

from accounts import permissions
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# persona → (can_read A, can_edit A, is_head A, can_review A)
EXPECTED_FOR_A = {
    "staff_a": (True, True, False, False),
    "staff_b": (False, False, False, False),
    "head_a": (True, True, True, False),
    "coordinator_a": (True, False, False, True),
    "coordinator_other": (False, False, False, False),
    "citizen": (False, False, False, False),
    "admin": (True, False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_for_municipality_a(world, persona):
    user = world.persona(persona)
    a = world.municipality_a
    answers = (
        permissions.can_read(user, a),
        permissions.can_edit(user, a),
        permissions.is_head(user, a),
        permissions.can_review(user, a),
    )
    assert answers == EXPECTED_FOR_A[persona]


@pytest.mark.parametrize(
    ("persona", "read", "write", "head"),
    [
        ("staff_a", True, True, False),
        ("staff_b", False, False, False),
        ("head_a", True, True, True),
        ("coordinator_a", True, False, False),
        ("coordinator_other", False, False, False),
        ("citizen", False, False, False),
        ("admin", True, False, False),
    ],
)
def test_access_helper_returns_the_municipality_or_404(world, persona, read, write, head):
    user = world.persona(persona)
    pk = world.municipality_a.pk
    for flags, allowed in (({}, read), ({"write": True}, write), ({"head": True}, head)):
        if allowed:
            assert permissions.municipality_for_user(user, pk, **flags) == world.municipality_a
        else:
            with pytest.raises(Http404):
                permissions.municipality_for_user(user, pk, **flags)


def test_missing_and_forbidden_municipalities_look_the_same(world):
    for pk in (world.municipality_b.pk, 999_999, "not-a-number", None):
        with pytest.raises(Http404):
            permissions.municipality_for_user(world.staff_a, pk)


def test_dashboard_is_for_coordinators_and_administrators(world):
    allowed = {p for p in PERSONAS if permissions.can_see_dashboard(world.persona(p))}
    assert allowed == {"coordinator_a", "coordinator_other", "admin"}


def test_sets_of_municipalities(world):
    a, b = world.municipality_a, world.municipality_b
    assert list(permissions.editable_municipalities(world.staff_a)) == [a]
    assert list(permissions.editable_municipalities(world.coordinator_a)) == []
    assert set(permissions.readable_municipalities(world.coordinator_other)) == {b}
    assert set(permissions.readable_municipalities(world.admin)) == {a, b}
    assert set(permissions.reviewed_municipalities(world.coordinator_a)) == {a}
    assert list(permissions.readable_municipalities(world.citizen)) == []


def test_inactive_user_has_no_access(world):
    world.staff_a.is_active = False
    permissions.forget_access(world.staff_a)
    assert not permissions.can_read(world.staff_a, world.municipality_a)


def test_access_is_read_once_per_user_object(world, django_assert_num_queries):
    user = world.coordinator_a
    permissions.forget_access(user)
    # 1: memberships, 2: the municipalities of the user's projects.
    with django_assert_num_queries(2):
        for _ in range(10):
            permissions.can_read(user, world.municipality_a)
            permissions.can_edit(user, world.municipality_b)
