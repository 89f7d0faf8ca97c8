"""The public pages of joint action plans and local initiatives (no account needed).

Only `public_japs()` (published or reported plans) is shown: a draft or agreed plan is 404, as if
it did not exist. Initiatives are read as `PublicInitiative` (selectors.public_initiatives): their
initiators and contacts are never read here.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from municipal_services.models import LocalInitiative
from municipal_services.selectors import (
    hearing_is_public,
    jap_actions,
    jap_totals,
    public_initiatives,
    public_japs,
)
from municipalities.models import Municipality

INITIATIVES_PER_PAGE = 50


def _public_cache(request, response):
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def jap_detail(request, pk: int):
    """A published joint action plan: what it improves, the hearing that agreed it, its actions
    with who is responsible on each side, their cost by funding source, and, once reported, what
    became of each."""
    plan = get_object_or_404(public_japs().select_related("vote_option__vote__hearing"), pk=pk)
    actions = jap_actions(plan)
    vote = plan.vote_option.vote if plan.vote_option_id else None
    context = {
        "plan": plan,
        "municipality": plan.municipality,
        "actions": actions,
        "totals": jap_totals(actions),
        "reported": plan.status == plan.Status.REPORTED,
        "hearing_is_public": hearing_is_public(plan.hearing),
        "vote": vote if vote is not None and hearing_is_public(vote.hearing) else None,
    }
    return _public_cache(request, render(request, "municipal_services/public/jap.html", context))


@require_safe
def initiative_list(request):
    """Every local initiative with its stage and amounts (never a contact), by municipality and
    stage if asked (?municipality=<id>&stage=<stage>)."""
    municipality = None
    raw = request.GET.get("municipality", "")
    if raw.isdigit() and len(raw) < 19:
        municipality = Municipality.objects.filter(pk=int(raw)).select_related("district").first()
    stage = request.GET.get("stage", "")
    if stage not in LocalInitiative.Stage.values:
        stage = ""
    initiatives = public_initiatives(
        municipality_id=municipality.pk if municipality else None, stage=stage or None
    )
    page = Paginator(initiatives, INITIATIVES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "initiatives": page.object_list,
        "municipality": municipality,
        "stage": stage,
        "stages": LocalInitiative.Stage.choices,
    }
    return _public_cache(request, render(request, "municipal_services/public/initiatives.html", context))
