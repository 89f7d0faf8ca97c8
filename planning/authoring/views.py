"""The workspace: municipal staff write their program, step by step.

Every page is a StepView: it asks planning.access for the program, shows the forms (disabled for
readers and for programs that can no longer change), and on POST saves through
planning.authoring.services.save_part, which checks the state and the part's version. Nothing the user
typed is lost: on an error or an edit conflict the page comes back with their input.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods, require_safe

from documents.uploads import MAX_SCAN_BYTES, scan_response
from municipalities.models import Village
from planning import models
from planning.access import may_create_program, municipality_for_user, program_for_user
from planning.authoring import forms, services
from planning.authoring.checklist import STEPS, member_gender_balance, program_checklist
from planning.authoring.history import recent_changes
from planning.authoring.locking import EditConflict, current_lock
from planning.models import (
    Activity,
    FundingSource,
    GeneralCharacteristics,
    Objective,
    Priority,
    Program,
    ReviewComment,
    Sector,
    SectorAnalysis,
    Swot,
    WorkingGroup,
)
from planning.publication.workspace_views import document_list
from planning.review import comments as comment_service
from planning.review import workflow
from planning.selectors import plan_tree, programs_of


def _silence(form_or_formset) -> None:
    """Show a bound form again without validating it (after "add a row")."""
    if hasattr(form_or_formset, "forms"):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = ErrorList()
        for form in form_or_formset.forms:
            _silence(form)
    else:
        form_or_formset._errors = ErrorDict()
        form_or_formset.cleaned_data = {}


def _disable(form_or_formset) -> None:
    if hasattr(form_or_formset, "forms"):
        for form in form_or_formset.forms:
            _disable(form)
        form_or_formset.read_only = True
    else:
        for field in form_or_formset.fields.values():
            field.disabled = True


def _with_extra_row(data, prefix: str):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, 0)) + 1)
    except ValueError:
        data[key] = "1"
    return data


P = ReviewComment.Part
# Which comments each page shows next to its fields (the pages of one object narrow it further).
COMMENT_PARTS = {
    "working_group": [P.WORKING_GROUP],
    "characteristics": [P.CHARACTERISTICS],
    "swot": [P.SWOT],
    "vision": [P.VISION, P.PRIORITY],
    "goals": [P.GOAL, P.OBJECTIVE],
    "indicators": [P.INDICATOR],
}


def frozen_notice(program: Program) -> dict:
    """What templates/planning/partials/frozen_notice.html says on a page that cannot be changed:
    why, the step the person can take instead, and the newer version if one is started (then
    there is no new version to start)."""
    access = program.access
    reason = workflow.frozen_reason(access)
    if not reason:
        return {"frozen_reason": ""}
    successor = None
    if program.status == Program.Status.PUBLISHED:
        successor = Program.objects.filter(supersedes=program).first()
    next_step = workflow.frozen_next_step(access)
    if successor is not None and next_step is not None and next_step.action == workflow.Action.NEW_VERSION:
        next_step = None
    return {"frozen_reason": reason, "next_step": next_step, "successor": successor}


def _part_of(program: Program, model, attribute: str):
    """A one-to-one part of the program, or a new unsaved one (saved with the page)."""
    try:
        return getattr(program, attribute)
    except model.DoesNotExist:
        return model(program=program)


class StepView(LoginRequiredMixin, View):
    """A page of the program: one part, one lock, one save."""

    step = ""
    template_name = ""
    title = ""

    def part(self) -> str:
        return self.step

    def build(self, data=None, files=None) -> dict:
        raise NotImplementedError

    def write(self, forms_: dict) -> None:
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    def comment_condition(self) -> Q | None:
        """Which review comments belong next to this page's fields (None: none)."""
        parts = COMMENT_PARTS.get(self.step)
        return Q(part__in=parts) if parts else None

    # ---------------------------------------------------------------------------------------

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.program: Program | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # Reading a step needs the right to read the program; saving it, the right to edit it.
        need = "read" if request.method in ("GET", "HEAD") else "edit"
        self.program = program_for_user(request.user, kwargs["pk"], need=need)
        self.writable = self.program.access.writable
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Load the objects of the page (404 when they are not part of this program)."""

    def get(self, request, *args, **kwargs):
        if not self.writable:
            return self.render_read_only()
        forms_ = self.build()
        return self.render(forms_, current_lock(self.program, self.part()).version)

    def read_only_context(self) -> dict:
        """What the page shows when its content cannot be changed: the plan's own partials
        (templates/planning/partials/, as on the review screen), no form."""
        return {}

    def render_read_only(self):
        """The content, read-only, under why it cannot be changed and who can do what instead
        (the head can start a new version…), rather than a form with every field disabled."""
        context = self._context()
        context.update(
            read_only_reason=None,  # said by the notice of the page, with its button
            **frozen_notice(self.program),
            **self.read_only_context(),
        )
        return render(self.request, "planning/workspace/read_only.html", context)

    def post(self, request, *args, **kwargs):
        if not self.writable:
            messages.error(request, self.read_only_reason())
            return redirect(request.path)
        data, files = request.POST, request.FILES
        add_row = request.POST.get("add_row", "")
        if add_row:
            forms_ = self.build(_with_extra_row(data, add_row), files)
            if not any(getattr(f, "prefix", None) == add_row for f in forms_.values()):
                raise Http404
            for form in forms_.values():
                _silence(form)
            return self.render(forms_, request.POST.get("lock_version"), focus=add_row)
        forms_ = self.build(data, files)
        if not all(form.is_valid() for form in forms_.values()):
            messages.error(request, _("Nothing was saved: please correct the errors marked below."))
            return self.render(forms_, request.POST.get("lock_version"), status=200)
        try:
            services.save_part(
                program=self.program,
                part=self.part(),
                user=request.user,
                lock_version=request.POST.get("lock_version"),
                write=lambda: self.write(forms_),
            )
        except EditConflict as conflict:
            who = conflict.lock.updated_by.display_name if conflict.lock.updated_by else _("someone")
            return self.render(forms_, conflict.lock.version, conflict=conflict, conflict_by=who, status=409)
        except services.ProgramNotEditable:
            messages.error(request, self.read_only_reason())
            return redirect(request.path)
        except services.PeriodConflict as error:
            messages.error(request, str(error))
            return self.render(forms_, request.POST.get("lock_version"))
        messages.success(request, _("Saved."))
        return redirect(self.success_url())

    def success_url(self) -> str:
        return self.request.get_full_path()

    def read_only_reason(self) -> str:
        return workflow.frozen_reason(self.program.access)

    def render(self, forms_: dict, lock_version, *, status=200, focus="", **extra):
        if not self.writable:
            for form in forms_.values():
                _disable(form)
        context = {
            **self._context(),
            "lock_version": lock_version,
            "focus": focus,
            **forms_,
            **self.extra_context(),
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)

    def _context(self) -> dict:
        """What every page of a step shows: the program, its open comments on this page."""
        condition = self.comment_condition()
        page_comments = (
            list(comment_service.comments_of(self.program, condition & Q(resolved_at__isnull=True)))
            if condition is not None
            else []
        )
        comment_service.place_messages(self.request, page_comments)
        return {
            "page_comments": page_comments,
            "may_answer": comment_service.may_answer(self.program.access),
            "may_comment": comment_service.may_comment(self.program.access),
            "access": self.program.access,
            "program": self.program,
            "step": self.step,
            "steps": STEPS,
            "page_title": self.title,
            "writable": self.writable,
            "read_only_reason": None if self.writable else self.read_only_reason(),
        }


# --- Programs of a municipality -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def program_list(request, mid: int):
    """The programs of a municipality, and a form to start a new one."""
    need = "edit" if request.method == "POST" else "read"
    municipality = municipality_for_user(request.user, mid, need=need)
    may_create = may_create_program(request.user, municipality)
    form = forms.ProgramForm(request.POST or None) if may_create else None
    if request.method == "POST" and form.is_valid():
        program = services.program_create(municipality=municipality, user=request.user, **form.cleaned_data)
        messages.success(request, _("The program is created. Start with the working group."))
        return redirect("planning:overview", program.pk)
    return render(
        request,
        "planning/workspace/program_list.html",
        {"municipality": municipality, "programs": programs_of(municipality.pk), "form": form},
    )


@login_required
@require_safe
def overview(request, pk: int):
    from planning.presentation import ACTIVITIES, INDICATORS, MEMBERS, plan_context

    program = program_for_user(request.user, pk)
    # The summary's figures: the whole tree (the checklist reads it too) and the gender balance.
    plan = plan_context(program, audience="workspace", only=(ACTIVITIES, INDICATORS, MEMBERS))
    checklist = program_checklist(program, tree=plan.tree)
    # The open comments, each a link to its place on the review screen (one query, with authors).
    open_comments = list(
        ReviewComment.objects.filter(program=program, resolved_at__isnull=True).select_related("author")
    )
    # In "changes requested", the coordinator's message: the summary of the round that asked.
    last_request = None
    if program.status == Program.Status.CHANGES_REQUESTED:
        last_request = (
            program.review_rounds.filter(outcome=models.ReviewRound.Outcome.CHANGES_REQUESTED)
            .select_related("closed_by")
            .order_by("-number")
            .first()
        )
    return render(
        request,
        "planning/workspace/overview.html",
        {
            "program": program,
            "step": "overview",
            "steps": STEPS,
            "checklist": checklist,
            "plan": plan,
            "writable": program.access.writable,
            "access": program.access,
            "actions": workflow.available_actions(program.access),
            "open_comments": open_comments,
            "last_request": last_request,
            "successor": Program.objects.filter(supersedes=program).first(),
            "documents": document_list(program),
        },
    )


class SettingsView(StepView):
    step = "settings"
    template_name = "planning/workspace/step_form.html"

    @property
    def title(self):
        return _("Title and period")

    def build(self, data=None, files=None):
        return {"form": forms.ProgramForm(data, instance=self.program)}

    def write(self, forms_):
        cleaned = forms_["form"].cleaned_data
        services.program_update_settings(
            program=self.program,
            title=cleaned["title"],
            start_year=cleaned["start_year"],
            end_year=cleaned["end_year"],
        )

    def read_only_context(self):
        return {"read_only_part": "settings"}


# --- The steps --------------------------------------------------------------------------------


class WorkingGroupView(StepView):
    step = "working_group"
    template_name = "planning/workspace/working_group.html"
    upload_limit = MAX_SCAN_BYTES  # the scanned order (documents/upload_handlers.py)

    @property
    def title(self):
        return _("Working group")

    def build(self, data=None, files=None):
        group = _part_of(self.program, WorkingGroup, "working_group")
        villages = Village.objects.filter(municipality_id=self.program.municipality_id)
        return {
            "form": forms.WorkingGroupForm(data, files, instance=group),
            "members": forms.MemberFormSet(data, instance=group, prefix="members", villages=villages),
            "tasks": forms.TaskFormSet(data, instance=group, prefix="tasks"),
            "meetings": forms.MeetingFormSet(data, instance=group, prefix="meetings"),
        }

    def write(self, forms_):
        services.working_group_save(
            group_form=forms_["form"],
            members=forms_["members"],
            tasks=forms_["tasks"],
            meetings=forms_["meetings"],
        )

    def extra_context(self):
        return {"gender": member_gender_balance(self.program)}

    def read_only_context(self):
        from planning.presentation import TASKS, WORKING_GROUP, plan_context

        plan = plan_context(self.program, audience="review", only=(WORKING_GROUP, TASKS))
        group = plan.working_group
        meetings = list(group.meetings.order_by("date")) if group is not None else []
        return {"read_only_part": "working_group", "plan": plan, "meetings": meetings}


class CharacteristicsView(StepView):
    step = "characteristics"
    template_name = "planning/workspace/step_form.html"

    @property
    def title(self):
        return _("General characteristics of the territory")

    def build(self, data=None, files=None):
        instance = _part_of(self.program, GeneralCharacteristics, "characteristics")
        return {"form": forms.CharacteristicsForm(data, instance=instance)}

    def write(self, forms_):
        services.forms_save(forms_["form"])

    def read_only_context(self):
        from planning.presentation import CHARACTERISTICS, plan_context

        return {
            "read_only_part": "characteristics",
            "plan": plan_context(self.program, audience="review", only=(CHARACTERISTICS,)),
        }


class SwotView(StepView):
    step = "swot"
    template_name = "planning/workspace/step_form.html"

    @property
    def title(self):
        return _("SWOT analysis")

    def build(self, data=None, files=None):
        return {"form": forms.SwotForm(data, instance=_part_of(self.program, Swot, "swot"))}

    def write(self, forms_):
        services.forms_save(forms_["form"])

    def read_only_context(self):
        from planning.presentation import SWOT, plan_context

        return {"read_only_part": "swot", "plan": plan_context(self.program, audience="review", only=(SWOT,))}


@login_required
@require_safe
def analysis_index(request, pk: int):
    program = program_for_user(request.user, pk)
    analyses = {
        a.sector_id: a
        for a in SectorAnalysis.objects.filter(program=program).annotate(figure_count=Count("key_figures"))
    }
    sectors = [
        {"sector": sector, "analysis": analyses.get(sector.pk)}
        for sector in Sector.objects.filter(is_active=True)
    ]
    return render(
        request,
        "planning/workspace/analysis_index.html",
        {
            "program": program,
            "step": "analysis",
            "steps": STEPS,
            "sectors": sectors,
            **frozen_notice(program),
        },
    )


class SectorAnalysisView(StepView):
    step = "analysis"
    template_name = "planning/workspace/sector_analysis.html"

    def load(self, **kwargs):
        self.sector = get_object_or_404(Sector, pk=kwargs["sector_id"], is_active=True)

    @property
    def title(self):
        return self.sector.name

    def part(self):
        return f"analysis:{self.sector.pk}"

    def comment_condition(self):
        return Q(part=P.SECTOR, part_id=self.sector.pk)

    def analysis(self) -> SectorAnalysis:
        found = SectorAnalysis.objects.filter(program=self.program, sector=self.sector).first()
        return found or SectorAnalysis(program=self.program, sector=self.sector)

    def build(self, data=None, files=None):
        analysis = self.analysis()
        return {
            "form": forms.SectorAnalysisForm(data, instance=analysis),
            "figures": forms.KeyFigureFormSet(data, instance=analysis, prefix="figures"),
        }

    def write(self, forms_):
        services.sector_analysis_save(form=forms_["form"], figures=forms_["figures"])

    def success_url(self):
        return reverse("planning:analysis", args=[self.program.pk])

    def extra_context(self):
        return {"sector": self.sector}

    def read_only_context(self):
        analysis = self.analysis()
        analysis.figure_list = list(analysis.key_figures.order_by("order", "id")) if analysis.pk else []
        return {"read_only_part": "analysis", "sector": self.sector, "analysis": analysis}


class VisionView(StepView):
    step = "vision"
    template_name = "planning/workspace/vision.html"

    @property
    def title(self):
        return _("Vision, strategic goal and development directions")

    def build(self, data=None, files=None):
        return {
            "form": forms.VisionForm(data, instance=self.program),
            "priorities": forms.PriorityFormSet(data, instance=self.program, prefix="priorities"),
        }

    def write(self, forms_):
        services.forms_save(forms_["form"], forms_["priorities"])

    def read_only_context(self):
        return {"read_only_part": "vision", "tree": plan_tree(self.program, activities=False)}


class GoalsView(StepView):
    step = "goals"
    template_name = "planning/workspace/goals.html"

    @property
    def title(self):
        return _("Goals and objectives")

    def build(self, data=None, files=None):
        tree = plan_tree(self.program, activities=False)
        self.tree = tree
        goal_codes = {goal.pk: goal.code for goal in tree.goals}
        return {
            "goals": forms.GoalFormSet(data, prefix="goals", program=self.program),
            "objectives": forms.ObjectiveFormSet(
                data, prefix="objectives", program=self.program, goal_codes=goal_codes
            ),
        }

    def write(self, forms_):
        services.forms_save(forms_["goals"], forms_["objectives"])

    def extra_context(self):
        return {"tree": self.tree}

    def read_only_context(self):
        return {"read_only_part": "goals", "tree": plan_tree(self.program, activities=False)}


@login_required
@require_safe
def action_plan(request, pk: int):
    """The whole action plan as a table, by direction, with links to edit."""
    from planning.presentation import ACTIVITIES, plan_context

    program = program_for_user(request.user, pk)
    return render(
        request,
        "planning/workspace/action_plan.html",
        {
            "program": program,
            "step": "action_plan",
            "steps": STEPS,
            "plan": plan_context(program, audience="workspace", only=(ACTIVITIES,)),
            "writable": program.access.writable,
            **frozen_notice(program),
        },
    )


class PriorityActivitiesView(StepView):
    """The activities of one development direction, as rows added and removed in place."""

    step = "action_plan"
    template_name = "planning/workspace/priority_activities.html"

    def load(self, **kwargs):
        self.priority = get_object_or_404(Priority, pk=kwargs["priority_id"], program=self.program)

    def part(self):
        return f"action_plan:{self.priority.pk}"

    def comment_condition(self):
        ids = Activity.objects.filter(objective__goal__priority=self.priority).values("pk")
        return Q(part=P.ACTIVITY, part_id__in=ids)

    @property
    def title(self):
        return _("Action plan: %(direction)s") % {"direction": self.priority.title}

    def build(self, data=None, files=None):
        tree = plan_tree(self.program, activities=False)
        codes = {o.pk: o.code for o in tree.objectives}
        return {
            "activities": forms.ActivityFormSet(
                data,
                prefix="activities",
                program=self.program,
                queryset=Activity.objects.filter(objective__goal__priority=self.priority)
                .select_related("objective__goal")
                .order_by("objective__goal__order", "objective__order", "order", "id"),
                objectives=Objective.objects.filter(goal__priority=self.priority).order_by(
                    "goal__order", "order", "id"
                ),
                objective_codes=codes,
                villages=Village.objects.filter(municipality_id=self.program.municipality_id),
                sectors=Sector.objects.filter(is_active=True),
            )
        }

    def write(self, forms_):
        services.rows_save(forms_["activities"])

    def extra_context(self):
        return {"priority": self.priority}

    def read_only_context(self):
        return _direction_read_only(self.program, self.priority.pk)


class ActivityView(StepView):
    """One activity and its funding: a row per source, an amount per year."""

    step = "action_plan"
    template_name = "planning/workspace/activity.html"

    def load(self, **kwargs):
        self.activity = get_object_or_404(
            Activity.objects.select_related("objective__goal__priority"),
            pk=kwargs["activity_id"],
            objective__goal__priority__program=self.program,
        )

    def part(self):
        # The same lock as the direction's table: both pages change this activity.
        return f"action_plan:{self.activity.objective.goal.priority_id}"

    def comment_condition(self):
        return Q(part=P.ACTIVITY, part_id=self.activity.pk)

    @property
    def title(self):
        return self.activity.title

    def build(self, data=None, files=None):
        tree = plan_tree(self.program, activities=False)
        codes = {o.pk: o.code for o in tree.objectives}
        activity_form = forms.ActivityForm(
            data,
            instance=self.activity,
            program=self.program,
            objectives=Objective.objects.filter(goal__priority__program=self.program),
            objective_codes=codes,
            villages=Village.objects.filter(municipality_id=self.program.municipality_id),
            sectors=Sector.objects.filter(is_active=True),
            prefix="activity",
        )
        years = None
        if data is not None and activity_form.is_valid():
            years = (activity_form.cleaned_data["start_year"], activity_form.cleaned_data["end_year"])
        elif data is None:
            years = (self.activity.start_year, self.activity.end_year)
        initial = []
        if data is None:
            by_source: dict[int, dict] = {}
            for line in self.activity.funding_lines.select_related("source"):
                row = by_source.setdefault(line.source_id, {"source": line.source})
                row[f"y{line.year}"] = line.amount
            initial = list(by_source.values())
        funding = forms.FundingFormSet(
            data,
            prefix="funding",
            initial=initial,
            program=self.program,
            activity_years=years,
            sources=FundingSource.objects.filter(is_active=True),
        )
        return {"form": activity_form, "funding": funding}

    def write(self, forms_):
        services.activity_save(form=forms_["form"], funding=forms_["funding"])

    def extra_context(self):
        return {"activity": self.activity, "years": self.program.years}

    def read_only_context(self):
        return _direction_read_only(self.program, self.activity.objective.goal.priority_id)


class IndicatorsView(StepView):
    step = "indicators"
    template_name = "planning/workspace/indicators.html"

    @property
    def title(self):
        return _("Indicators (M&E plan)")

    def build(self, data=None, files=None):
        tree = plan_tree(self.program, activities=False)
        return {
            "indicators": forms.IndicatorFormSet(
                data,
                prefix="indicators",
                program=self.program,
                objectives=Objective.objects.filter(goal__priority__program=self.program),
                objective_codes={o.pk: o.code for o in tree.objectives},
            )
        }

    def write(self, forms_):
        services.indicators_save(formset=forms_["indicators"])

    def extra_context(self):
        return {"years": self.program.years}

    def read_only_context(self):
        from planning.presentation import INDICATORS, plan_context

        return {
            "read_only_part": "indicators",
            "plan": plan_context(self.program, audience="review", only=(INDICATORS,)),
        }


def _direction_read_only(program: Program, priority_id: int) -> dict:
    """One direction's action plan as the review screen draws it (the pages of its activities)."""
    from types import SimpleNamespace

    from planning.presentation import ACTIVITIES, plan_context

    plan = plan_context(program, audience="review", only=(ACTIVITIES,))
    priorities = [p for p in plan.tree.priorities if p.pk == priority_id]
    return {
        "read_only_part": "action_plan",
        "plan": plan,
        "direction": SimpleNamespace(priorities=priorities),
    }


# --- Pages that read the program as a whole ----------------------------------------------


@login_required
@require_safe
def finance(request, pk: int):
    from planning.presentation import FINANCE, plan_context

    program = program_for_user(request.user, pk)
    return render(
        request,
        "planning/workspace/finance.html",
        {
            "program": program,
            "step": "finance",
            "steps": STEPS,
            "plan": plan_context(program, audience="workspace", only=(FINANCE,)),
        },
    )


@login_required
@require_safe
def order_file(request, pk: int):
    """The scanned order of the working group, for those who may read the program."""
    program = program_for_user(request.user, pk)
    group = models.WorkingGroup.objects.filter(program=program).first()
    if group is None or not group.order_file:
        raise Http404
    return scan_response(group.order_file)


@login_required
@require_safe
def history(request, pk: int):
    program = program_for_user(request.user, pk)
    return render(
        request,
        "planning/workspace/history.html",
        {"program": program, "step": "history", "steps": STEPS, "changes": recent_changes(program)},
    )
