"""The hearings' workspace: staff prepare a hearing, the head announces and closes it, staff enter
what happened on paper. Who may press which button, what a refusal says (in Kyrgyz), and that a
refused or conflicting save changes nothing and keeps what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hearings.models import Attendance, Hearing, HearingStatusChange, Proposal
from tests.factories import HearingFactory, ProposalFactory, VillageFactory
from tests.planning.helpers import form_data, submit

pytestmark = pytest.mark.django_db

S = Hearing.Status


def ws(name: str, *args, language: str = "ky") -> str:
    with translation.override(language):
        return reverse(f"hearings_ws:{name}", args=args)


def body(response) -> str:
    return response.content.decode()


def announced(hearing: Hearing, *, starts=None) -> Hearing:
    Hearing.objects.filter(pk=hearing.pk).update(
        status=S.ANNOUNCED, starts_at=starts or timezone.now() - timedelta(hours=2)
    )
    hearing.refresh_from_db()
    return hearing


def new_hearing(**changes) -> dict:
    return {
        "kind": "budget_draft",
        "format": "hearing",
        "budget_year": "2027",
        "title": "2027-жылдын бюджети боюнча угуу",
        "starts_at": (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT10:00"),
        "place": "Маданият үйү",
        "summary": "Бюджеттин долбоору",
        **changes,
    }


# --- Preparing a hearing ------------------------------------------------------------------------


def test_staff_prepare_a_hearing_that_stays_in_the_workspace(client, world):
    village = VillageFactory(municipality=world.municipality_a, name_ky="Жаңы-Жол")
    client.force_login(world.staff_a)
    response = client.post(
        ws("create", world.municipality_a.pk),
        new_hearing(villages=[village.pk], channels=["poster", "messengers"]),
    )
    hearing = Hearing.objects.get()
    assert response.status_code == 302 and response["Location"] == ws("detail", hearing.pk)
    assert (hearing.status, hearing.municipality, hearing.channels) == (
        S.DRAFT,
        world.municipality_a,
        ["poster", "messengers"],
    )
    assert list(hearing.villages.all()) == [village]
    page = body(client.get(ws("list", world.municipality_a.pk)))
    assert hearing.title in page


def test_the_kind_specific_rules_are_said_in_kyrgyz_and_the_text_stays(client, world):
    client.force_login(world.staff_a)
    opens = timezone.localtime() + timedelta(days=3)
    response = client.post(
        ws("create", world.municipality_a.pk),
        new_hearing(
            kind="sedp_draft",
            title="СЭӨПтин долбоору",
            proposals_open_from=opens.strftime("%Y-%m-%dT%H:%M"),
            proposals_open_until=(opens - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    page = body(response)
    assert response.status_code == 200
    assert "Эч нерсе сакталган жок" in page  # nothing was saved
    assert "Угуу кайсы өнүгүү программасы жөнүндө экенин тандаңыз." in page  # the program
    assert "Сунуштарды кабыл алуу мөөнөтүнүн аягы анын башталышынан кийин болушу керек." in page
    assert 'value="СЭӨПтин долбоору"' in page
    assert not Hearing.objects.exists()

    response = client.post(ws("create", world.municipality_a.pk), new_hearing(budget_year=""))
    assert "Угуу кайсы жылдын бюджети жөнүндө экенин жазыңыз." in body(response)
    assert not Hearing.objects.exists()


def test_a_mini_gathering_needs_its_final_hearing_of_the_same_municipality(client, world, hearing_a):
    other = HearingFactory(municipality=world.municipality_b)
    client.force_login(world.staff_a)
    address = ws("create", world.municipality_a.pk)
    refused = client.post(address, new_hearing(format="mini_gathering", final_hearing=other.pk))
    assert "Тизмеден тандаңыз." in body(refused)  # not one of this municipality's hearings
    client.post(address, new_hearing(format="mini_gathering", final_hearing=hearing_a.pk))
    gathering = Hearing.objects.get(format="mini_gathering")
    assert gathering.final_hearing == hearing_a


def test_coordinators_read_but_cannot_prepare(client, world):
    client.force_login(world.coordinator_a)
    assert client.get(ws("list", world.municipality_a.pk)).status_code == 200
    assert client.post(ws("create", world.municipality_a.pk), new_hearing()).status_code == 403
    assert not Hearing.objects.exists()


# --- The workflow's buttons ------------------------------------------------------------------


def test_staff_cannot_announce_the_head_can(client, world, hearing_a):
    client.force_login(world.staff_a)
    button = f'action="{ws("transition", hearing_a.pk, "announce")}"'
    page = body(client.get(ws("detail", hearing_a.pk)))
    assert button not in page  # no button for staff
    assert "«Угууну жарыялоо» — айыл өкмөтүнүн башчысынын иши." in page  # who presses it
    refused = client.post(ws("transition", hearing_a.pk, "announce"), {"version": hearing_a.version})
    assert refused.status_code == 403
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.DRAFT
    assert not HearingStatusChange.objects.exists()

    client.force_login(world.head_a)
    assert button in body(client.get(ws("detail", hearing_a.pk)))
    response = client.post(ws("transition", hearing_a.pk, "announce"), {"version": hearing_a.version})
    assert response.status_code == 302
    hearing_a.refresh_from_db()
    assert hearing_a.status == S.ANNOUNCED
    change = HearingStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.by) == (S.DRAFT, S.ANNOUNCED, world.head_a)
    page = body(client.get(response["Location"]))
    assert "жарыяланды" in page.lower()  # the step's message and the history


def test_the_checklist_says_what_announcing_still_needs(client, world, hearing_a, settings):
    settings.HEARING_NOTICE_DAYS = 10
    Hearing.objects.filter(pk=hearing_a.pk).update(starts_at=timezone.now() + timedelta(days=4), summary="")
    client.force_login(world.head_a)
    page = body(client.get(ws("detail", hearing_a.pk)))
    assert "кеминде 10 күн мурун" in page  # the notice must be posted at least 10 days before
    assert "кыскача маалыматты жазыңыз же материалдарды тиркеңиз" in page  # something to read
    hearing_a.refresh_from_db()
    response = client.post(ws("transition", hearing_a.pk, "announce"), {"version": hearing_a.version})
    assert response.status_code == 200
    assert "Угууну азырынча жарыялоого болбойт" in body(response)
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.DRAFT


def test_postponing_asks_a_new_date_and_a_reason_and_keeps_what_was_typed(client, world, hearing_a):
    hearing = announced(hearing_a, starts=timezone.now() + timedelta(days=12))
    client.force_login(world.head_a)
    address = ws("transition", hearing.pk, "postpone")
    new_start = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        address, {"version": hearing.version, "postpone-new_start": new_start, "postpone-reason": " "}
    )
    page = body(response)
    assert response.status_code == 200
    assert "Угуу эмне үчүн кийинкиге калтырылганын жазыңыз" in page
    assert f'value="{new_start}"' in page  # the typed date is still there
    assert Hearing.objects.get(pk=hearing.pk).status == S.ANNOUNCED

    client.post(
        address, {"version": hearing.version, "postpone-new_start": new_start, "postpone-reason": "Жол жабык"}
    )
    hearing.refresh_from_db()
    assert (hearing.status, hearing.status_reason) == (S.POSTPONED, "Жол жабык")
    assert timezone.localtime(hearing.starts_at).strftime("%Y-%m-%dT%H:%M") == new_start


def test_a_button_pressed_on_a_stale_page_changes_nothing(client, world, hearing_a):
    hearing = announced(hearing_a)
    client.force_login(world.head_a)
    response = client.post(
        ws("transition", hearing.pk, "cancel"), {"version": hearing.version - 1, "cancel-reason": "Жок"}
    )
    assert "бетин ачкандан бери өзгөрдү" in body(response)
    assert Hearing.objects.get(pk=hearing.pk).status == S.ANNOUNCED


def test_an_unknown_step_is_404(client, world, hearing_a):
    client.force_login(world.head_a)
    assert client.post(ws("transition", hearing_a.pk, "publish"), {"version": 1}).status_code == 404


def test_closing_needs_every_answer_and_the_head(client, world, hearing_a):
    Hearing.objects.filter(pk=hearing_a.pk).update(status=S.HELD, minutes="Талкууланды")
    Attendance.objects.create(hearing=hearing_a, women=20, men=18)
    proposal = ProposalFactory(hearing=hearing_a)
    hearing_a.refresh_from_db()
    client.force_login(world.staff_a)
    page = body(client.get(ws("detail", hearing_a.pk)))
    assert f"№{proposal.number}" in page  # the checklist names the proposal without an answer
    assert (
        client.post(ws("transition", hearing_a.pk, "close"), {"version": hearing_a.version}).status_code
        == 403
    )
    client.force_login(world.head_a)
    client.post(ws("transition", hearing_a.pk, "close"), {"version": hearing_a.version})
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.HELD
    Proposal.objects.filter(pk=proposal.pk).update(disposition="accepted")
    client.post(ws("transition", hearing_a.pk, "close"), {"version": hearing_a.version})
    assert Hearing.objects.get(pk=hearing_a.pk).status == S.CLOSED


# --- Details and the edit conflict ---------------------------------------------------------------


def test_an_edit_conflict_keeps_the_typed_text_and_saves_nothing(client, world, hearing_a):
    client.force_login(world.staff_a)
    address = ws("edit", hearing_a.pk)
    page = client.get(address)
    data = form_data(page)
    # Meanwhile the head saves the details.
    other = HearingFactory._meta.model.objects.get(pk=hearing_a.pk)
    head_form = form_data(page)
    head_form["place"] = "Мектептин спорт залы"
    client.force_login(world.head_a)
    assert client.post(address, head_form).status_code == 302
    client.force_login(world.staff_a)
    data["summary"] = "Менин жазган текстим: кирешелер 12 млн сом"
    response = client.post(address, data)
    assert response.status_code == 409
    text = body(response)
    assert "Менин жазган текстим: кирешелер 12 млн сом" in text
    assert "Бул угууну азыр эле башка бирөө өзгөрттү" in text
    other.refresh_from_db()
    assert (other.place, other.summary) == ("Мектептин спорт залы", hearing_a.summary)
    # Saving again on purpose replaces it.
    again = form_data(response)
    assert client.post(address, again).status_code == 302
    assert Hearing.objects.get(pk=hearing_a.pk).summary == "Менин жазган текстим: кирешелер 12 млн сом"


def test_after_the_announcement_the_date_moves_only_by_postponing(client, world, hearing_a):
    hearing = announced(hearing_a, starts=timezone.now() + timedelta(days=15))
    client.force_login(world.staff_a)
    response = submit(client, ws("edit", hearing.pk), {"starts_at": "2040-01-01T10:00", "minutes": "Жок"})
    assert response.status_code == 302
    hearing_after = Hearing.objects.get(pk=hearing.pk)
    assert hearing_after.starts_at == hearing.starts_at
    assert hearing_after.minutes == "Жок"


def test_a_closed_hearing_is_read_only(client, world, hearing_a):
    Hearing.objects.filter(pk=hearing_a.pk).update(status=S.CLOSED)
    client.force_login(world.staff_a)
    page = client.get(ws("edit", hearing_a.pk))
    assert "disabled" in body(page)
    response = client.post(ws("edit", hearing_a.pk), {**new_hearing(), "version": "1", "title": "Башка"})
    assert response.status_code == 302
    assert Hearing.objects.get(pk=hearing_a.pk).title == hearing_a.title


# --- Attendance -----------------------------------------------------------------------------------


def test_attendance_is_entered_by_village_with_women_and_men_required(client, world, hearing_a):
    centre = hearing_a.municipality.villages.get()
    hearing_a.villages.set([centre])
    client.force_login(world.staff_a)
    address = ws("attendance", hearing_a.pk)
    refused = client.post(address, {"women": "", "men": "10", f"village_{centre.pk}_men": "12"})
    text = body(refused)
    assert "Бул талаа милдеттүү." in text  # women are required
    assert not Attendance.objects.exists()
    too_many = client.post(
        address, {"women": "5", "men": "10", f"village_{centre.pk}_men": "12", "youth": "40"}
    )
    text = body(too_many)
    assert "12 эркек" in text  # the villages add up to more men than came
    assert "Бул топ келгендердин баарынан (15) көп боло албайт." in text
    assert not Attendance.objects.exists()
    client.post(address, {"women": "31", "men": "24", "youth": "9", f"village_{centre.pk}_women": "20"})
    attendance = Attendance.objects.get()
    assert (attendance.women, attendance.men, attendance.youth) == (31, 24, 9)
    assert list(hearing_a.attendance_by_village.values_list("women", "men")) == [(20, 0)]


# --- Proposals: entering, moderating, answering ---------------------------------------------------


def test_a_paper_proposal_needs_its_form_number_and_is_published_at_once(client, world, hearing_a):
    hearing = announced(hearing_a)
    client.force_login(world.staff_a)
    address = ws("proposal_enter", hearing.pk)
    refused = client.post(address, {"source": "paper", "text": "Көчөгө жарык"})
    assert "Кагаз формада басылган номерди жазыңыз." in body(refused)
    assert "Көчөгө жарык</textarea>" in body(refused)
    assert not Proposal.objects.exists()
    client.post(address, {"source": "paper", "paper_form_number": "017", "text": "Көчөгө жарык"})
    proposal = Proposal.objects.get()
    assert (proposal.number, proposal.paper_form_number, proposal.moderation, proposal.entered_by) == (
        1,
        "017",
        Proposal.Moderation.PUBLISHED,
        world.staff_a,
    )


def test_a_coordinator_cannot_moderate_staff_can(client, world, hearing_a):
    hearing = announced(hearing_a)
    proposal = ProposalFactory(hearing=hearing, source="online", moderation="pending")
    address = ws("proposal_moderate", hearing.pk, proposal.pk)
    client.force_login(world.coordinator_a)
    queue = body(client.get(ws("moderation", hearing.pk)))
    assert proposal.text in queue and 'name="decision"' not in queue  # reads, no buttons
    assert client.post(address, {"decision": "publish"}).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).moderation == "pending"

    client.force_login(world.staff_a)
    refused = client.post(address, {"decision": "hide"}, follow=True)
    assert "Сунуш эмне үчүн жашырылганын тандаңыз." in body(refused)
    assert Proposal.objects.get(pk=proposal.pk).moderation == "pending"
    client.post(address, {"decision": "hide", "hidden_reason": "personal_data"})
    proposal.refresh_from_db()
    assert (proposal.moderation, proposal.hidden_reason, proposal.moderated_by) == (
        "hidden",
        "personal_data",
        world.staff_a,
    )
    assert proposal.text not in body(client.get(ws("moderation", hearing.pk)))


def test_answers_need_what_each_disposition_asks(client, world, hearing_a):
    hearing = announced(hearing_a)
    first = ProposalFactory(hearing=hearing, number=1)
    second = ProposalFactory(hearing=hearing, number=2)
    client.force_login(world.staff_a)
    address = ws("proposal", hearing.pk, second.pk)
    refused = client.post(address, {"disposition": "rejected", "answer": ""})
    assert "Чечимди тургунга түшүндүрүңүз: жооп милдеттүү." in body(refused)
    refused = client.post(address, {"disposition": "merged", "merged_into_number": "99"})
    assert "Бул угуунун кайсы сунушу менен бириктирилгенин тандаңыз." in body(refused)
    assert Proposal.objects.get(pk=second.pk).disposition == ""
    client.post(address, {"disposition": "merged", "merged_into_number": "1"})
    second.refresh_from_db()
    assert (second.disposition, second.merged_into) == ("merged", first)


def test_a_proposal_is_linked_to_a_part_of_the_plan_or_made_an_activity(client, world, hearing_a, program_a):
    from planning.models import Activity
    from tests.factories import GoalFactory, ObjectiveFactory, PriorityFactory

    priority = PriorityFactory(program=program_a, order=1, title="Суу")
    objective = ObjectiveFactory(goal=GoalFactory(priority=priority, order=1), order=1, title="Таза суу")
    Hearing.objects.filter(pk=hearing_a.pk).update(kind="sedp_draft", program=program_a)
    hearing = announced(hearing_a)
    proposal = ProposalFactory(hearing=hearing, text="Жаңы скважина казуу", disposition="accepted")
    client.force_login(world.staff_a)
    page = body(client.get(ws("proposal", hearing.pk, proposal.pk)))
    assert "1.1.1. Таза суу" in page  # the parts with their codes
    client.post(ws("proposal_link", hearing.pk, proposal.pk), {"part": f"priority:{priority.pk}"})
    proposal.refresh_from_db()
    assert (proposal.plan_part, proposal.plan_part_id) == ("priority", priority.pk)
    client.post(ws("proposal_activity", hearing.pk, proposal.pk), {"objective": objective.pk})
    proposal.refresh_from_db()
    activity = Activity.objects.get(objective=objective)
    assert activity.title == "Жаңы скважина казуу" and proposal.created_activity == activity


@pytest.mark.parametrize("part", ["priority", "goal", "objective", "activity", "indicator"])
def test_the_proposal_page_names_the_linked_part_of_every_kind(client, world, hearing_a, program_a, part):
    # A 500 once: the page read `name` of every part, and only an indicator has one (the others
    # have a title), so a proposal linked to a direction, goal, objective or activity broke it.
    from tests.factories import (
        ActivityFactory,
        GoalFactory,
        IndicatorFactory,
        ObjectiveFactory,
        PriorityFactory,
    )

    priority = PriorityFactory(program=program_a, order=1, title="Суу")
    goal = GoalFactory(priority=priority, order=1, title="Ичүүчү суу")
    objective = ObjectiveFactory(goal=goal, order=1, title="Таза суу")
    parts = {
        "priority": (priority, "Суу"),
        "goal": (goal, "Ичүүчү суу"),
        "objective": (objective, "Таза суу"),
        "activity": (ActivityFactory(objective=objective, title="Скважина казуу"), "Скважина казуу"),
        "indicator": (
            IndicatorFactory(objective=objective, name="Суу менен камсыз үйлөр"),
            "Суу менен камсыз үйлөр",
        ),
    }
    linked, words = parts[part]
    Hearing.objects.filter(pk=hearing_a.pk).update(kind="sedp_draft", program=program_a)
    hearing = announced(hearing_a)
    proposal = ProposalFactory(hearing=hearing, plan_part=part, plan_part_id=linked.pk)
    client.force_login(world.staff_a)
    response = client.get(ws("proposal", hearing.pk, proposal.pk))
    assert response.status_code == 200
    assert f'<span class="text">{words}</span>' in body(response)


def test_a_link_to_another_programs_part_is_refused(client, world, hearing_a, program_a):
    from tests.factories import PriorityFactory, ProgramFactory

    foreign = PriorityFactory(program=ProgramFactory(municipality=world.municipality_b))
    Hearing.objects.filter(pk=hearing_a.pk).update(kind="sedp_draft", program=program_a)
    proposal = ProposalFactory(hearing=hearing_a)
    client.force_login(world.staff_a)
    response = client.post(
        ws("proposal_link", hearing_a.pk, proposal.pk), {"part": f"priority:{foreign.pk}"}, follow=True
    )
    assert "угуунун программасында жок" in body(response)
    assert Proposal.objects.get(pk=proposal.pk).plan_part == ""


# --- Priority votes ------------------------------------------------------------------------------


def test_a_priority_vote_is_entered_with_votes_of_women_and_men(client, world, hearing_a):
    client.force_login(world.staff_a)
    address = ws("votes", hearing_a.pk)
    page = client.get(address)
    data = form_data(page)
    data.update(
        {
            "vote-tool": "problem_gallery",
            "vote-question": "Айылдын биринчи муктаждыгы",
            "options-0-label": "Мектепке чейинки билим берүү",
            "options-0-votes_women": "41",
            "options-0-votes_men": "22",
            "options-1-label": "Сугат суу",
            "options-1-votes_men": "30",
        }
    )
    assert client.post(address, data).status_code == 302
    vote = hearing_a.votes.get()
    assert [(o.label, o.votes_women, o.votes_men) for o in vote.options.all()] == [
        ("Мектепке чейинки билим берүү", 41, 22),
        ("Сугат суу", 0, 30),
    ]
    page = body(client.get(address))
    assert "Мектепке чейинки билим берүү" in page


def test_a_vote_of_one_option_is_refused(client, world, hearing_a):
    client.force_login(world.staff_a)
    address = ws("votes", hearing_a.pk)
    data = form_data(client.get(address))
    data.update({"vote-tool": "ballot", "vote-question": "Эмне?", "options-0-label": "Жол"})
    assert "Добуш берүүдө кеминде эки вариант болушу керек." in body(client.post(address, data))
    assert not hearing_a.votes.exists()


# --- Notifications and the workspace home ----------------------------------------------------------


def test_hearing_notifications_appear_next_to_the_plans(client, world, hearing_a, program_a):
    from planning.models import Notification

    Notification.objects.create(recipient=world.staff_a, program=program_a, kind="endorsed")
    client.force_login(world.head_a)
    client.post(ws("transition", hearing_a.pk, "announce"), {"version": hearing_a.version})
    client.force_login(world.staff_a)
    home = body(client.get(reverse("workspace_home")))
    assert '<span class="badge text-bg-danger">2' in home  # both unread, in the menu
    page = body(client.get(reverse("planning:notifications")))
    assert hearing_a.title in page and program_a.title in page
    assert ws("detail", hearing_a.pk) in page
    assert '<span class="badge text-bg-danger">' not in body(client.get(reverse("workspace_home")))


def test_the_workspace_home_links_to_hearings(client, world):
    client.force_login(world.staff_a)
    page = body(client.get(reverse("workspace_home")))
    assert ws("list", world.municipality_a.pk) in page and ws("follow") not in page
    client.force_login(world.coordinator_a)
    page = body(client.get(reverse("workspace_home")))
    assert ws("follow") in page and ws("list", world.municipality_a.pk) in page


# --- Hostile text --------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> \u202eтескери\u202c 🌾\x00 "&amp;'


def test_hostile_text_is_kept_escaped_on_every_page_and_never_a_500(client, world, hearing_a):
    hearing = announced(hearing_a)
    client.force_login(world.staff_a)
    response = client.post(
        ws("proposal_enter", hearing.pk), {"source": "oral", "text": HOSTILE, "author_name": HOSTILE}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.text == HOSTILE.replace("\x00", "").strip()  # only the NUL is dropped
    client.post(ws("proposal", hearing.pk, proposal.pk), {"disposition": "rejected", "answer": HOSTILE})
    assert Proposal.objects.get(pk=proposal.pk).disposition == "rejected"
    ProposalFactory(hearing=hearing, source="online", moderation="pending", text=HOSTILE.replace("\x00", ""))
    for name, args in [
        ("proposals", (hearing.pk,)),
        ("proposal", (hearing.pk, proposal.pk)),
        ("moderation", (hearing.pk,)),
    ]:
        response = client.get(ws(name, *args))
        page = body(response)
        assert response.status_code == 200
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page, name
        assert "🌾" in page


def test_a_text_of_10000_characters_gets_a_message_and_stays(client, world, hearing_a):
    hearing = announced(hearing_a)
    client.force_login(world.staff_a)
    response = client.post(ws("proposal_enter", hearing.pk), {"source": "oral", "text": "сөз " * 2500})
    assert response.status_code == 200
    assert "3000" in body(response) and "сөз сөз сөз" in body(response)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("edit", {"version": "abc", "starts_at": "not a date", "kind": "x", "budget_year": "1e9"}),
        ("transition/postpone", {"version": "x", "postpone-new_start": "32.13.2026", "postpone-reason": "a"}),
        ("proposal_link", {"part": "activity:abc"}),
        ("proposal_activity", {"objective": "9999999999999999999999"}),
        ("proposal", {"disposition": "merged", "merged_into_number": "99999999999999999999999"}),
        ("votes", {"vote-tool": "ballot", "options-TOTAL_FORMS": "5000"}),
    ],
)
def test_nonsense_posted_gets_a_page_not_a_500(client, world, hearing_a, name, data):
    hearing = announced(hearing_a)
    proposal = ProposalFactory(hearing=hearing)
    client.force_login(world.head_a)
    base = f"/ky/workspace/hearings/{hearing.pk}"
    address = {
        "edit": f"{base}/details/",
        "transition/postpone": f"{base}/transition/postpone/",
        "proposal_link": f"{base}/proposals/{proposal.pk}/link/",
        "proposal_activity": f"{base}/proposals/{proposal.pk}/activity/",
        "proposal": f"{base}/proposals/{proposal.pk}/",
        "votes": f"{base}/votes/",
    }[name]
    response = client.post(address, data)
    assert response.status_code in (200, 302), response.status_code
    assert Hearing.objects.get(pk=hearing.pk).status == S.ANNOUNCED
