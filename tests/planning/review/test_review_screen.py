"""A review that is easy to follow: the screen opens with the decision and the open comments, each
a link to its place; the overview of a program sent back shows the coordinator's message; after
an answer the page opens at the comment with its message there."""

import re

import pytest
from django.utils import timezone

from planning.demo.sample import build_program
from planning.models import Activity, Program, ReviewComment, ReviewRound
from planning.selectors import plan_tree
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db

S = Program.Status


@pytest.fixture
def program(world, reference):
    program = build_program(municipality=world.municipality_a, activities=4, start_year=2025, years=3)
    Program.objects.filter(pk=program.pk).update(status=S.SUBMITTED)
    ReviewRound.objects.create(program=program, number=1, submitted_by=world.head_a)
    return Program.objects.get(pk=program.pk)


def comment(program, world, *, part="swot", part_id=None, text="Коркунучтарды толуктаңыз", resolved=False):
    return ReviewComment.objects.create(
        program=program,
        part=part,
        part_id=part_id,
        part_label=f"label of {part}",
        author=world.coordinator_a,
        text=text,
        resolved_at=timezone.now() if resolved else None,
    )


def main(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


def test_the_review_opens_with_the_decision_then_the_open_comments_then_the_rounds(client, world, program):
    activity = plan_tree(program).activities[0]
    on_activity = comment(program, world, part="activity", part_id=activity.pk, text="Аталышын тактаңыз")
    on_swot = comment(program, world)
    done = comment(program, world, part="vision", text="Элести кыскартыңыз", resolved=True)
    client.force_login(world.coordinator_a)

    body = main(client.get(url("review", program.pk, language="en")).content.decode())
    decision = body.index('id="decision"')
    listing = body.index('id="open-comments"')
    rounds = body.index('id="round-heading"')
    parts = body.index('id="part-program"')
    assert decision < listing < rounds < parts
    # the decision: the state, who acts, and this coordinator's two choices
    assert "Status: submitted for review" in body[decision:listing]
    assert "endorse it or request changes" in body[decision:listing]
    assert "Request changes…" in body[decision:listing] and "Endorse…" in body[decision:listing]

    open_list = body[listing:rounds]
    for item in (on_activity, on_swot):
        assert f'href="#comment-{item.pk}"' in open_list
        assert f'id="comment-{item.pk}"' in body, "the link has a place to go to"
    assert f'href="#comment-{done.pk}"' not in open_list
    assert 'href="#open-comments">2 open comments.</a>' in body[decision:listing]


def test_a_comment_whose_part_was_removed_still_has_its_place(client, world, program):
    activity = plan_tree(program).activities[0]
    orphan = comment(program, world, part="activity", part_id=activity.pk)
    Activity.objects.filter(pk=activity.pk).delete()
    client.force_login(world.coordinator_a)
    body = client.get(url("review", program.pk)).content.decode()
    assert f'href="#comment-{orphan.pk}"' in body and f'id="comment-{orphan.pk}"' in body


def test_the_overview_of_a_program_sent_back_shows_the_message_and_links_each_open_comment(
    client, world, program
):
    first = comment(program, world)
    second = comment(program, world, part="vision", text="Элести кыскартыңыз")
    client.force_login(world.coordinator_a)
    client.post(
        url("transition", program.pk, "request_changes"),
        {"version": program.version, "comment": "Эки пикирди караңыз,\nанан кайра жөнөтүңүз", "confirm": "1"},
    )
    assert Program.objects.get(pk=program.pk).status == S.CHANGES_REQUESTED

    client.force_login(world.staff_a)
    body = main(client.get(url("overview", program.pk, language="en")).content.decode())
    assert "Эки пикирди караңыз,<br>анан кайра жөнөтүңүз" in body
    assert "Changes requested by" in body
    review = url("review", program.pk, language="en")
    assert f'<a href="{review}#open-comments">Review and comments: 2 open comments</a>' in body
    for item in (first, second):
        assert f'href="{review}#comment-{item.pk}"' in body
    # the review screen repeats the message at the top of the decision
    screen = main(client.get(review).content.decode())
    assert screen.index("анан кайра жөнөтүңүз") < screen.index('id="open-comments"')


def test_one_open_comment_is_a_link(client, world, program):
    comment(program, world)
    client.force_login(world.staff_a)
    body = client.get(url("overview", program.pk, language="en")).content.decode()
    assert re.search(r'<a href="[^"]+#open-comments">Review and comments: 1 open comment</a>', body)


def test_after_an_answer_the_page_opens_at_the_comment_with_the_message_beside_it(client, world, program):
    item = comment(program, world)
    client.force_login(world.staff_a)
    review = url("review", program.pk, language="en")
    response = client.post(
        url("comment_reply", program.pk, item.pk, language="en"),
        {"text": "Толуктадык", "next": f"{review}#comment-{item.pk}"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{review}#comment-{item.pk}"

    body = main(client.get(review).content.decode())
    thread = body[body.index(f'id="comment-{item.pk}"') :]
    thread = thread[: thread.index("</article>")]
    assert "Your answer is saved." in thread
    assert body.count("Your answer is saved.") == 1, "shown beside the comment, not twice"
    # the next page shows it no more
    assert "Your answer is saved." not in client.get(review).content.decode()


def test_an_answer_on_a_workspace_page_comes_back_to_that_page_at_the_comment(client, world, program):
    activity = plan_tree(program).activities[0]
    item = comment(program, world, part="activity", part_id=activity.pk)
    client.force_login(world.staff_a)
    page = url("activity", program.pk, activity.pk, language="en")
    response = client.post(
        url("comment_resolve", program.pk, item.pk, language="en"), {"resolved": "1", "next": page}
    )
    assert response["Location"] == f"{page}#comment-{item.pk}"


def test_a_new_comment_takes_the_reviewer_back_to_it(client, world, program):
    client.force_login(world.coordinator_a)
    review = url("review", program.pk, language="en")
    response = client.post(
        url("comment_add", program.pk, language="en"),
        {"part": "swot", "text": "Мүмкүнчүлүктөрдү кошуңуз", "next": f"{review}#part-swot"},
    )
    added = ReviewComment.objects.get(program=program)
    assert response["Location"] == f"{review}#comment-{added.pk}"
    body = main(client.get(review).content.decode())
    thread = body[body.index(f'id="comment-{added.pk}"') :]
    assert "The comment is added." in thread[: thread.index("</article>")]


def test_an_empty_answer_says_so_beside_the_comment(client, world, program):
    item = comment(program, world)
    client.force_login(world.staff_a)
    review = url("review", program.pk, language="en")
    client.post(url("comment_reply", program.pk, item.pk, language="en"), {"text": "  ", "next": review})
    body = main(client.get(review).content.decode())
    thread = body[body.index(f'id="comment-{item.pk}"') :]
    assert "The comment is empty." in thread[: thread.index("</article>")]
    assert not item.replies.exists()


@pytest.mark.parametrize("name", ["review", "overview"])
def test_the_pages_cost_no_query_per_comment(client, world, program, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models import CommentReply

    client.force_login(world.staff_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, program.pk)).status_code == 200
        return len(captured)

    comment(program, world)
    client.get(url(name, program.pk))
    few = queries()
    for number in range(12):
        item = comment(program, world, part="vision", text=f"Пикир {number}")
        CommentReply.objects.create(comment=item, author=world.staff_a, text="Жооп")
    assert queries() == few


def test_an_answer_on_the_activity_page_shows_its_message_in_the_comment(client, world, program):
    activity = plan_tree(program).activities[0]
    Program.objects.filter(pk=program.pk).update(status=S.CHANGES_REQUESTED)
    item = comment(program, world, part="activity", part_id=activity.pk)
    client.force_login(world.staff_a)
    page = url("activity", program.pk, activity.pk, language="en")
    client.post(url("comment_reply", program.pk, item.pk, language="en"), {"text": "Тактадык", "next": page})
    body = main(client.get(page).content.decode())
    thread = body[body.index(f'id="comment-{item.pk}"') :]
    assert "Your answer is saved." in thread[: thread.index("</article>")]
    assert body.count("Your answer is saved.") == 1
