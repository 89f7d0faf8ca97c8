"""Proposals and votes: what the services accept, refuse and keep private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hearings import services
from hearings.models import Hearing, Proposal
from planning.demo.sample import build_program
from planning.models import Activity, Program
from tests.factories import HearingFactory, ProposalFactory, VillageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_hearing(hearing_a):
    now = timezone.now()
    Hearing.objects.filter(pk=hearing_a.pk).update(
        status=Hearing.Status.ANNOUNCED, proposals_open_from=now - timedelta(days=1)
    )
    hearing_a.refresh_from_db()
    return hearing_a


def _send(hearing, **fields):
    fields.setdefault("text", "Мектепке жол салып бериңиздер.")
    fields.setdefault("client", "203.0.113.7")
    return services.proposal_submit_online(hearing=hearing, **fields)


def test_an_online_proposal_waits_for_moderation_and_keeps_its_contact_private(open_hearing):
    proposal = _send(open_hearing, author_name="Айгүл", contact="+996 555 000 111", gender="f")
    assert proposal.number == 1 and proposal.moderation == Proposal.Moderation.PENDING
    assert proposal.public_name == ""  # no consent given
    assert proposal.contact == "+996 555 000 111"


def test_the_name_is_public_only_with_consent_and_a_name(open_hearing):
    assert _send(open_hearing, author_name="Айгүл", name_may_be_published=True).public_name == "Айгүл"
    assert _send(open_hearing, author_name=" ", name_may_be_published=True).name_may_be_published is False


@pytest.mark.parametrize("status", ["draft", "held", "closed", "cancelled"])
def test_online_proposals_only_while_the_consultation_is_open(hearing_a, status):
    Hearing.objects.filter(pk=hearing_a.pk).update(status=status)
    hearing_a.refresh_from_db()
    with pytest.raises(services.HearingError):
        _send(hearing_a)
    assert not Proposal.objects.exists()


def test_after_the_window_closes_no_online_proposal(open_hearing):
    Hearing.objects.filter(pk=open_hearing.pk).update(
        proposals_open_until=timezone.now() - timedelta(minutes=1)
    )
    open_hearing.refresh_from_db()
    with pytest.raises(services.HearingError):
        _send(open_hearing)


@pytest.mark.parametrize(
    ("text", "field"), [("", "text"), ("ок", "text"), ("х" * 3001, "text")], ids=["empty", "short", "long"]
)
def test_texts_too_short_or_too_long_are_refused_by_field(open_hearing, text, field):
    with pytest.raises(services.HearingError) as refused:
        _send(open_hearing, text=text)
    assert refused.value.field == field


def test_nul_characters_are_dropped_and_hostile_text_is_kept_as_text(open_hearing):
    proposal = _send(open_hearing, text="<script>alert(1)</script>\x00 \u202eтекст 🙂")
    assert "\x00" not in proposal.text and "<script>" in proposal.text


def test_one_address_cannot_flood_the_moderators(open_hearing):
    for _ in range(services.ONLINE_PROPOSALS_PER_WINDOW):
        _send(open_hearing)
    with pytest.raises(services.HearingError):
        _send(open_hearing)
    _send(open_hearing, client="198.51.100.4")  # another address is not held back
    assert Proposal.objects.count() == services.ONLINE_PROPOSALS_PER_WINDOW + 1


def test_a_village_of_another_municipality_is_refused(open_hearing):
    elsewhere = VillageFactory()
    with pytest.raises(services.HearingError):
        _send(open_hearing, village=elsewhere)


def test_staff_enter_paper_proposals_with_the_forms_number(world, open_hearing):
    with pytest.raises(services.HearingError):
        services.proposal_enter(hearing=open_hearing, user=world.staff_a, source="paper", text="Суу түтүгү")
    proposal = services.proposal_enter(
        hearing=open_hearing, user=world.staff_a, source="paper", text="Суу түтүгү", paper_form_number="017"
    )
    assert proposal.moderation == Proposal.Moderation.PUBLISHED and proposal.paper_form_number == "017"


@pytest.mark.parametrize("persona", ["coordinator_a", "admin", "staff_b"])
def test_only_the_municipalitys_staff_enter_moderate_and_answer(world, open_hearing, persona):
    user = world.persona(persona)
    proposal = ProposalFactory(hearing=open_hearing, moderation=Proposal.Moderation.PENDING)
    with pytest.raises(services.HearingError):
        services.proposal_enter(hearing=open_hearing, user=user, source="oral", text="Сунуш")
    with pytest.raises(services.HearingError):
        services.proposal_moderate(proposal=proposal, user=user, publish=True)
    proposal.refresh_from_db()
    assert proposal.moderation == Proposal.Moderation.PENDING


def test_hiding_needs_a_reason(world, open_hearing):
    proposal = ProposalFactory(hearing=open_hearing, moderation=Proposal.Moderation.PENDING)
    with pytest.raises(services.HearingError):
        services.proposal_moderate(proposal=proposal, user=world.staff_a, publish=False, reason="")
    services.proposal_moderate(proposal=proposal, user=world.staff_a, publish=False, reason="spam")
    proposal.refresh_from_db()
    assert (proposal.moderation, proposal.hidden_reason) == ("hidden", "spam")


def test_a_rejection_needs_an_answer_and_a_merge_a_proposal_of_the_same_hearing(world, open_hearing):
    proposal = ProposalFactory(hearing=open_hearing)
    other_hearing = ProposalFactory(hearing=HearingFactory(municipality=open_hearing.municipality))
    with pytest.raises(services.HearingError):
        services.proposal_answer(proposal=proposal, user=world.staff_a, disposition="rejected")
    with pytest.raises(services.HearingError):
        services.proposal_answer(
            proposal=proposal, user=world.staff_a, disposition="merged", merged_into=other_hearing
        )
    with pytest.raises(services.HearingError):
        services.proposal_answer(proposal=proposal, user=world.staff_a, disposition="outside_competence")
    services.proposal_answer(
        proposal=proposal,
        user=world.staff_a,
        disposition="outside_competence",
        referred_to="Райондук билим бөлүмү",
    )
    proposal.refresh_from_db()
    assert proposal.referred_to == "Райондук билим бөлүмү"


def test_an_accepted_proposal_becomes_an_activity_that_remembers_it(world, reference, open_hearing):
    program = build_program(municipality=world.municipality_a, activities=4, start_year=2026, years=3)
    Hearing.objects.filter(pk=open_hearing.pk).update(kind=Hearing.Kind.SEDP_DRAFT, program=program)
    open_hearing.refresh_from_db()
    proposal = ProposalFactory(hearing=open_hearing, disposition="accepted", text="Бала бакча куруу")
    objective = program.priorities.first().goals.first().objectives.first()
    services.proposal_make_activity(proposal=proposal, user=world.staff_a, objective=objective)
    proposal.refresh_from_db()
    activity = Activity.objects.get(pk=proposal.created_activity_id)
    assert activity.title == "Бала бакча куруу" and activity.from_proposal == proposal
    assert (proposal.plan_part, proposal.plan_part_id) == ("activity", activity.pk)
    with pytest.raises(services.HearingError):  # once only
        services.proposal_make_activity(proposal=proposal, user=world.staff_a, objective=objective)


def test_no_activity_is_added_to_a_frozen_program(world, reference, open_hearing):
    program = build_program(municipality=world.municipality_a, activities=2, start_year=2026, years=3)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.SUBMITTED)
    Hearing.objects.filter(pk=open_hearing.pk).update(kind=Hearing.Kind.SEDP_DRAFT, program=program)
    open_hearing.refresh_from_db()
    proposal = ProposalFactory(hearing=open_hearing, disposition="accepted")
    objective = program.priorities.first().goals.first().objectives.first()
    before = Activity.objects.count()
    with pytest.raises(services.HearingError):
        services.proposal_make_activity(proposal=proposal, user=world.staff_a, objective=objective)
    assert Activity.objects.count() == before


def test_a_link_must_be_a_part_of_the_hearings_program(world, reference, open_hearing):
    program = build_program(municipality=world.municipality_a, activities=2, start_year=2026, years=3)
    other = build_program(municipality=world.municipality_b, activities=2, start_year=2026, years=3)
    Hearing.objects.filter(pk=open_hearing.pk).update(kind=Hearing.Kind.SEDP_DRAFT, program=program)
    open_hearing.refresh_from_db()
    proposal = ProposalFactory(hearing=open_hearing)
    foreign = Activity.objects.filter(objective__goal__priority__program=other).first()
    with pytest.raises(services.HearingError):
        services.proposal_link(proposal=proposal, user=world.staff_a, part="activity", part_id=foreign.pk)
    own = Activity.objects.filter(objective__goal__priority__program=program).first()
    services.proposal_link(proposal=proposal, user=world.staff_a, part="activity", part_id=own.pk)
    proposal.refresh_from_db()
    assert proposal.plan_part_id == own.pk


def test_a_vote_keeps_its_options_and_links_only_the_programs_directions(world, reference, open_hearing):
    program = build_program(municipality=world.municipality_a, activities=2, start_year=2026, years=3)
    other = build_program(municipality=world.municipality_b, activities=2, start_year=2026, years=3)
    Hearing.objects.filter(pk=open_hearing.pk).update(program=program)
    open_hearing.refresh_from_db()
    vote = services.vote_save(
        hearing=open_hearing,
        user=world.staff_a,
        tool="problem_gallery",
        question="Эмнеден баштайбыз?",
        options=[
            {"label": "Мектепке чейинки билим берүү", "votes_women": 41, "votes_men": 22,
             "priority": program.priorities.first()},
            {"label": "Сугат суу", "votes_women": 12, "votes_men": 30, "priority": other.priorities.first()},
        ],
    )  # fmt: skip
    from hearings.selectors import votes_of

    [shown] = votes_of(open_hearing)
    assert shown.pk == vote.pk and shown.winner.label == "Мектепке чейинки билим берүү"
    assert [o.priority_id for o in shown.option_list] == [program.priorities.first().pk, None]
