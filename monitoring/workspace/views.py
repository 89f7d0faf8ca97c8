"""The workspace pages of a yearly monitoring report: the program's reports, the report's overview,
a direction's activities, the indicators, the JMEG's verification, comments and the workflow's
confirmation pages.

Every page asks monitoring.access (report_for_user) who may do what; every write goes through
monitoring/services.py or monitoring/workflow.py; reads go through monitoring/selectors.py
(report_implementation: a fixed number of queries whatever the size of the plan). A page's Save
is all or nothing: each changed record is saved in one transaction, every refusal is put at its
field, and if there is any, nothing is kept and the page comes back with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from monitoring import services, workflow
from monitoring.access import may_start_report, report_for_user
from monitoring.models import ActivityProgress, MonitoringReport, ReportComment
from monitoring.selectors import photo_counts, report_implementation, reports_of
from monitoring.workspace.forms import ActivityForm, IndicatorForm, StartReportForm, VerificationForm
from planning.access import program_for_user
from planning.models import FundingSource, Program
from planning.review.comments import place_messages

S = MonitoringReport.Status
Part = ReportComment.Part

# Who acts next, by the report's state.
WHO_ACTS = {
    S.DRAFT: gettext_lazy("The municipality's staff fill in the report and submit it for review."),
    S.SUBMITTED: gettext_lazy("A coordinator of the municipality's project reviews the report."),
    S.CHANGES_REQUESTED: gettext_lazy(
        "The municipality's staff make the changes requested and submit the report again."
    ),
    S.ACCEPTED: gettext_lazy(
        "The head publishes the report once the JMEG's verification and the council's hearing are recorded."
    ),
    S.PUBLISHED: gettext_lazy("The report is published: everyone can read it."),
}
# What each step does, for its confirmation page.
CONSEQUENCES = {
    workflow.Action.SUBMIT: gettext_lazy(
        "The report goes to the coordinators of the municipality's project. Until they answer, "
        "its activities, spending and indicators cannot be changed."
    ),
    workflow.Action.REQUEST_CHANGES: gettext_lazy(
        "The report goes back to the municipality's staff with your message; they change it and "
        "submit it again."
    ),
    workflow.Action.ACCEPT: gettext_lazy(
        "The report is accepted. The head publishes it once the JMEG's verification and the "
        "council's hearing are recorded."
    ),
    workflow.Action.PUBLISH: gettext_lazy(
        "The report becomes public: everyone can read it on the program's page. It cannot be "
        "changed any more."
    ),
}
# The states in which the records are shown read-only, and why.
READ_ONLY = {
    S.SUBMITTED: gettext_lazy("The report is submitted for review: it cannot be changed now."),
    S.ACCEPTED: gettext_lazy("The report is accepted: its records cannot be changed any more."),
    S.PUBLISHED: gettext_lazy("The report is published: it cannot be changed any more."),
}


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class _Refused(Exception):
    """Raised inside a page's transaction when any field was refused: nothing is kept."""


def _save_all(forms, save_one) -> bool:
    """Save each form (`save_one` puts a refusal at its field); all or nothing."""
    try:
        with transaction.atomic():
            for form in forms:
                if form.is_valid():  # a form refused as typed is not saved, the others are tried
                    save_one(form)
            if any(form.errors for form in forms):
                raise _Refused
    except _Refused:
        return False
    return True


def _put(form, error: services.MonitoringError, fields: dict[str, str | None]) -> None:
    """A service's refusal, at the form's field it is about (or above the form)."""
    name = fields.get(error.field or "")
    form.add_error(name if name in form.fields else None, error.message)


# --- The report's context ----------------------------------------------------------------


def _directions(report: MonitoringReport) -> list:
    """The program's development directions, numbered as in the plan (one query)."""
    priorities = list(report.program.priorities.order_by("order", "id"))
    for index, priority in enumerate(priorities, start=1):
        priority.code = str(index)
    return priorities


def _comments(report: MonitoringReport) -> list[ReportComment]:
    return list(report.comments.select_related("author", "resolved_by"))


def _report_context(request, report: MonitoringReport, section: str, **extra) -> dict:
    access = report.access
    return {
        "report": report,
        "program": report.program,
        "access": access,
        "section": section,
        "writable": access.writable,
        "may_comment": access.review and report.status in workflow.COMMENTABLE_STATUSES,
        "may_resolve": access.edit or access.review,
        "read_only_reason": READ_ONLY.get(report.status, ""),
        "Part": Part,
        **extra,
    }


def _part_url(report: MonitoringReport, comment: ReportComment, activity_direction: dict[int, int]) -> str:
    """The page a comment is shown on."""
    if comment.part == Part.ACTIVITY and comment.part_id in activity_direction:
        return reverse("monitoring_ws:direction", args=[report.pk, activity_direction[comment.part_id]])
    if comment.part == Part.INDICATOR:
        return reverse("monitoring_ws:indicators", args=[report.pk])
    if comment.part == Part.VERIFICATION:
        return reverse("monitoring_ws:verification", args=[report.pk])
    return reverse("monitoring_ws:report", args=[report.pk])


# --- The program's reports -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reports(request, program_pk: int):
    """A published program's yearly reports, and the form that starts the report of a year."""
    program = program_for_user(request.user, program_pk)
    if program.status not in (Program.Status.PUBLISHED, Program.Status.SUPERSEDED):
        raise Http404
    items = list(
        reports_of(program).annotate(
            open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True))
        )
    )
    may_start = may_start_report(request.user, program) and program.status == Program.Status.PUBLISHED
    taken = {report.year for report in items}
    free_years = [year for year in program.years if year not in taken]
    form = StartReportForm(request.POST or None, years=free_years) if may_start and free_years else None
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        if form is not None and form.is_valid():
            try:
                report = services.report_create(
                    program=program, user=request.user, year=form.cleaned_data["year"]
                )
            except services.MonitoringError as error:
                form.add_error("year" if error.field == "year" else None, error.message)
            else:
                messages.success(
                    request, _("The report for %(year)s is started: fill it in.") % {"year": report.year}
                )
                return redirect("monitoring_ws:report", report.pk)
        elif form is None:
            messages.error(request, _("Every year of the program already has its report."))
            return redirect("monitoring_ws:reports", program.pk)
    return render(
        request,
        "monitoring/workspace/reports.html",
        {"program": program, "reports": items, "form": form, "may_start": may_start},
    )


# --- The overview ---------------------------------------------------------------------------


@login_required
@require_safe
def report(request, pk: int):
    """Where the report stands, what it still needs, its totals, parts, comments and steps."""
    report = report_for_user(request.user, pk)
    implementation = report_implementation(report)
    activity_direction = {
        row.activity.pk: row.activity.objective.goal.priority_id for row in implementation.activities
    }
    comments = _comments(report)
    for comment in comments:
        comment.url = _part_url(report, comment, activity_direction)
    general = [c for c in comments if c.part == Part.GENERAL]
    place_messages(request, general)
    changes = list(report.status_changes.select_related("by").order_by("at", "id"))
    last_request = None
    if report.status == S.CHANGES_REQUESTED:
        requests = [c for c in changes if c.to_status == S.CHANGES_REQUESTED]
        last_request = requests[-1] if requests else None
    for totals in implementation.directions:
        totals.open_comments = 0
    by_direction = {t.priority.pk: t for t in implementation.directions}
    for comment in comments:
        if comment.is_open and comment.part == Part.ACTIVITY and comment.part_id in activity_direction:
            by_direction[activity_direction[comment.part_id]].open_comments += 1
    return render(
        request,
        "monitoring/workspace/report.html",
        _report_context(
            request,
            report,
            "overview",
            directions=[t.priority for t in implementation.directions],
            implementation=implementation,
            total=implementation.total,
            who_acts=WHO_ACTS.get(report.status, ""),
            missing=workflow.publish_missing(report) if report.status != S.PUBLISHED else [],
            actions=workflow.available_actions(report.access),
            open_comments=[c for c in comments if c.is_open],
            general_comments=general,
            changes=changes,
            last_request=last_request,
            indicators_filled=sum(1 for row in implementation.indicators if row.actual is not None),
            part_open={
                "indicators": sum(1 for c in comments if c.is_open and c.part == Part.INDICATOR),
                "verification": sum(1 for c in comments if c.is_open and c.part == Part.VERIFICATION),
            },
        ),
    )


# --- A direction's activities ------------------------------------------------------------------


PROGRESS_ERRORS = {"status": "status", "share_done": "share_done", "reason": "reason", "comment": "comment"}


@login_required
@require_http_methods(["GET", "POST"])
def direction(request, pk: int, priority_pk: int):
    """Every activity of one direction as a card: status, share done, comment, spending by source."""
    report = report_for_user(request.user, pk, need="edit" if request.method == "POST" else "read")
    implementation = report_implementation(report)
    directions = [t.priority for t in implementation.directions]
    current = next((p for p in directions if p.pk == priority_pk), None)
    if current is None:
        raise Http404
    totals = next(t for t in implementation.directions if t.priority.pk == current.pk)
    rows = [row for row in implementation.activities if row.activity.objective.goal.priority_id == current.pk]
    sources = list(FundingSource.objects.filter(is_active=True).order_by("order", "code"))
    data = request.POST if request.method == "POST" else None
    forms = [ActivityForm(data, row=row, sources=sources) for row in rows]
    if request.method == "POST":
        if not report.access.writable:
            messages.error(request, READ_ONLY.get(report.status, _("The report cannot be changed now.")))
            return redirect("monitoring_ws:direction", report.pk, current.pk)
        if _save_all(forms, lambda form: _save_activity(request, report, form)):
            messages.success(request, _("The activities are saved."))
            return redirect("monitoring_ws:direction", report.pk, current.pk)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    comments = _comments(report)
    by_activity: dict[int, list] = {}
    for comment in comments:
        if comment.part == Part.ACTIVITY:
            by_activity.setdefault(comment.part_id, []).append(comment)
    place_messages(request, comments)
    photos = photo_counts(report)
    for form in forms:
        form.comment_list = by_activity.get(form.row.activity.pk, [])
        form.photo_count = photos.get(form.row.activity.pk, 0)
    return render(
        request,
        "monitoring/workspace/direction.html",
        _report_context(
            request,
            report,
            f"direction-{current.pk}",
            directions=directions,
            priority=current,
            totals=totals,
            forms=forms,
            page_title=current.title,
        ),
    )


def _save_activity(request, report: MonitoringReport, form: ActivityForm) -> None:
    activity = form.row.activity
    data = form.cleaned_data
    if form.progress_changed():
        share = data.get("share_done", "")
        if data["status"] == ActivityProgress.Status.COMPLETED and "share_done" not in form.changed_data:
            share = ""  # marked completed, the share left as it was: done in full (the service's rule)
        try:
            services.progress_save(
                report=report,
                user=request.user,
                activity=activity,
                status=data["status"],
                share_done=share,
                reason=data.get("reason", ""),
                comment=data.get("comment", ""),
            )
        except services.MonitoringError as error:
            _put(form, error, PROGRESS_ERRORS)
    for source_id, name, amount in form.spending_changed():
        try:
            services.spending_save(
                report=report, user=request.user, activity=activity, source=source_id, amount=amount
            )
        except services.MonitoringError as error:
            _put(form, error, {"amount": name, "source": "new_source" if name == "new_amount" else None})


# --- The indicators ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def indicators(request, pk: int):
    """Each indicator with its baseline and the year's target, its actual value, and whether the
    target was met."""
    report = report_for_user(request.user, pk, need="edit" if request.method == "POST" else "read")
    implementation = report_implementation(report)
    data = request.POST if request.method == "POST" else None
    forms = [IndicatorForm(data, row=row) for row in implementation.indicators]
    if request.method == "POST":
        if not report.access.writable:
            messages.error(request, READ_ONLY.get(report.status, _("The report cannot be changed now.")))
            return redirect("monitoring_ws:indicators", report.pk)
        if _save_all(forms, lambda form: _save_indicator(request, report, form)):
            messages.success(request, _("The indicators are saved."))
            return redirect("monitoring_ws:indicators", report.pk)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    comments = [c for c in _comments(report) if c.part == Part.INDICATOR]
    by_indicator: dict[int, list] = {}
    for comment in comments:
        by_indicator.setdefault(comment.part_id, []).append(comment)
    place_messages(request, comments)
    for form in forms:
        form.comment_list = by_indicator.get(form.row.indicator.pk, [])
    return render(
        request,
        "monitoring/workspace/indicators.html",
        _report_context(
            request,
            report,
            "indicators",
            directions=[t.priority for t in implementation.directions],
            forms=forms,
            page_title=_("Indicators"),
        ),
    )


def _save_indicator(request, report: MonitoringReport, form: IndicatorForm) -> None:
    if not form.changed_data:
        return
    data = form.cleaned_data
    try:
        services.actual_save(
            report=report,
            user=request.user,
            indicator=form.row.indicator,
            value=data.get("value", ""),
            women=data.get("women", ""),
            men=data.get("men", ""),
            source=data.get("source", ""),
        )
    except services.MonitoringError as error:
        _put(form, error, {"value": "value", "women": "women", "men": "men"})


# --- The JMEG's verification --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def verification(request, pk: int):
    """The JMEG's verification and the date the council heard the report."""
    report = report_for_user(request.user, pk, need="edit" if request.method == "POST" else "read")
    editable = report.access.edit and report.status in workflow.VERIFICATION_STATUSES
    form = VerificationForm(request.POST if request.method == "POST" else None, report=report)
    if request.method == "POST":
        if not editable:
            messages.error(request, READ_ONLY.get(report.status, _("The report cannot be changed now.")))
            return redirect("monitoring_ws:verification", report.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.verification_save(
                    report=report,
                    user=request.user,
                    verified_on=data["jmeg_verified_on"],
                    women=data["jmeg_women"],
                    men=data["jmeg_men"],
                    remarks=data["jmeg_remarks"],
                    council_heard_on=data["council_heard_on"],
                )
            except services.MonitoringError as error:
                _put(form, error, {name: name for name in form.fields})
            else:
                messages.success(request, _("The verification is saved."))
                return redirect("monitoring_ws:verification", report.pk)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    comments = [c for c in _comments(report) if c.part == Part.VERIFICATION]
    place_messages(request, comments)
    return render(
        request,
        "monitoring/workspace/verification.html",
        _report_context(
            request,
            report,
            "verification",
            directions=_directions(report),
            form=form,
            editable=editable,
            comment_list=comments,
            page_title=_("The JMEG's verification"),
        ),
    )


# --- Comments ---------------------------------------------------------------------------------


def _at(url: str, comment: ReportComment) -> str:
    return f"{url.partition('#')[0]}#comment-{comment.pk}"


def _say_at(request, comment: ReportComment, text: str, level: int = messages.SUCCESS) -> None:
    messages.add_message(request, level, text, extra_tags=f"comment-{comment.pk}")


@login_required
@require_POST
def comment_add(request, pk: int):
    """A coordinator's comment on a part of the report; back to the part, at the new comment."""
    report = report_for_user(request.user, pk, need="review")
    back = _back(request, reverse("monitoring_ws:report", args=[report.pk]))
    text = request.POST.get("text", "")
    try:
        comment = services.comment_add(
            report=report,
            user=request.user,
            text=text,
            part=request.POST.get("part", Part.GENERAL),
            part_id=request.POST.get("part_id") or None,
        )
    except services.MonitoringError as error:
        messages.error(request, error.message)
        if text.strip():  # the form is on another page: what was typed comes back in the message
            messages.info(request, _("Your text: %(text)s") % {"text": text[:2000]})
        return redirect(back)
    _say_at(request, comment, _("The comment is added."))
    return redirect(_at(back, comment))


@login_required
@require_POST
def comment_resolve(request, pk: int, comment_pk: int):
    """The municipality's staff or the coordinator mark a comment resolved."""
    report = report_for_user(request.user, pk)
    if not (report.access.edit or report.access.review):
        raise PermissionDenied
    comment = get_object_or_404(ReportComment, pk=comment_pk, report=report)
    comment.report = report
    back = _back(request, reverse("monitoring_ws:report", args=[report.pk]))
    try:
        services.comment_resolve(comment=comment, user=request.user)
    except services.MonitoringError as error:
        _say_at(request, comment, error.message, messages.ERROR)
    else:
        _say_at(request, comment, _("The comment is marked resolved."))
    return redirect(_at(back, comment))


# --- The workflow's steps ---------------------------------------------------------------------


def _step(action: str) -> workflow.Transition:
    step = workflow.TRANSITIONS.get(action)
    if step is None:
        raise Http404
    return step


def _confirmation(request, report, step, *, text: str, version, error=None, details=(), status=200):
    return render(
        request,
        "monitoring/workspace/confirm.html",
        _report_context(
            request,
            report,
            "overview",
            directions=_directions(report),
            transition=step,
            consequence=CONSEQUENCES.get(step.action, ""),
            asks_note=step.asks == workflow.Asks.NOTE,
            text=text,
            version=version,
            possible_now=report.status in step.sources,
            missing=workflow.publish_missing(report) if step.action == workflow.Action.PUBLISH else [],
            open_count=sum(1 for c in report.comments.all() if c.is_open),
            error=error,
            details=details,
            page_title=step.label,
        ),
        status=status,
    )


@login_required
@require_safe
def transition_confirm(request, pk: int, action: str):
    """What a step will do, and the one button that takes it (works without JavaScript)."""
    step = _step(action)
    report = report_for_user(request.user, pk, need=step.actor)
    text = request.GET.get("note", "").replace("\x00", "")[:5000]
    return _confirmation(request, report, step, text=text, version=report.version)


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Take a step of the workflow: only with `confirm=1` from its confirmation page; any other
    POST shows that page. A refusal is shown on it, with what was typed."""
    step = _step(action)
    report = report_for_user(request.user, pk, need=step.actor)
    text = request.POST.get("note", "").replace("\x00", "")[:5000]
    if request.POST.get("confirm") != "1":
        return _confirmation(
            request, report, step, text=text, version=request.POST.get("version") or report.version
        )
    extra = {"note": text} if step.asks == workflow.Asks.NOTE else {}
    try:
        step.run(report=report, user=request.user, expected_version=request.POST.get("version"), **extra)
    except workflow.TransitionError as error:
        report = report_for_user(request.user, pk, need="read")
        return _confirmation(
            request,
            report,
            step,
            text=text,
            version=report.version,
            error=error.message,
            details=error.details,
        )
    messages.success(request, step.done)
    return redirect("monitoring_ws:report", report.pk)
