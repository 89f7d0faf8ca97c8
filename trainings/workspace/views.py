"""The trainings' workspace: coordinators plan a training, register its participants, tick the
attendance, enter the totals of an event known only by them, attach materials and issue
certificates; municipal staff and heads read who from their municipality was trained.

Every view asks trainings.access first (training_for_user, person_for_user, trainings_for_user):
404 to people who must not learn that a training exists, 403 to readers without the right.
Writes go through trainings.services and trainings.workflow, which check the state and refuse
with a message; on an error the page comes back with what the user typed.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents.uploads import material_response
from municipalities.models import DonorProject
from trainings import services, workflow
from trainings.access import (
    may_create_training,
    may_manage_person,
    person_for_user,
    training_for_user,
    trainings_for_user,
)
from trainings.models import Participation, Person, Session, Tally, Training, TrainingMaterial
from trainings.selectors import attendance_grid, participants_of, trainings_of_person
from trainings.workspace import forms

S = Training.Status


def _not_saved(request) -> None:
    messages.error(request, _("Nothing was saved: please correct the errors marked below."))


def read_only_reason(training: Training) -> str:
    if not training.access.manage:
        return _("You can read this training; only the coordinators of its project can change it.")
    return _("The training is “%(status)s” and cannot be changed now.") % {
        "status": training.get_status_display()
    }


def disable(form) -> None:
    for field in form.fields.values():
        field.disabled = True


def training_context(training: Training, section: str, **extra) -> dict:
    """What every page of one training shows around its own content (the tabs, the status)."""
    return {
        "training": training,
        "access": training.access,
        "writable": training.access.writable,
        "section": section,
        **extra,
    }


def _need(request) -> str:
    return "read" if request.method in ("GET", "HEAD") else "manage"


# --- The list ---------------------------------------------------------------------------------


@login_required
@require_safe
def training_list(request):
    """The trainings the user may see, newest first, filterable by year, project and status."""
    visible = trainings_for_user(request.user)
    years = list(
        visible.annotate(year=ExtractYear("first_day"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    projects = _projects_of(visible)
    form = forms.TrainingFilterForm(request.GET or None, years=years, projects=projects)
    rows = visible.select_related("project", "venue_district").annotate(
        participant_count=Count("participations", distinct=True)
    )
    if form.is_valid():
        if form.cleaned_data.get("year"):
            rows = rows.filter(first_day__year=form.cleaned_data["year"])
        if form.cleaned_data.get("project"):
            rows = rows.filter(project=form.cleaned_data["project"])
        if form.cleaned_data.get("status"):
            rows = rows.filter(status=form.cleaned_data["status"])
    elif request.GET:
        messages.warning(request, _("The filter was not understood; all trainings are shown."))
    return render(
        request,
        "trainings/workspace/list.html",
        {
            "trainings": rows.order_by("-first_day", "-pk")[:500],
            "form": form,
            "may_create": forms.may_plan_trainings(request.user),
        },
    )


def _projects_of(trainings):
    return DonorProject.objects.filter(pk__in=trainings.exclude(project=None).values("project_id"))


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request):
    """Plan a new training (coordinators: of their own projects; administrators: any)."""
    if not forms.may_plan_trainings(request.user):
        raise PermissionDenied
    form = forms.TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            project = form.cleaned_data.get("project")
            if not may_create_training(request.user, project):
                raise PermissionDenied
            try:
                training = services.training_create(
                    user=request.user, project=project, **form.service_fields()
                )
            except services.TrainingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("The training is planned. Add its sessions, then open registration.")
                )
                return redirect("trainings_ws:detail", training.pk)
        _not_saved(request)
    return render(request, "trainings/workspace/create.html", {"form": form})


# --- One training -----------------------------------------------------------------------------


def _readiness(training: Training):
    if training.status in (S.PLANNED, S.REGISTRATION_OPEN):
        return workflow.TRANSITIONS[workflow.Action.MARK_HELD], workflow.held_readiness(training)
    if training.status == S.HELD:
        return workflow.TRANSITIONS[workflow.Action.REPORT], workflow.report_readiness(training)
    return None, None


def _render_detail(request, training: Training, *, cancel_form=None, status=200):
    step, readiness = _readiness(training)
    access = training.access
    context = training_context(
        training,
        "overview",
        step=step,
        readiness=readiness,
        actions=workflow.available_actions(access),
        cancel_form=cancel_form or forms.CancelForm(prefix="cancel"),
        sessions=list(training.sessions.prefetch_related("trainers")),
        participant_count=access.participations().count(),
        tally_total=sum(training.tallies.values_list("count", flat=True)) if access.manage else None,
        certificate_count=access.participations().filter(certificate__isnull=False).count(),
        may_issue=access.manage and training.status in workflow.CERTIFICATE_STATUSES,
        materials=list(training.materials.all()),
        changes=training.status_changes.select_related("by").order_by("-at", "-id"),
    )
    return render(request, "trainings/workspace/detail.html", context, status=status)


@login_required
@require_safe
def training_detail(request, pk: int):
    """The training's page: its facts, where it stands, what the next step needs, its buttons."""
    return _render_detail(request, training_for_user(request.user, pk))


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Open registration, record as held, report or cancel (one POST each, version-checked)."""
    step = workflow.TRANSITIONS.get(action)
    if step is None:
        raise Http404
    training = training_for_user(request.user, pk, need=step.actor)
    kwargs = {"training": training, "user": request.user, "expected_version": request.POST.get("version")}
    cancel_form = None
    if step.asks == workflow.Asks.REASON:
        cancel_form = forms.CancelForm(request.POST, prefix="cancel")
        cancel_form.is_valid()
        kwargs["reason"] = (cancel_form.cleaned_data or {}).get("reason", "")
    try:
        step.run(**kwargs)
    except workflow.TransitionError as error:
        messages.error(request, error.message)
        for detail in error.details:
            messages.warning(request, detail)
        return _render_detail(request, training_for_user(request.user, pk), cancel_form=cancel_form)
    messages.success(request, step.done)
    return redirect("trainings_ws:detail", training.pk)


@login_required
@require_POST
def certificates_issue(request, pk: int):
    """Issue the certificates of those who attended enough sessions (and have none yet)."""
    training = training_for_user(request.user, pk, need="manage")
    try:
        issued = services.certificates_issue(training=training, user=request.user)
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        if issued:
            messages.success(
                request,
                ngettext(
                    "%(count)d certificate was issued.", "%(count)d certificates were issued.", len(issued)
                )
                % {"count": len(issued)},
            )
        else:
            messages.info(request, _("No certificate was issued: nobody else attended enough sessions."))
    return redirect("trainings_ws:detail", training.pk)


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request, pk: int):
    """The training's details. The form carries the version it was loaded with: a save over
    someone else's answers is a 409 that shows the typed text again, to be saved on purpose."""
    training = training_for_user(request.user, pk, need=_need(request))
    writable = training.access.writable
    instance = Training.objects.get(pk=training.pk)  # the form's own copy
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(training))
            return redirect("trainings_ws:edit", training.pk)
        form = forms.TrainingForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            fields = form.service_fields()
            project = form.cleaned_data.get("project")
            try:
                services.training_update(
                    training=training,
                    user=request.user,
                    expected_version=request.POST.get("version"),
                    **({"project": project} if project != training.project else {}),
                    **fields,
                )
            except services.TrainingError as error:
                current = Training.objects.get(pk=training.pk)
                if error.field is None and str(current.version) != request.POST.get("version", ""):
                    return render(
                        request,
                        "trainings/workspace/edit.html",
                        training_context(
                            training, "details", form=form, version=current.version, conflict=error.message
                        ),
                        status=409,
                    )
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("trainings_ws:edit", training.pk)
        _not_saved(request)
        version = request.POST.get("version", "")
    else:
        form = forms.TrainingForm(instance=instance, user=request.user)
        version = training.version
        if not writable:
            disable(form)
    return render(
        request,
        "trainings/workspace/edit.html",
        training_context(
            training,
            "details",
            form=form,
            version=version,
            read_only_reason=None if writable else read_only_reason(training),
        ),
    )


# --- Sessions ---------------------------------------------------------------------------------


def _session_of(training: Training, session_id: int) -> Session:
    return get_object_or_404(Session, pk=session_id, training=training)


def _save_session(request, training: Training, form, session=None) -> Session | None:
    """The session as the form says, with a new trainer added to the list if one was typed."""
    data = form.cleaned_data
    trainers = list(data.get("trainers") or [])
    try:
        if data.get("new_trainer_name"):
            trainers.append(
                services.trainer_get_or_create(
                    user=request.user,
                    name=data["new_trainer_name"],
                    organisation=data.get("new_trainer_organisation") or "",
                    gender=data.get("new_trainer_gender") or "",
                )
            )
        return services.session_save(
            training=training,
            user=request.user,
            day=data["day"],
            title=data["title"],
            order=data.get("order"),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            trainers=trainers,
            session=session,
        )
    except services.TrainingError as error:
        field = {"name": "new_trainer_name", "gender": "new_trainer_gender"}.get(error.field, error.field)
        form.add_error(field if field in form.fields else None, error.message)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, pk: int):
    """The training's sessions, day by day, with their trainers; a form to add one."""
    training = training_for_user(request.user, pk, need=_need(request))
    writable = training.access.writable
    form = forms.SessionForm(request.POST or None, training=training) if writable else None
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(training))
            return redirect("trainings_ws:sessions", training.pk)
        if form.is_valid() and _save_session(request, training, form):
            messages.success(request, _("The session is added."))
            return redirect("trainings_ws:sessions", training.pk)
        _not_saved(request)
    return render(
        request,
        "trainings/workspace/sessions.html",
        training_context(
            training,
            "sessions",
            form=form,
            sessions=list(training.sessions.prefetch_related("trainers")),
            read_only_reason=None if writable else read_only_reason(training),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int, session_id: int):
    training = training_for_user(request.user, pk, need=_need(request))
    session = _session_of(training, session_id)
    writable = training.access.writable
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(training))
            return redirect("trainings_ws:sessions", training.pk)
        form = forms.SessionForm(request.POST, training=training)
        if form.is_valid() and _save_session(request, training, form, session=session):
            messages.success(request, _("Saved."))
            return redirect("trainings_ws:sessions", training.pk)
        _not_saved(request)
    else:
        form = forms.SessionForm(initial=forms.SessionForm.initial_of(session), training=training)
        if not writable:
            disable(form)
    return render(
        request,
        "trainings/workspace/session_edit.html",
        training_context(
            training,
            "sessions",
            form=form,
            session=session,
            read_only_reason=None if writable else read_only_reason(training),
        ),
    )


@login_required
@require_POST
def session_remove(request, pk: int, session_id: int):
    training = training_for_user(request.user, pk, need="manage")
    session = _session_of(training, session_id)
    try:
        services.session_remove(session=session, user=request.user)
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session is removed."))
    return redirect("trainings_ws:sessions", training.pk)


# --- Participants -----------------------------------------------------------------------------


def _render_participants(request, training: Training, *, form=None, duplicates=(), status=200):
    writable = training.access.writable
    if form is None and writable:
        form = forms.ParticipantForm()
    return render(
        request,
        "trainings/workspace/participants.html",
        training_context(
            training,
            "participants",
            form=form,
            duplicates=duplicates,
            participations=participants_of(training.access),
            session_count=training.sessions.count(),
            show_contacts=training.access.manage,
            read_only_reason=None if writable else read_only_reason(training),
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, pk: int):
    """Who takes part (staff of a municipality: theirs only, without contacts); register one.

    When the typed person is known (the same name in the same municipality), the page offers to
    register that person instead, with what was typed kept."""
    training = training_for_user(request.user, pk, need=_need(request))
    if request.method == "GET":
        return _render_participants(request, training)
    if not training.access.writable:
        messages.error(request, read_only_reason(training))
        return redirect("trainings_ws:participants", training.pk)
    form = forms.ParticipantForm(request.POST)
    if not form.is_valid():
        _not_saved(request)
        return _render_participants(request, training, form=form)
    data = form.cleaned_data
    duplicates = services.find_duplicates(full_name=data["full_name"], municipality=data["municipality"])
    chosen = None
    if request.POST.get("person"):
        chosen = next((p for p in duplicates if str(p.pk) == request.POST["person"]), None)
        if chosen is None:
            messages.error(request, _("That person is not the one typed. Choose again."))
            return _render_participants(request, training, form=form, duplicates=duplicates)
    elif duplicates:
        messages.warning(
            request,
            _("This person is already known. Register the known record instead of creating a second one."),
        )
        return _render_participants(request, training, form=form, duplicates=duplicates)
    try:
        registration = services.participant_register(
            training=training,
            user=request.user,
            person=chosen,
            full_name=data["full_name"],
            gender=data["gender"],
            role=data["role"],
            municipality=data["municipality"],
            position=data["position"],
            phone=data["phone"],
            email=data["email"],
        )
    except services.TrainingError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        _not_saved(request)
        return _render_participants(request, training, form=form)
    name = registration.person.full_name
    if registration.already_registered:
        messages.info(request, _("%(name)s was already registered.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": name})
    return redirect("trainings_ws:participants", training.pk)


@login_required
@require_POST
def participant_remove(request, pk: int, participation_id: int):
    training = training_for_user(request.user, pk, need="manage")
    participation = get_object_or_404(Participation, pk=participation_id, training=training)
    try:
        services.participant_remove(participation=participation, user=request.user)
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The participation is removed."))
    return redirect("trainings_ws:participants", training.pk)


# --- People -----------------------------------------------------------------------------------


@login_required
@require_safe
def person_detail(request, person_id: int):
    """A person's record and the trainings they took part in (contacts: managers only)."""
    person = person_for_user(request.user, person_id)
    manage = may_manage_person(request.user, person)
    taken = trainings_of_person(person)
    if not manage:
        # Staff of the person's municipality: only the trainings they may read themselves.
        visible = set(trainings_for_user(request.user).values_list("pk", flat=True))
        taken = [p for p in taken if p.training_id in visible]
    return render(
        request,
        "trainings/workspace/person.html",
        {"person": person, "manage": manage, "participations": taken},
    )


def merge_candidates(user, person: Person) -> list[Person]:
    """Records that may be the same person: the same name (any spelling or word order) or the same
    surname in the same municipality, that this user may merge."""
    surname = (person.full_name.split() or [""])[0]
    condition = Q(name_key=person.name_key)
    if person.municipality_id and surname:
        condition |= Q(municipality_id=person.municipality_id, full_name__istartswith=surname)
    rows = (
        Person.objects.filter(condition)
        .exclude(pk=person.pk)
        .select_related("municipality")
        .order_by("full_name", "pk")[:50]
    )
    return [p for p in rows if may_manage_person(user, p)]


@login_required
@require_http_methods(["GET", "POST"])
def person_merge(request, person_id: int):
    """Merge a duplicate record into this one: pick it, see both, confirm (person_merge)."""
    person = person_for_user(request.user, person_id, need="manage")
    candidates = merge_candidates(request.user, person)
    form = forms.MergeForm(request.POST or None, candidates=candidates)
    duplicate = None
    if request.method == "POST":
        if form.is_valid():
            duplicate = next(p for p in candidates if p.pk == form.cleaned_data["duplicate"])
            if request.POST.get("confirm") == "yes":
                try:
                    services.person_merge(user=request.user, keep=person, duplicate=duplicate)
                except services.TrainingError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(
                        request,
                        _("The two records are one now: %(name)s.") % {"name": person.full_name},
                    )
                    return redirect("trainings_ws:person", person.pk)
        else:
            _not_saved(request)
    return render(
        request,
        "trainings/workspace/merge.html",
        {
            "person": person,
            "form": form,
            "candidates": candidates,
            "duplicate": duplicate,
            "duplicate_trainings": trainings_of_person(duplicate) if duplicate else (),
        },
    )


# --- Attendance -------------------------------------------------------------------------------


def _grid_day(request, sessions: list[Session]) -> date | None:
    days = sorted({s.day for s in sessions})
    if not days:
        return None
    try:
        wanted = date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        wanted = None
    return wanted if wanted in days else days[0]


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """The tick grid, one day at a time: participants × that day's sessions, plain checkboxes
    (a phone, no JavaScript). The same number of queries for 10 participants or 1,000."""
    training = training_for_user(request.user, pk, need=_need(request))
    if not training.access.manage:
        raise PermissionDenied  # names of other municipalities' people, and the ticks, are the managers'
    all_sessions = list(training.sessions.all())
    day = _grid_day(request, all_sessions)
    day_sessions = [s for s in all_sessions if s.day == day]
    writable = training.access.manage and training.status in workflow.ATTENDANCE_STATUSES
    if request.method == "POST":
        if not writable:
            messages.error(
                request, _("Attendance is ticked once registration is open, until the training is reported.")
            )
            return redirect("trainings_ws:attendance", training.pk)
        ticks = []
        for value in request.POST.getlist("tick"):
            participation_id, _sep, session_id = value.partition("-")
            ticks.append((participation_id, session_id))
        try:
            added, removed = services.attendance_save(
                training=training, user=request.user, ticks=ticks, sessions=day_sessions
            )
        except services.TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The attendance is saved: %(added)d ticked, %(removed)d unticked.")
                % {"added": added, "removed": removed},
            )  # fmt: skip
        url = redirect("trainings_ws:attendance", training.pk).url
        return redirect(f"{url}?day={day.isoformat()}" if day else url)
    rows, grid_sessions, ticked = attendance_grid(training, sessions=day_sessions)
    grid = [
        (
            participation,
            [
                (session, f"{participation.pk}-{session.pk}", (participation.pk, session.pk) in ticked)
                for session in grid_sessions
            ],
        )
        for participation in rows
    ]
    return render(
        request,
        "trainings/workspace/attendance.html",
        training_context(
            training,
            "attendance",
            days=sorted({s.day for s in all_sessions}),
            day=day,
            grid_sessions=grid_sessions,
            grid=grid,
            grid_writable=writable,
            read_only_reason=None
            if writable
            else _("Attendance is ticked once registration is open, until the training is reported."),
        ),
    )


# --- Tallies ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tallies(request, pk: int):
    """The totals of an event known only by them: oblast × gender × role → number."""
    training = training_for_user(request.user, pk, need=_need(request))
    if not training.access.manage:
        raise PermissionDenied
    writable = training.access.writable
    existing = list(Tally.objects.filter(training=training).select_related("region"))
    initial = [{"region": t.region, "gender": t.gender, "role": t.role, "count": t.count} for t in existing]
    formset = forms.TallyFormSet(request.POST or None, initial=initial, prefix="tally")
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(training))
            return redirect("trainings_ws:tallies", training.pk)
        if formset.is_valid():
            rows = [
                (
                    f.cleaned_data["region"],
                    f.cleaned_data["gender"],
                    f.cleaned_data["role"],
                    f.cleaned_data["count"],
                )
                for f in formset.forms
                if f.cleaned_data.get("region") is not None
            ]
            try:
                saved = services.tallies_save(training=training, user=request.user, rows=rows)
            except services.TrainingError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("The totals are saved: %(count)d participants.")
                    % {"count": sum(t.count for t in saved)},
                )
                return redirect("trainings_ws:tallies", training.pk)
        else:
            _not_saved(request)
    elif not writable:
        for form in formset.forms:
            disable(form)
    return render(
        request,
        "trainings/workspace/tallies.html",
        training_context(
            training,
            "tallies",
            formset=formset,
            total=sum(t.count for t in existing),
            has_names=training.participations.exists(),
            read_only_reason=None if writable else read_only_reason(training),
        ),
    )


# --- Materials --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def materials(request, pk: int):
    """Files for the participants (handouts, slides, the programme), checked by content."""
    training = training_for_user(request.user, pk, need=_need(request))
    writable = training.access.writable
    form = forms.MaterialForm(request.POST or None, request.FILES or None) if writable else None
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(training))
            return redirect("trainings_ws:materials", training.pk)
        if form.is_valid():
            try:
                services.material_add(
                    training=training,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                )
            except services.TrainingError as error:
                form.add_error("file", error.message)
            except ValidationError as error:  # a PDF that cannot be read (documents.uploads.clean_scan)
                form.add_error("file", error)
            else:
                messages.success(request, _("The file is attached."))
                return redirect("trainings_ws:materials", training.pk)
        _not_saved(request)
    return render(
        request,
        "trainings/workspace/materials.html",
        training_context(
            training,
            "materials",
            form=form,
            materials=list(training.materials.select_related("uploaded_by")),
            read_only_reason=None if writable else read_only_reason(training),
        ),
    )


@login_required
@require_safe
def material_file(request, pk: int, material_id: int):
    """A material as the workspace downloads it: shown inline in a sandbox, never run."""
    training = training_for_user(request.user, pk)
    material = get_object_or_404(TrainingMaterial, pk=material_id, training=training)
    response = material_response(material.file, material.content_kind)
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_POST
def material_remove(request, pk: int, material_id: int):
    training = training_for_user(request.user, pk, need="manage")
    material = get_object_or_404(TrainingMaterial, pk=material_id, training=training)
    try:
        services.material_remove(material=material, user=request.user)
    except services.TrainingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file is removed."))
    return redirect("trainings_ws:materials", training.pk)
