"""Snapshots of a program at a submission, and what changed between two of them."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planning.demo.sample import build_program
from planning.models import (
    Activity,
    FundingLine,
    FundingSource,
    GeneralCharacteristics,
    KeyFigure,
    Objective,
    SectorAnalysis,
    WorkingGroupMember,
)
from planning.review.snapshot import PartChange, diff_summary, program_snapshot, snapshot_diff, word_diff
from planning.selectors import plan_tree
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kyrgyz():
    with translation.override("ky"):
        yield


@pytest.fixture
def program():
    return build_program(municipality=MunicipalityFactory(), activities=10)


def stored(snapshot: dict) -> dict:
    """The snapshot as it comes back from ReviewRound.snapshot (a JSONField)."""
    return json.loads(json.dumps(snapshot))


def first_activity(program) -> Activity:
    return plan_tree(program).activities[0]


def only_change(changes: list[PartChange]) -> PartChange:
    assert len(changes) == 1, [(c.kind, c.part, c.label) for c in changes]
    return changes[0]


MARK = re.compile(
    r'<(del|ins) class="diff-(?:del|ins)"><span class="diff-sign" aria-hidden="true">[−+]</span>'
    r'<span class="visually-hidden">[^<]*</span>'
)


def simple(html: str) -> str:
    """The diff's marks without their signs and screen-reader words: <del>…</del>, <ins>…</ins>."""
    return MARK.sub(lambda m: f"<{m.group(1)}>", str(html))


# --- The snapshot ------------------------------------------------------------------------------


def test_snapshot_is_json_and_has_no_phone_numbers(program):
    WorkingGroupMember.objects.filter(working_group__program=program).update(phone="+996 555 123 456")
    text = json.dumps(program_snapshot(program), ensure_ascii=False)
    assert "555" not in text
    assert "phone" not in text
    assert "Мүчө 1" in text  # the members are there, without their phones


def test_snapshot_keeps_ids_codes_strings_and_iso_dates(program):
    snapshot = program_snapshot(program)
    activity = first_activity(program)
    first = snapshot["priorities"][0]["goals"][0]["objectives"][0]["activities"][0]
    assert first["id"] == activity.pk
    assert first["code"] == "1.1.1.1"
    assert first["sector"] == activity.sector.name_ky
    assert first["funding"][0]["amount"] == "10000.00"
    assert snapshot["working_group"]["order_date"] == "2024-04-09"
    assert snapshot["working_group"]["members"][0]["is_chair"] is True
    assert snapshot["characteristics"]["area_ha"] == "12500.00"
    indicator = snapshot["priorities"][0]["goals"][0]["objectives"][0]["indicators"][0]
    assert indicator["code"] == "1.1.1.1"
    assert [t["year"] for t in indicator["targets"]] == [2025, 2026, 2027, 2028, 2029]
    assert (
        snapshot["sectors"][0]["sector_id"]
        == SectorAnalysis.objects.filter(program=program).first().sector_id
    )


def snapshot_queries(activities: int) -> int:
    program = build_program(municipality=MunicipalityFactory(), activities=activities)
    with CaptureQueriesContext(connection) as captured:
        program_snapshot(program)
    return len(captured)


def test_snapshot_queries_do_not_grow_with_the_plan():
    small, large = snapshot_queries(10), snapshot_queries(300)
    assert small == large
    # The program with its characteristics, working group and SWOT (1); members, tasks,
    # meetings (3); sector analyses and key figures (2); the plan tree: directions, goals,
    # objectives, activities, funding lines, indicators, targets (7).
    assert small == 13


# --- The diff ----------------------------------------------------------------------------------


def test_identical_snapshots_have_no_changes(program):
    first = stored(program_snapshot(program))
    assert snapshot_diff(first, program_snapshot(program)) == []
    assert diff_summary([]) == {"added": 0, "removed": 0, "changed": 0, "total": 0}


def test_changed_title_marks_only_the_changed_words(program):
    activity = first_activity(program)
    activity.title = "Суу түтүгүн алмаштыруу"
    activity.save()
    before = stored(program_snapshot(program))
    activity.title = "Суу түтүгүн оңдоо"
    activity.save()

    change = only_change(snapshot_diff(before, program_snapshot(program)))
    assert (change.kind, change.part, change.part_id) == ("changed", "activity", activity.pk)
    assert change.label == "1.1.1.1 Суу түтүгүн оңдоо"
    (title,) = change.fields
    assert title.name == str(Activity._meta.get_field("title").verbose_name).capitalize()
    assert (title.old, title.new) == ("Суу түтүгүн алмаштыруу", "Суу түтүгүн оңдоо")
    assert simple(title.html) == "Суу түтүгүн <del>алмаштыруу</del> <ins>оңдоо</ins>"


def test_word_diff_keeps_whitespace_and_groups_a_replaced_phrase():
    assert simple(word_diff("бир эки үч", "бир эки үч төрт")) == "бир эки үч <ins>төрт</ins>"
    assert simple(word_diff("бир эки үч", "бир үч")) == "бир <del>эки</del> үч"
    assert simple(word_diff("a b c d", "a x y d")) == "a <del>b c</del> <ins>x y</ins> d"
    assert (
        simple(word_diff("биринчи\nэкинчи", "биринчи\nүчүнчү"))
        == "биринчи<br>\n<del>экинчи</del> <ins>үчүнчү</ins>"
    )
    assert simple(word_diff("", "жаңы текст")) == "<ins>жаңы текст</ins>"


def test_a_deletion_and_the_insertion_after_it_do_not_run_together():
    html = word_diff("Малды багуу", "Алыскы жайыттарда малды багуу")
    text = re.sub(r"<[^>]+>", "", MARK.sub("", str(html)))
    assert "МалдыАлыскы" not in text and "алыскыАлыскы" not in text.lower()
    assert simple(word_diff("Малды", "Алыскы")) == "<del>Малды</del> <ins>Алыскы</ins>"


def test_the_diff_marks_do_not_rest_on_colour_alone():
    """WCAG 1.4.1: each mark has a visible sign and a word a screen reader reads."""
    html = str(word_diff("эски сөз", "жаңы сөз"))
    assert '<del class="diff-del"><span class="diff-sign" aria-hidden="true">−</span>' in html
    assert '<ins class="diff-ins"><span class="diff-sign" aria-hidden="true">+</span>' in html
    hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span>', html)
    assert hidden == ["өчүрүлгөн: ", "кошулган: "]
    with translation.override("ru"):
        hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span>', str(word_diff("а", "б")))
    assert hidden == ["удалено: ", "добавлено: "]


def test_changed_amount_shows_old_and_new_grouped_for_the_language(program):
    activity = first_activity(program)
    line = FundingLine.objects.filter(activity=activity).order_by("source__order", "year").first()
    line.amount = Decimal("150000")
    line.save()
    before = stored(program_snapshot(program))
    line.amount = Decimal("200000")
    line.save()
    after = program_snapshot(program)

    (field,) = only_change(snapshot_diff(before, after)).fields
    assert field.name.endswith(f"{line.source.name_ky}, {line.year}")
    assert (field.old, field.new) == ("150\xa0000", "200\xa0000")
    assert simple(field.html) == "<del>150\xa0000</del> → <ins>200\xa0000</ins>"
    with translation.override("en"):
        (field,) = snapshot_diff(before, after)[0].fields
        assert simple(field.html) == "<del>150,000</del> → <ins>200,000</ins>"


def test_new_and_removed_funding_lines_show(program):
    activity = first_activity(program)
    before = stored(program_snapshot(program))
    used = set(FundingLine.objects.filter(activity=activity).values_list("source", flat=True))
    unused = FundingSource.objects.exclude(pk__in=used).first()
    FundingLine.objects.create(activity=activity, source=unused, year=2027, amount=Decimal("5000"))
    removed = FundingLine.objects.filter(activity=activity).exclude(source=unused).first()
    removed_amount = intcomma(int(removed.amount))
    removed.delete()

    fields = only_change(snapshot_diff(before, program_snapshot(program))).fields
    htmls = {f.name: simple(f.html) for f in fields}
    assert htmls[f"Каржылоо сабы: {unused.name_ky}, 2027"] == "<ins>5\xa0000</ins>"
    assert htmls[f"Каржылоо сабы: {removed.source.name_ky}, {removed.year}"] == f"<del>{removed_amount}</del>"


def test_added_and_removed_activities(program):
    before = stored(program_snapshot(program))
    objective = (
        Objective.objects.filter(goal__priority__program=program).order_by("goal__order", "order").last()
    )
    old = first_activity(program)
    new = Activity.objects.create(
        objective=objective,
        title="Жаңы мектеп куруу",
        order=99,
        sector=old.sector,
        responsible="Айыл өкмөтү",
        start_year=2026,
        end_year=2026,
        for_youth=True,
    )
    FundingLine.objects.create(
        activity=new, source=FundingSource.objects.first(), year=2026, amount=Decimal("1000000")
    )
    old_id = old.pk
    old.delete()

    changes = snapshot_diff(before, program_snapshot(program))
    assert [(c.kind, c.part, c.part_id) for c in changes] == [
        ("removed", "activity", old_id),
        ("added", "activity", new.pk),
    ]
    removed, added = changes
    assert removed.label == "1.1.1.1 Иш-чара 1"
    assert removed.fields == []
    code = next(o.code for o in plan_tree(program).objectives if o.pk == objective.pk)
    assert added.label == f"{code}.{len(objective.activities.all())} Жаңы мектеп куруу"
    shown = {f.name: simple(f.html) for f in added.fields}
    assert shown["Иш-чара"] == "<ins>Жаңы мектеп куруу</ins>"
    assert shown["Жаштар"] == "<ins>ооба</ins>"
    assert "Аялдар" not in shown  # a tag not set is not listed for a new activity
    assert any("1\xa0000\xa0000" in html for html in shown.values())
    assert diff_summary(changes) == {"added": 1, "removed": 1, "changed": 0, "total": 2}


def test_removing_the_first_activity_renumbers_the_others_without_reporting_them(program):
    before = stored(program_snapshot(program))
    tree = plan_tree(program)
    first, second = tree.objectives[0].activity_list[:2]
    first_id = first.pk
    first.delete()

    change = only_change(snapshot_diff(before, program_snapshot(program)))
    assert (change.kind, change.part_id, change.label) == ("removed", first_id, "1.1.1.1 Иш-чара 1")
    # The second activity is 1.1.1.1 now: renumbered, not changed.
    second.title = "Иш-чара 2 (оңдолду)"
    second.save()
    change = snapshot_diff(before, program_snapshot(program))[1]
    assert (change.kind, change.part_id, change.label) == (
        "changed",
        second.pk,
        "1.1.1.1 Иш-чара 2 (оңдолду)",
    )
    assert [f.name for f in change.fields] == ["Иш-чара"]


def test_an_activity_moved_to_another_objective_shows_its_new_objective(program):
    before = stored(program_snapshot(program))
    tree = plan_tree(program)
    activity = tree.objectives[0].activity_list[0]
    activity.objective = tree.objectives[1]
    activity.save()

    change = only_change(snapshot_diff(before, program_snapshot(program)))
    assert (change.kind, change.part_id) == ("changed", activity.pk)
    (moved,) = change.fields
    assert (moved.old, moved.new) == ("1.1.1 Тапшырма 1", "1.1.2 Тапшырма 2")


def test_a_removed_member_is_a_change_of_the_working_group(program):
    before = stored(program_snapshot(program))
    member = WorkingGroupMember.objects.filter(working_group__program=program).order_by("order").last()
    member.delete()

    change = only_change(snapshot_diff(before, program_snapshot(program)))
    assert (change.kind, change.part, change.part_id) == ("changed", "working_group", None)
    (field,) = change.fields
    assert field.new == ""
    assert field.old.startswith("Мүчө 7 (")
    assert simple(field.html).startswith("<del>Мүчө 7")


def test_a_changed_member_shows_the_changed_details(program):
    member = WorkingGroupMember.objects.filter(working_group__program=program).order_by("order").first()
    before = stored(program_snapshot(program))
    member.position = "Башчы"
    member.save()

    (field,) = only_change(snapshot_diff(before, program_snapshot(program))).fields
    assert "<ins" in field.html
    assert "Башчы" in field.new


def test_sector_characteristics_and_vision_changes(program):
    before = stored(program_snapshot(program))
    analysis = SectorAnalysis.objects.filter(program=program).order_by("sector__order").first()
    analysis.text = "Жаңы талдоо."
    analysis.save()
    KeyFigure.objects.create(analysis=analysis, label="Суу менен камсыз болгон үй-бүлөлөр", value="412")
    GeneralCharacteristics.objects.filter(program=program).update(population_total=12500)
    program.vision = "Жашыл айыл аймагы."
    program.save()

    changes = snapshot_diff(before, program_snapshot(program))
    assert [(c.kind, c.part) for c in changes] == [
        ("changed", "characteristics"),
        ("changed", "sector"),
        ("changed", "vision"),
    ]
    characteristics, sector, vision = changes
    assert simple(characteristics.fields[0].html) == "<del>12\xa0000</del> → <ins>12\xa0500</ins>"
    assert sector.part_id == analysis.sector_id
    assert sector.label == analysis.sector.name_ky
    assert [f.new for f in sector.fields] == ["Жаңы талдоо.", "Суу менен камсыз болгон үй-бүлөлөр: 412"]
    assert "<ins" in vision.fields[0].html


def test_hostile_text_is_escaped(program):
    activity = first_activity(program)
    before = stored(program_snapshot(program))
    activity.title = "<script>alert(1)</script> & Co"
    activity.save()

    change = only_change(snapshot_diff(before, program_snapshot(program)))
    html = change.fields[0].html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;" in html
    page = render_to_string("planning/partials/diff.html", {"changes": [change]})
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_the_partial_is_a_list_with_written_kinds_and_no_inline_styles(program):
    before = stored(program_snapshot(program))
    first_activity(program).delete()
    activity = plan_tree(program).activities[0]
    activity.title = "Суу түтүгүн оңдоо"
    activity.save()
    with translation.override("en"):
        page = render_to_string(
            "planning/partials/diff.html", {"changes": snapshot_diff(before, program_snapshot(program))}
        )
        empty = render_to_string("planning/partials/diff.html", {"changes": []})
    assert '<ul class="list-unstyled program-diff" role="list">' in page
    assert "Removed" in page
    assert "Changed" in page
    assert "<ins" in page
    assert "style=" not in page
    assert "No changes since the previous submission." in empty


def test_a_first_round_without_an_earlier_snapshot_shows_everything_added(program):
    changes = snapshot_diff({}, program_snapshot(program))
    assert {c.kind for c in changes} == {"added"}
    assert diff_summary(changes)["added"] == len(changes)
