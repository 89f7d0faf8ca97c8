"""Public pages of trainings (no account needed): the trainings held, with aggregate figures,
and a training's page with its topics, programme and materials.

Only trainings.selectors.public_trainings() is shown (held or reported); any other training is
404 as if it did not exist. Figures come from public_aggregates(): numbers and place names
only. No page here shows a person's name, phone or e-mail, not even a trainer's (tests check
it). Pages need no JavaScript.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trainings.models import Gender, Role, Session, TrainingMaterial
from trainings.reports import charts
from trainings.selectors import public_aggregates, public_trainings

PER_PAGE = 20


def _material_url(material: TrainingMaterial) -> str:
    """The public download of a material (trainings/downloads.py)."""
    return reverse("trainings:material", kwargs={"pk": material.training_id, "material_id": material.pk})


def _figures(aggregates: dict) -> dict:
    """The aggregates arranged for the template, with their charts."""
    roles = [(Role(role).label, f) for role, f in aggregates["by_role"].items()]
    total = aggregates["total"]
    return {
        **aggregates,
        "roles": roles,
        "charts": {
            "by_oblast": charts.bar_chart(
                [(row["oblast"], [row["participants"]]) for row in aggregates["by_oblast"]],
                title=_("Participants by oblast"),
            ),
            "by_gender": charts.bar_chart(
                [(Gender.FEMALE.label, [total["women"]]), (Gender.MALE.label, [total["men"]])],
                title=_("Women and men"),
            ),
            "by_role": charts.bar_chart(
                [(label, [f["participants"]]) for label, f in roles], title=_("Participants by role")
            ),
        },
    }


def _public(response):
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def training_list(request):
    trainings = (
        public_trainings()
        .select_related("project", "venue_district__region")
        .annotate(material_count=Count("materials"))
        .order_by("-first_day", "-pk")
    )
    page = Paginator(trainings, PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "trainings/public/list.html",
        {"page": page, "figures": _figures(public_aggregates())},
    )
    return _public(response) if not request.user.is_authenticated else response


@require_safe
def training_detail(request, pk):
    training = get_object_or_404(
        public_trainings()
        .select_related("project", "venue_district__region")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("day", "order", "pk")),
            Prefetch("materials", queryset=TrainingMaterial.objects.order_by("uploaded_at", "pk")),
        ),
        pk=pk,
    )
    materials = [(m, _material_url(m)) for m in training.materials.all()]
    response = render(
        request,
        "trainings/public/detail.html",
        {
            "training": training,
            "sessions": list(training.sessions.all()),
            "materials": materials,
            "figures": _figures(public_aggregates(trainings=[training.pk])),
        },
    )
    return _public(response) if not request.user.is_authenticated else response
