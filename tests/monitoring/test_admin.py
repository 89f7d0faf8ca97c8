"""Administrators look at and mend monitoring reports in the Django admin."""

import pytest
from django.urls import reverse

from monitoring.models import ActivityProgress, ReportComment

pytestmark = pytest.mark.django_db

MODELS = ["monitoringreport", "activityprogress", "activityspending", "indicatoractual", "reportcomment"]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_each_kind_of_record(client, world, report_a, model):
    ActivityProgress.objects.create(report=report_a, activity=report_a.plan["pipe"], status="completed")
    ReportComment.objects.create(report=report_a, text="Текшерилсин.", author=world.coordinator_a)
    client.force_login(world.admin)
    assert client.get(reverse(f"admin:monitoring_{model}_changelist")).status_code == 200


def test_the_admin_opens_a_report(client, world, report_a):
    client.force_login(world.admin)
    response = client.get(reverse("admin:monitoring_monitoringreport_change", args=[report_a.pk]))
    assert response.status_code == 200


def test_a_specialist_does_not_reach_the_admin(client, world, report_a):
    client.force_login(world.staff_a)
    response = client.get(reverse("admin:monitoring_monitoringreport_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
