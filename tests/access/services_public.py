"""Rows of the access table for the municipal services' public room (merged into tests/access/table.py).

A published joint action plan's page is for everyone; a draft or an agreed one is 404 for everyone,
signed in or not, whoever may edit it. The local initiatives' list is for everyone.
"""

from tests.access.rows import PUBLIC, PUBLIC_NO_POST, Case

NOWHERE = "N N N N N N N"

ROUTES: dict[str, list] = {
    "services:jap": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "jap_published"}),
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "jap_b"}, label="another municipality's published plan"),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "jap_draft"}, label="a draft plan is not public"),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "jap_agreed"}, label="an agreed plan is not public yet"),
    ],
    "services:initiative_list": [Case(PUBLIC, PUBLIC_NO_POST)],
}


def extra_objects(world, objects: dict) -> dict:
    return {}
