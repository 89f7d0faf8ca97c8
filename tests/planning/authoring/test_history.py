"""The history of changes tells what happened, in words a municipal specialist reads.

A program is typed in, goes to review, is sent back, is changed by the staff through the pages,
goes again, is endorsed, approved by the council (with the signed scan) and published. Its
history page must show exactly these steps, and each change the way the person reads it.
"""

import re
from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planning.demo.sample import build_program
from planning.models import Activity, FundingSource, Program, WorkingGroupMember
from planning.review import workflow
from tests.factories import pdf_bytes
from tests.planning.helpers import as_typed_in, form_data, submit, url

pytestmark = pytest.mark.django_db

# The status labels as the Kyrgyz and Russian interfaces name them.
KY = {
    "draft": "долбоор",
    "submitted": "кароого жөнөтүлдү",
    "changes_requested": "өзгөртүү суралды",
    "endorsed": "макулдашылды",
    "approved": "айылдык кеңеш бекитти",
    "published": "жарыяланды",
    "superseded": "алмаштырылды",
}
RU = {
    "draft": "черновик",
    "submitted": "отправлена на рассмотрение",
    "changes_requested": "запрошены изменения",
    "endorsed": "одобрена",
    "approved": "утверждена кенешем",
    "published": "опубликована",
    "superseded": "заменена",
}
# What really happened, newest first.
STEPS = [
    ("approved", "published"),
    ("endorsed", "approved"),
    ("submitted", "endorsed"),
    ("changes_requested", "submitted"),
    ("submitted", "changes_requested"),
    ("draft", "submitted"),
]
PHONE = "0555 987 654"
NEW_PHONE = "0700 111 222"


def _fresh(program: Program) -> Program:
    return Program.objects.get(pk=program.pk)


def _row_index(data: dict, prefix: str, field: str, value: str) -> int:
    """The index of the formset row whose `field` is `value` in the page's form data."""
    for key, current in data.items():
        match = re.fullmatch(rf"{prefix}-(\d+)-{field}", key)
        if match and current == value:
            return int(match.group(1))
    raise AssertionError(f"no {prefix} row with {field}={value}")


def _staff_change_the_plan(client, world, program: Program) -> None:
    """What the staff change through the pages after the coordinator asked for changes."""
    client.force_login(world.staff_a)
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    used = set(activity.funding_lines.values_list("source_id", flat=True))
    source = FundingSource.objects.exclude(pk__in=used).order_by("order").first()
    address = url("activity", program.pk, activity.pk)
    year = f"y{activity.start_year}"
    # A new funding line, then its amount corrected.
    response = submit(client, address, rows={"funding": [{"source": source.pk, year: "150000"}]})
    assert response.status_code == 302
    data = form_data(client.get(address))
    data[f"funding-{_row_index(data, 'funding', 'source', str(source.pk))}-{year}"] = "1250000"
    assert client.post(address, data).status_code == 302

    # The working group: the order's date corrected and its scan attached; a member added with
    # her phone; then a member removed and the new one's phone changed; then the new
    # one renamed (which also moves her up one place, the removed member's place being free).
    address = url("working_group", program.pk)
    response = submit(
        client,
        address,
        {"order_date": "2024-04-10", "order_file": SimpleUploadedFile("буйрук.pdf", pdf_bytes())},
        rows={"members": [{"name": "Асанова", "gender": "f", "category": "lsg", "phone": PHONE}]},
    )
    assert response.status_code == 302
    data = form_data(client.get(address))
    data["members-3-DELETE"] = "on"
    data[f"members-{_row_index(data, 'members', 'name', 'Асанова')}-phone"] = NEW_PHONE
    assert client.post(address, data).status_code == 302
    data = form_data(client.get(address))
    data[f"members-{_row_index(data, 'members', 'name', 'Асанова')}-name"] = "Асанова Айгүл"
    assert client.post(address, data).status_code == 302
    member = WorkingGroupMember.objects.get(name="Асанова Айгүл")
    assert member.phone == NEW_PHONE
    assert list(member.history.order_by("history_date").values_list("order", flat=True)) == [8, 8, 7]


@pytest.fixture
def reviewed(client, world, reference):
    """A program that went the whole way: submitted, sent back, changed, submitted again, endorsed,
    approved by the council with the signed scan, published."""
    program = build_program(municipality=world.municipality_a, activities=6, start_year=2025, years=3)
    as_typed_in(program)
    workflow.program_submit(
        program=_fresh(program), user=world.head_a, expected_version=_fresh(program).version
    )
    workflow.program_request_changes(
        program=_fresh(program),
        user=world.coordinator_a,
        expected_version=_fresh(program).version,
        summary="Каржылоону тактаңыз.",
    )
    _staff_change_the_plan(client, world, program)
    workflow.program_submit(
        program=_fresh(program), user=world.head_a, expected_version=_fresh(program).version
    )
    workflow.program_endorse(
        program=_fresh(program), user=world.coordinator_a, expected_version=_fresh(program).version
    )
    workflow.program_record_approval(
        program=_fresh(program),
        user=world.head_a,
        expected_version=_fresh(program).version,
        number="19",
        decided_on=date(2025, 4, 7),
        scan=SimpleUploadedFile("чечим.pdf", b"%PDF-1.4 decision"),
    )
    workflow.program_publish(
        program=_fresh(program), user=world.head_a, expected_version=_fresh(program).version
    )
    return _fresh(program)


def _page_text(client, user, program: Program, language: str = "ky") -> str:
    """The history page's main text as a person reads it (tags dropped, spaces squeezed)."""
    client.force_login(user)
    response = client.get(url("history", program.pk, language=language))
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<h1") : html.index("</main>")]
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).replace(" :", ":")


def _steps_shown(text: str, labels: dict[str, str]) -> list[tuple[str, str]]:
    """Every "from → to" of two status labels on the page, in the page's order."""
    found = []
    for old, old_label in labels.items():
        for new, new_label in labels.items():
            for match in re.finditer(rf"{re.escape(old_label)} → {re.escape(new_label)}", text):
                found.append((match.start(), (old, new)))
    return [step for _, step in sorted(found)]


def test_every_step_of_the_review_appears_and_no_other(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed)
    assert _steps_shown(text, KY) == STEPS
    # Who took each step, and why, as on the timeline.
    assert "Каржылоону тактаңыз." in text
    assert world.coordinator_a.display_name in text and world.head_a.display_name in text


def test_the_signed_scans_show_as_attached_files_never_as_stored_paths(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed)
    assert "council-decisions/" not in text and "working-groups/" not in text
    assert "чечим.pdf" not in text and ".pdf" not in text
    assert "кол коюлган чечим (скан): файл тиркелди" in text
    assert "буйруктун скан-көчүрмөсү: файл тиркелди" in text


def test_dates_are_written_the_kyrgyz_way_not_iso(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), re.findall(r"\S*\d{4}-\d{2}-\d{2}\S*", text)
    assert "буйруктун датасы: 2024-жылдын 9-апрели → 2024-жылдын 10-апрели" in text
    # The council's decision, in the approval step's comment.
    assert "Кеңештин 2025-жылдын 7-апрелиндеги №19 чечими" in text


def test_a_changed_amount_shows_whole_soms_grouped(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed)
    assert "суммасы, сом: 150\xa0000 → 1\xa0250\xa0000" in text
    assert "1250000" not in text and "150000.00" not in text and ".00" not in text


def test_internal_counters_and_workflow_fields_are_left_out(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed)
    # The member moved up when the first one was removed: her position counter is not news.
    assert "order" not in text.lower()
    assert "8 → 7" not in text
    assert "аты-жөнү: Асанова → Асанова Айгүл" in text
    for hidden in ("version", "абалы: долбоор → айылдык", "жарыяланды:", "кеңештин чечиминин номери"):
        assert hidden not in text


def test_phone_numbers_never_appear(client, world, reviewed):
    text = _page_text(client, world.coordinator_a, reviewed)
    assert "Асанова Айгүл" in text
    assert PHONE not in text and NEW_PHONE not in text
    assert "0555" not in text and "0700" not in text


def test_in_russian_steps_dates_and_amounts_read_the_russian_way(client, world, reviewed):
    text = _page_text(client, world.staff_a, reviewed, language="ru")
    assert _steps_shown(text, RU) == STEPS
    assert "дата распоряжения: 9 апреля 2024 г. → 10 апреля 2024 г." in text
    assert "150\xa0000 → 1\xa0250\xa0000" in text
    assert "файл приложен" in text and "council-decisions/" not in text


def test_history_shows_who_changed_what(client, world, program_a):
    client.force_login(world.staff_a)
    assert submit(client, url("swot", program_a.pk), {"threats": "Сел жүрүү коркунучу"}).status_code == 302
    text = _page_text(client, world.staff_a, program_a)
    assert world.staff_a.get_full_name() in text
    assert "коркунучтар" in text  # the field, by its Kyrgyz name
    assert "Сел жүрүү коркунучу" in text


def test_history_never_shows_private_phone_numbers(client, world, program_a):
    client.force_login(world.staff_a)
    submit(
        client,
        url("working_group", program_a.pk),
        rows={"members": [{"name": "Асанова", "gender": "f", "category": "lsg", "phone": PHONE}]},
    )
    text = _page_text(client, world.coordinator_a, program_a)
    assert "Асанова" in text
    assert PHONE not in text


def test_the_head_letting_specialists_submit_is_in_the_history_with_the_heads_name(client, world, program_a):
    client.force_login(world.head_a)
    client.post(url("staff_may_submit", program_a.pk), {"allowed": "1"})
    text = _page_text(client, world.staff_a, program_a)
    assert "адистер жөнөтө алат: жок → ооба" in text
    assert world.head_a.display_name in text
