"""The access table: every route of the portal, and what each persona gets from it.

tests/access/test_routes.py walks Django's URL resolver and fails for a route that is not here,
so a new page cannot go out without a decision about who may see it. For each route the table
gives the outcome of a GET and of a POST for the seven personas of tests/conftest.py, in this
order:

    staff_a  staff_b  head_a  coordinator_a  coordinator_other  citizen  admin

A: allowed (2xx, 304, or a redirect that is not to a sign-in page)
F: 403, the person may read the thing but not do this
N: 404, the person must not learn that it exists (or the address does not exist for anyone)
L: redirected to sign in
M: 405, the method is not accepted here

The objects are those of tests/access/conftest.py: municipality A's draft program with a part of
every kind, a comment, a ready document, an order and a council decision on file; a published
program of A for the public pages; an announced hearing of A with its consultation open, and one
being prepared.
"""

from __future__ import annotations

from tests.access import (
    monitoring_evidence,
    monitoring_exchange,
    monitoring_public,
    monitoring_rollups,
    monitoring_workspace,
    services_api,
    services_catalogue,
    services_initiatives,
    services_joint_plans,
    services_public,
    trainings_documents,
    trainings_reports,
    trainings_workspace,
)
from tests.access.rows import (
    ADMIN_ONLY,
    DASHBOARD,
    EDIT,
    HEAD,
    NO_GET,
    NO_POST,
    NOBODY,
    PARTICIPATE,
    PUBLIC,
    PUBLIC_NO_POST,
    READ,
    REVIEW,
    SIGNED_IN,
    Case,
)

P = {"pk": "program"}  # A's draft program
WH = {"pk": "ws_hearing"}  # A's hearing on the SEDP draft, being prepared, with everything entered
WA = {"pk": "ws_announced"}  # A's announced hearing, which began two hours ago
WP = {**WH, "proposal_id": "ws_proposal"}  # a published, accepted proposal of the first
PH = {"pk": "public_hearing"}  # A's announced hearing, its consultation open
DH = {"pk": "draft_hearing"}  # A's hearing being prepared
NOWHERE = "N N N N N N N"  # 404 for everyone (not public, and not a workspace page)

ROUTES: dict[str, list[Case]] = {
    # --- Machines, pages of the whole site -----------------------------------------------------
    "healthz": [Case(PUBLIC, PUBLIC_NO_POST)],
    "healthz_live": [Case(PUBLIC, PUBLIC_NO_POST)],
    "favicon": [Case(PUBLIC, PUBLIC_NO_POST)],
    "django.contrib.sitemaps.views.sitemap": [Case(PUBLIC, PUBLIC)],
    "home": [Case(PUBLIC, PUBLIC_NO_POST)],
    # The language switcher: a plain link for everyone; a language the portal does not speak is 404.
    "switch_language": [
        Case(PUBLIC, PUBLIC_NO_POST, {"code": "ru"}),
        Case(NOWHERE, PUBLIC_NO_POST, {"code": "de"}, label="unknown language"),
    ],
    "open_data": [Case(PUBLIC, PUBLIC_NO_POST)],
    "workspace_home": [Case(SIGNED_IN, NO_POST)],
    # --- Accounts --------------------------------------------------------------------------------
    "accounts:login": [Case(PUBLIC, PUBLIC)],
    "accounts:logout": [Case(PUBLIC_NO_POST, PUBLIC)],
    "accounts:password_change": [Case(SIGNED_IN, SIGNED_IN)],
    "accounts:password_change_done": [Case(SIGNED_IN, NO_POST)],
    "accounts:password_reset": [Case(PUBLIC, PUBLIC)],
    "accounts:password_reset_done": [Case(PUBLIC, PUBLIC_NO_POST)],
    "accounts:password_reset_confirm": [
        Case(PUBLIC, PUBLIC, kwargs={"uidb64": "MQ", "token": "set-password"}, label="a stale link")
    ],
    "accounts:password_reset_complete": [Case(PUBLIC, PUBLIC_NO_POST)],
    # --- Territory (public) ------------------------------------------------------------------------
    "territory:region": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "region"})],
    "territory:district": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "district"})],
    "territory:municipality": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "municipality"})],
    # --- Public plans ------------------------------------------------------------------------------
    "plans:list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "plans:detail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"}),
        Case("N N N N N N N", PUBLIC_NO_POST, kwargs={"pk": "program"}, label="a draft is not public"),
    ],
    "plans:pdf": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"}),
        Case("N N N N N N N", PUBLIC_NO_POST, kwargs={"pk": "program"}, label="a draft is not public"),
    ],
    # --- Open data API (read-only; anonymous POSTs are refused as unsafe methods) --------------------
    "api:schema": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:api-root": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:region-list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:region-detail": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "region"})],
    "api:district-list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:district-detail": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "district"})],
    "api:municipality-list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:municipality-detail": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "municipality"})],
    "api:program-list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:program-detail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"}),
        Case("N N N N N N N", PUBLIC_NO_POST, kwargs={"pk": "program"}, label="a draft is not public"),
    ],
    "api:program-monitoring": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"}),
        Case("N N N N N N N", PUBLIC_NO_POST, kwargs={"pk": "program"}, label="a draft is not public"),
    ],
    "api:program-action-plan-csv": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"})],
    "api:program-action-plan-xlsx": [Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published"})],
    # Any other address under /api/v1/: a JSON 404 for every method.
    "api:api.views.not_found": [
        Case("N N N N N N N", "N N N N N N N", kwargs={"path": "api/v1/nothing-here/"})
    ],
    # --- The Django admin: every admin:* route is for administrators only; these are visited ----------
    "admin:index": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    "admin:planning_sector_changelist": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    "admin:planning_fundingsource_changelist": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    "admin:planning_standardindicator_changelist": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    # --- Planning: programs of a municipality --------------------------------------------------------
    "planning:program_list": [Case(READ, EDIT, kwargs={"mid": "municipality"})],
    # --- Planning: authoring (the workspace steps) -----------------------------------------------------
    "planning:overview": [Case(READ, NO_POST, kwargs=P)],
    "planning:settings": [Case(READ, EDIT, kwargs=P)],
    "planning:working_group": [Case(READ, EDIT, kwargs=P)],
    "planning:order_file": [Case(READ, NO_POST, kwargs=P)],
    "planning:characteristics": [Case(READ, EDIT, kwargs=P)],
    "planning:analysis": [Case(READ, NO_POST, kwargs=P)],
    "planning:sector_analysis": [Case(READ, EDIT, kwargs={**P, "sector_id": "sector"})],
    "planning:swot": [Case(READ, EDIT, kwargs=P)],
    "planning:vision": [Case(READ, EDIT, kwargs=P)],
    "planning:goals": [Case(READ, EDIT, kwargs=P)],
    "planning:action_plan": [Case(READ, NO_POST, kwargs=P)],
    "planning:priority_activities": [Case(READ, EDIT, kwargs={**P, "priority_id": "priority"})],
    "planning:activity": [Case(READ, EDIT, kwargs={**P, "activity_id": "activity"})],
    "planning:finance": [Case(READ, NO_POST, kwargs=P)],
    "planning:indicators": [Case(READ, EDIT, kwargs=P)],
    "planning:history": [Case(READ, NO_POST, kwargs=P)],
    # --- Planning: exchange (Excel) -----------------------------------------------------------------
    "planning:export_action_plan": [Case(READ, NO_POST, kwargs=P)],
    "planning:export_finance": [Case(READ, NO_POST, kwargs=P)],
    "planning:import": [Case(READ, EDIT, kwargs=P, data={"file": "workbook"})],
    # --- Planning: review ----------------------------------------------------------------------------
    "planning:dashboard": [Case(DASHBOARD, NO_POST)],
    "planning:dashboard_export": [Case(DASHBOARD, NO_POST)],
    "planning:review": [Case(READ, NO_POST, kwargs=P)],
    "planning:comment_add": [
        Case(NO_GET, REVIEW, kwargs=P, data={"part": "general", "text": "A comment"}),
    ],
    "planning:comment_reply": [
        Case(NO_GET, PARTICIPATE, kwargs={**P, "comment_id": "comment"}, data={"text": "An answer"})
    ],
    "planning:comment_resolve": [
        Case(NO_GET, PARTICIPATE, kwargs={**P, "comment_id": "comment"}, data={"resolved": "1"}),
        Case(
            NO_GET,
            REVIEW,
            kwargs={**P, "comment_id": "resolved_comment"},
            data={"resolved": "0"},
            label="reopening",
        ),
    ],
    "planning:transition": [
        Case(NO_GET, HEAD, kwargs={**P, "action": "submit"}, data={"version": "version"}),
        Case(
            NO_GET,
            EDIT,
            kwargs={"pk": "open_program", "action": "submit"},
            data={"version": "version"},
            label="staff may submit",
        ),
        Case(
            NO_GET,
            REVIEW,
            kwargs={**P, "action": "request_changes"},
            data={"version": "version", "comment": "Please add indicators"},
        ),
        Case(NO_GET, REVIEW, kwargs={**P, "action": "endorse"}, data={"version": "version"}),
        Case(NO_GET, HEAD, kwargs={**P, "action": "publish"}, data={"version": "version"}),
        Case(NO_GET, HEAD, kwargs={**P, "action": "new_version"}, data={"version": "version"}),
        Case(NO_GET, NOBODY, kwargs={**P, "action": "record_approval"}, label="has its own page"),
        Case(NO_GET, NOBODY, kwargs={**P, "action": "delete"}, label="no such step"),
    ],
    "planning:transition_confirm": [
        Case(REVIEW, NO_POST, kwargs={**P, "action": "request_changes"}),
        Case(REVIEW, NO_POST, kwargs={**P, "action": "endorse"}),
        Case(HEAD, NO_POST, kwargs={**P, "action": "publish"}),
        Case(HEAD, NO_POST, kwargs={**P, "action": "new_version"}),
        Case(NOBODY, NO_POST, kwargs={**P, "action": "submit"}, label="needs no confirmation"),
        Case(NOBODY, NO_POST, kwargs={**P, "action": "record_approval"}, label="has its own page"),
        Case(NOBODY, NO_POST, kwargs={**P, "action": "delete"}, label="no such step"),
    ],
    "planning:approval": [Case(HEAD, HEAD, kwargs=P, data={"version": "version", "number": "19"})],
    "planning:decision_file": [Case(READ, NO_POST, kwargs=P)],
    "planning:staff_may_submit": [Case(NO_GET, HEAD, kwargs=P, data={"allowed": "1"})],
    "planning:timeline": [Case(READ, NO_POST, kwargs=P)],
    "planning:notifications": [Case(SIGNED_IN, NO_POST)],
    # --- Planning: publication in the workspace (documents) -------------------------------------------
    "planning:documents_status": [Case(READ, NO_POST, kwargs=P)],
    "planning:draft_preview": [Case(NO_GET, PARTICIPATE, kwargs=P)],
    "planning:document_download": [Case(READ, NO_POST, kwargs={**P, "document_id": "document"})],
    "planning:document_retry": [Case(NO_GET, PARTICIPATE, kwargs={**P, "document_id": "failed_document"})],
    # --- Hearings: public pages, feed and API (hearings/public/, api/) ---------------------------
    "hearings:list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "hearings:calendar": [Case(PUBLIC, PUBLIC_NO_POST)],
    "hearings:detail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PH),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DH, label="a hearing being prepared is not public"),
    ],
    # Anyone may send a proposal while the consultation is open (no account needed).
    "hearings:propose": [
        Case(PUBLIC_NO_POST, PUBLIC, kwargs=PH, data={"text": "Көчөгө жарык орнотуу керек."}),
        Case(
            PUBLIC_NO_POST,
            NOWHERE,
            kwargs=DH,
            data={"text": "Көчөгө жарык орнотуу керек."},
            label="a hearing being prepared is not public",
        ),
    ],
    # Without the signed receipt of a proposal: back to the hearing (a redirect).
    "hearings:thanks": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PH),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DH, label="a hearing being prepared is not public"),
    ],
    "api:hearing-list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "api:hearing-detail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PH),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DH, label="a hearing being prepared is not public"),
    ],
    # --- Hearings: documents (hearings/public/ and hearings/workspace/ downloads) ----------------
    # Public: a public hearing's published kinds (the protocol and the report-back once closed),
    # never the sign-in sheet; a hearing being prepared is 404 for everyone, as if it did not exist.
    "hearings:document": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={**PH, "kind": "hearing_notice"}),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={**DH, "kind": "hearing_notice"},
            label="a hearing being prepared is not public",
        ),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={**PH, "kind": "hearing_sign_in_sheet"},
            label="the sign-in sheet is never public",
        ),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={**PH, "kind": "hearing_protocol"},
            label="the protocol once closed",
        ),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={**PH, "kind": "nothing"}, label="no such kind"),
    ],
    "hearings:material": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={**PH, "material_id": "public_material"}),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={**WH, "material_id": "ws_material"},
            label="a hearing being prepared is not public",
        ),
        Case(
            NOWHERE,
            PUBLIC_NO_POST,
            kwargs={**PH, "material_id": "ws_material"},
            label="another hearing's material",
        ),
    ],
    # Workspace: every kind, the blank sign-in sheet too, for those who may read the hearing.
    "hearings_ws:document": [
        Case(READ, NO_POST, kwargs={**WH, "kind": "hearing_sign_in_sheet"}),
        Case(NOBODY, NO_POST, kwargs={**WH, "kind": "hearing_protocol"}, label="the protocol once held"),
    ],
    "hearings_ws:documents_refresh": [Case(NO_GET, EDIT, kwargs=WH)],
    # --- Hearings: workspace (hearings/workspace/) -----------------------------------------------
    "hearings_ws:list": [Case(READ, NO_POST, kwargs={"mid": "municipality"})],
    "hearings_ws:create": [
        Case(
            EDIT,
            EDIT,
            kwargs={"mid": "municipality"},
            data={
                "kind": "other",
                "format": "hearing",
                "title": "Угуу",
                "starts_at": "2031-05-14T10:00",
                "place": "Клуб",
            },
        )
    ],
    "hearings_ws:detail": [Case(READ, NO_POST, kwargs=WH)],
    "hearings_ws:edit": [
        Case(
            READ,
            EDIT,
            kwargs=WH,
            data={
                "version": "ws_version",
                "kind": "sedp_draft",
                "format": "hearing",
                "program": "program",
                "title": "СЭӨП долбоору боюнча угуу",
                "starts_at": "2031-05-14T10:00",
                "place": "Клуб",
            },
        )
    ],
    "hearings_ws:transition": [
        Case(NO_GET, HEAD, kwargs={**WH, "action": "announce"}, data={"version": "ws_version"}),
        Case(
            NO_GET,
            HEAD,
            kwargs={**WA, "action": "postpone"},
            data={
                "version": "ws_announced_version",
                "postpone-new_start": "2031-06-01T10:00",
                "postpone-reason": "Сел",
            },
        ),
        Case(
            NO_GET,
            HEAD,
            kwargs={**WA, "action": "cancel"},
            data={"version": "ws_announced_version", "cancel-reason": "Жок"},
        ),
        Case(NO_GET, EDIT, kwargs={**WA, "action": "record_held"}, data={"version": "ws_announced_version"}),
        Case(NO_GET, HEAD, kwargs={**WH, "action": "close"}, data={"version": "ws_version"}),
        Case(NO_GET, NOBODY, kwargs={**WH, "action": "publish"}, label="no such step"),
    ],
    "hearings_ws:materials": [Case(READ, EDIT, kwargs=WH, data={"title": "Бюджет", "file": "ws_pdf"})],
    "hearings_ws:material_file": [Case(READ, NO_POST, kwargs={**WH, "material_id": "ws_material"})],
    "hearings_ws:material_remove": [Case(NO_GET, EDIT, kwargs={**WH, "material_id": "ws_material"})],
    "hearings_ws:attendance": [Case(READ, EDIT, kwargs=WH, data={"women": "31", "men": "24"})],
    "hearings_ws:sign_in_sheet": [Case(READ, NO_POST, kwargs=WH)],
    "hearings_ws:proposals": [Case(READ, NO_POST, kwargs=WH)],
    "hearings_ws:proposal_enter": [
        Case(EDIT, EDIT, kwargs=WA, data={"source": "oral", "text": "Мектепке жол салуу"})
    ],
    "hearings_ws:moderation": [Case(READ, NO_POST, kwargs=WH)],
    "hearings_ws:proposal": [
        Case(READ, EDIT, kwargs=WP, data={"disposition": "rejected", "answer": "Каражат жок"})
    ],
    "hearings_ws:proposal_moderate": [
        Case(NO_GET, EDIT, kwargs=WP, data={"decision": "hide", "hidden_reason": "off_topic"})
    ],
    "hearings_ws:proposal_link": [Case(NO_GET, EDIT, kwargs=WP, data={"part": "ws_part"})],
    "hearings_ws:proposal_activity": [Case(NO_GET, EDIT, kwargs=WP, data={"objective": "ws_objective"})],
    "hearings_ws:votes": [
        Case(
            READ,
            EDIT,
            kwargs=WH,
            data={
                "vote-tool": "ballot",
                "vote-question": "Биринчи муктаждык",
                "options-TOTAL_FORMS": "2",
                "options-INITIAL_FORMS": "0",
                "options-0-label": "Бала бакча",
                "options-0-votes_women": "30",
                "options-1-label": "Сугат суу",
                "options-1-votes_men": "20",
            },
        )
    ],
    "hearings_ws:vote": [
        Case(
            READ,
            EDIT,
            kwargs={**WH, "vote_id": "ws_vote"},
            data={
                "vote-tool": "mapping",
                "vote-question": "Биринчи муктаждык",
                "options-TOTAL_FORMS": "2",
                "options-INITIAL_FORMS": "0",
                "options-0-label": "Бала бакча",
                "options-1-label": "Спорт",
            },
        )
    ],
    "hearings_ws:follow": [Case(DASHBOARD, NO_POST)],
    "hearings_ws:follow_export_hearings": [Case(DASHBOARD, NO_POST)],
    "hearings_ws:follow_export_proposals": [Case(DASHBOARD, NO_POST)],
}

# Namespaces whose routes need no row each: Django's admin guards every one of its pages itself
# (the rows above visit the index and the reference lists).
WHOLE_NAMESPACES = {"admin": ADMIN_ONLY}

# The trainings' rows, one module per room (so that each room's rows and objects stay together).
TRAINING_ROOMS = (trainings_workspace, trainings_reports, trainings_documents)
# The monitoring's rows, one module per room, on the objects of tests/access/monitoring_objects.py.
MONITORING_ROOMS = (
    monitoring_workspace,
    monitoring_evidence,
    monitoring_exchange,
    monitoring_public,
    monitoring_rollups,
)
# The municipal services' rows, one module per room, on the objects of tests/access/services_objects.py.
SERVICES_ROOMS = (
    services_catalogue,
    services_joint_plans,
    services_public,
    services_initiatives,
    services_api,
)
for _room in (*TRAINING_ROOMS, *MONITORING_ROOMS, *SERVICES_ROOMS):
    assert not set(_room.ROUTES) & set(ROUTES), "a route declared twice"
    ROUTES.update(_room.ROUTES)
