"""The migration that gives donors and implementers a name per language keeps what was entered."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("municipalities", "0001_initial"), ("trainings", "0001_initial")]
AFTER = [
    ("municipalities", "0002_donor_and_implementer_in_three_languages"),
    ("trainings", "0002_organiser_follows_the_project"),
]


@pytest.mark.django_db(transaction=True)
def test_the_one_name_becomes_the_english_one_and_trainings_follow_their_project():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Project = old.get_model("municipalities", "DonorProject")
    Training = old.get_model("trainings", "Training")
    project = Project.objects.create(
        name_ky="Долбоор", donor="SDC", implementer="DPI", start_year=2017, end_year=2021
    )
    copied = Training.objects.create(
        title="Көчүрмө", project=project, organiser="SDC", implementer="DPI",
        first_day="2019-04-16", last_day="2019-04-17",
    )  # fmt: skip
    own = Training.objects.create(
        title="Өзүнүкү", project=project, organiser="Нарын облусу", implementer="ӨСИ",
        first_day="2019-04-16", last_day="2019-04-17",
    )  # fmt: skip
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        project = new.get_model("municipalities", "DonorProject").objects.get(pk=project.pk)
        assert (project.donor_en, project.implementer_en, project.donor_ky, project.donor_ru) == (
            "SDC",
            "DPI",
            "",
            "",
        )
        Training = new.get_model("trainings", "Training")
        assert Training.objects.filter(pk=copied.pk).values_list("organiser", "implementer").get() == ("", "")
        assert Training.objects.filter(pk=own.pk).values_list("organiser", "implementer").get() == (
            "Нарын облусу",
            "ӨСИ",
        )
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
