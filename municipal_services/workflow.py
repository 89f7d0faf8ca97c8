"""The workflows of a joint action plan and of a local initiative, each declared in one table.

```
JAP:         draft --agree (the hearing that agreed it)--> agreed --publish (head)--> published
             agreed --back to draft (note)--> draft
             published --report (every action's status, what was done)--> reported
Initiative:  submitted --eligible--> eligible --select (head)--> selected --fund (head, amount)-->
             funded --implemented--> implemented;  submitted --not eligible (reason)--> not_eligible
```

Each transition is one service: it checks who may take it (a `need` of municipal_services.access),
from which states and against which version the user saw, moves the state with one conditional
UPDATE (two people acting at once cannot both succeed), writes a status change in the same
transaction and moves the public generation on when the public sees the change. A refused step
raises TransitionError with a message in the user's language (and `details`: what is missing) and
changes nothing. The two tables share one engine (`Machine`), so the rules are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearings.models import Hearing
from municipal_services.access import ServicesAccess, services_access
from municipal_services.models import (
    InitiativeStageChange,
    JapAction,
    JapStatusChange,
    JointActionPlan,
    LocalInitiative,
)

J = JointActionPlan.Status
L = LocalInitiative.Stage


class Actor:
    """Who takes a transition: each is a `need` of municipal_services.access."""

    STAFF = "edit"  # staff (and the head) of the municipality
    HEAD = "head"  # the head of the aiyl okmotu


class Asks:
    NOTHING = "nothing"
    NOTE = "note"  # a required note (back to draft)
    HEARING = "hearing"  # the hearing that agreed the plan, and the date
    REASON = "reason"  # why an initiative is not eligible
    AMOUNT = "amount"  # the amount granted to an initiative


# --- The states -----------------------------------------------------------------------------

# Staff change a JAP's title, aims and actions only in its draft; once published they record each
# action's status and result (the report) until it is reported.
JAP_EDITABLE = frozenset({J.DRAFT})
JAP_REPORTABLE = frozenset({J.PUBLISHED})
JAP_PUBLIC = (J.PUBLISHED, J.REPORTED)
# An initiative's details are corrected until it is funded; its result once funded.
INITIATIVE_EDITABLE = frozenset({L.SUBMITTED, L.ELIGIBLE, L.SELECTED})
# Every stage of an initiative is public (never its contacts: municipal_services/selectors.py).
INITIATIVE_PUBLIC = tuple(L.values)
# Held hearings can have agreed a plan.
AGREEING_HEARING_STATUSES = (Hearing.Status.HELD, Hearing.Status.CLOSED)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    actor: str
    label: str
    done: str  # the message after success
    service: str  # the name of the service function below
    asks: str = Asks.NOTHING
    public: bool = False  # the public sees the change: the generation moves on

    def run(self, **kwargs):
        """Call this transition's service (keyword arguments as the service takes them)."""
        return globals()[self.service](**kwargs)


class TransitionError(Exception):
    """A step that is not allowed now; `message` says why, `details` what is missing."""

    def __init__(self, message: str, *, details: list[str] | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.field = field


class JapStep:
    AGREE = "agree"
    BACK_TO_DRAFT = "back_to_draft"
    PUBLISH = "publish"
    REPORT = "report"


class InitiativeAction:
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    SELECT = "select"
    FUND = "fund"
    IMPLEMENT = "implement"


JAP_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(JapStep.AGREE, frozenset({J.DRAFT}), J.AGREED, Actor.STAFF,
                   gettext_lazy("Record the hearing that agreed it"),
                   gettext_lazy("The joint action plan is recorded as agreed at the hearing. The head can publish it."),
                   "jap_agree", Asks.HEARING),
        Transition(JapStep.BACK_TO_DRAFT, frozenset({J.AGREED}), J.DRAFT, Actor.STAFF,
                   gettext_lazy("Return to the draft"),
                   gettext_lazy("The joint action plan is a draft again: its actions can be changed."),
                   "jap_back_to_draft", Asks.NOTE),
        Transition(JapStep.PUBLISH, frozenset({J.AGREED}), J.PUBLISHED, Actor.HEAD,
                   gettext_lazy("Publish the joint action plan"),
                   gettext_lazy("The joint action plan is published: everyone can read it."),
                   "jap_publish", public=True),
        Transition(JapStep.REPORT, frozenset({J.PUBLISHED}), J.REPORTED, Actor.STAFF,
                   gettext_lazy("Publish the report on the joint action plan"),
                   gettext_lazy("The report is published: everyone can see what was done."),
                   "jap_report", public=True),
    ]
}  # fmt: skip

INITIATIVE_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(InitiativeAction.ELIGIBLE, frozenset({L.SUBMITTED}), L.ELIGIBLE, Actor.STAFF,
                   gettext_lazy("Eligible"),
                   gettext_lazy("The initiative is eligible: it can be selected for funding."),
                   "initiative_eligible", public=True),
        Transition(InitiativeAction.NOT_ELIGIBLE, frozenset({L.SUBMITTED}), L.NOT_ELIGIBLE, Actor.STAFF,
                   gettext_lazy("Not eligible"),
                   gettext_lazy("The initiative is not eligible; the reason is shown with it."),
                   "initiative_not_eligible", Asks.REASON, public=True),
        Transition(InitiativeAction.SELECT, frozenset({L.ELIGIBLE}), L.SELECTED, Actor.HEAD,
                   gettext_lazy("Select for funding"),
                   gettext_lazy("The initiative is selected for funding."),
                   "initiative_select", public=True),
        Transition(InitiativeAction.FUND, frozenset({L.SELECTED}), L.FUNDED, Actor.HEAD,
                   gettext_lazy("Record the funding"),
                   gettext_lazy("The funding is recorded."),
                   "initiative_fund", Asks.AMOUNT, public=True),
        Transition(InitiativeAction.IMPLEMENT, frozenset({L.FUNDED}), L.IMPLEMENTED, Actor.STAFF,
                   gettext_lazy("Implemented"),
                   gettext_lazy("The initiative is recorded as implemented."),
                   "initiative_implement", public=True),
    ]
}  # fmt: skip


# --- The engine both tables share -----------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    model: type
    state: str  # the model's state field
    transitions: dict[str, Transition]
    change_model: type
    change_fk: str  # the change model's field naming the object
    change_from: str
    change_to: str
    changed: str  # "The plan has changed since you opened the page…" (lazy)
    taken: str  # "Someone else has just changed … (it is now “%(status)s”)…" (lazy)

    def may_act(self, access: ServicesAccess, action: str) -> bool:
        """Does the user hold the role the action needs (whatever the state)?"""
        return access.has(self.transitions[action].actor)

    def available(self, access: ServicesAccess, obj) -> list[Transition]:
        """The transitions this user can take on the object now."""
        state = getattr(obj, self.state)
        return [t for t in self.transitions.values() if state in t.sources and self.may_act(access, t.action)]

    def check(self, user, obj, action: str, expected_version) -> None:
        transition = self.transitions[action]
        if not self.may_act(services_access(user, obj.municipality_id), action):
            raise TransitionError(
                _("You cannot do this: “%(action)s” is for another role.") % {"action": transition.label}
            )
        if getattr(obj, self.state) not in transition.sources:
            display = getattr(obj, f"get_{self.state}_display")()
            raise TransitionError(
                _("It is now “%(status)s”, so “%(action)s” is no longer possible. Nothing was changed.")
                % {"status": display, "action": transition.label}
            )
        try:
            expected = int(expected_version)
        except (TypeError, ValueError):
            expected = None
        if expected != obj.version:
            raise TransitionError(str(self.changed))

    def move(self, *, obj, user, action: str, comment: str = "", fields: dict | None = None):
        """A conditional UPDATE of the state and the version, and a status change row."""
        from planning.publication.cache import bump_public_generation

        transition = self.transitions[action]
        source = getattr(obj, self.state)
        updated = self.model.objects.filter(pk=obj.pk, version=obj.version, **{self.state: source}).update(
            version=F("version") + 1,
            updated_at=timezone.now(),
            **{self.state: transition.target},
            **(fields or {}),
        )
        if updated != 1:
            current = self.model.objects.get(pk=obj.pk)
            raise TransitionError(
                str(self.taken) % {"status": getattr(current, f"get_{self.state}_display")()}
            )
        change = self.change_model.objects.create(
            **{self.change_fk: obj, self.change_from: source, self.change_to: transition.target},
            by=user,
            comment=comment,
        )
        if transition.public:
            bump_public_generation()  # in this transaction: the change and the new generation together
        obj.refresh_from_db()
        return change


JAP = Machine(
    model=JointActionPlan,
    state="status",
    transitions=JAP_TRANSITIONS,
    change_model=JapStatusChange,
    change_fk="plan",
    change_from="from_status",
    change_to="to_status",
    changed=gettext_lazy(
        "The joint action plan has changed since you opened the page. Nothing was changed: look at it "
        "again and repeat if needed."
    ),
    taken=gettext_lazy(
        "Someone else has just changed this joint action plan (it is now “%(status)s”). Nothing was changed."
    ),
)

INITIATIVE = Machine(
    model=LocalInitiative,
    state="stage",
    transitions=INITIATIVE_TRANSITIONS,
    change_model=InitiativeStageChange,
    change_fk="initiative",
    change_from="from_stage",
    change_to="to_stage",
    changed=gettext_lazy(
        "The initiative has changed since you opened the page. Nothing was changed: look at it again "
        "and repeat if needed."
    ),
    taken=gettext_lazy(
        "Someone else has just changed this initiative (it is now “%(status)s”). Nothing was changed."
    ),
)


def _text(value, limit: int = 5000) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


# --- The JAP's services ---------------------------------------------------------------------


def jap_agree_missing(plan: JointActionPlan) -> list[str]:
    """What recording the agreement still needs, as sentences for the user (empty: nothing)."""
    missing = []
    if not plan.actions.exists():
        missing.append(_("Add at least one action."))
    return missing


@transaction.atomic
def jap_agree(*, plan: JointActionPlan, user, expected_version, hearing, agreed_on=None) -> JapStatusChange:
    """Staff record the public hearing that agreed the plan (a held hearing of the municipality)."""
    JAP.check(user, plan, JapStep.AGREE, expected_version)
    if not isinstance(hearing, Hearing):
        try:
            hearing = Hearing.objects.filter(pk=int(hearing)).first()
        except (TypeError, ValueError):
            hearing = None
    if hearing is None or hearing.municipality_id != plan.municipality_id:
        raise TransitionError(_("Choose a hearing of this municipality."), field="hearing")
    if hearing.status not in AGREEING_HEARING_STATUSES:
        raise TransitionError(
            _("The hearing “%(hearing)s” has not been held yet: choose a hearing that took place.")
            % {"hearing": hearing.title},
            field="hearing",
        )
    if agreed_on is not None and not isinstance(agreed_on, date):
        raise TransitionError(_("Enter a valid date."), field="agreed_on")
    missing = jap_agree_missing(plan)
    if missing:
        raise TransitionError(_("The joint action plan cannot be recorded as agreed yet:"), details=missing)
    day = agreed_on or timezone.localtime(hearing.starts_at).date()
    return JAP.move(obj=plan, user=user, action=JapStep.AGREE, fields={"hearing": hearing, "agreed_on": day})


@transaction.atomic
def jap_back_to_draft(*, plan: JointActionPlan, user, expected_version, note: str) -> JapStatusChange:
    """Staff take an agreed plan back to its draft to change it (the hearing link is kept)."""
    JAP.check(user, plan, JapStep.BACK_TO_DRAFT, expected_version)
    note = _text(note)
    if not note:
        raise TransitionError(_("Write a short note on why the plan goes back to the draft."), field="note")
    return JAP.move(obj=plan, user=user, action=JapStep.BACK_TO_DRAFT, comment=note)


@transaction.atomic
def jap_publish(*, plan: JointActionPlan, user, expected_version) -> JapStatusChange:
    """The head makes the agreed plan public; its PDFs (ky, ru) are rendered after the commit."""
    JAP.check(user, plan, JapStep.PUBLISH, expected_version)
    change = JAP.move(obj=plan, user=user, action=JapStep.PUBLISH, fields={"published_at": timezone.now()})
    _request_pdfs(plan)
    return change


def jap_report_missing(plan: JointActionPlan) -> list[str]:
    """What the report still needs (empty: nothing)."""
    missing = []
    if plan.actions.filter(status=JapAction.Status.PLANNED).exists():
        missing.append(_("Give every action its status at the report (done, partly done or not done)."))
    if not plan.report_summary.strip():
        missing.append(_("Write what was done in a few sentences."))
    return missing


@transaction.atomic
def jap_report(*, plan: JointActionPlan, user, expected_version) -> JapStatusChange:
    """Staff publish what became of the plan's actions."""
    JAP.check(user, plan, JapStep.REPORT, expected_version)
    missing = jap_report_missing(plan)
    if missing:
        raise TransitionError(_("The report cannot be published yet:"), details=missing)
    change = JAP.move(obj=plan, user=user, action=JapStep.REPORT, fields={"reported_at": timezone.now()})
    _request_pdfs(plan)
    return change


def _request_pdfs(plan: JointActionPlan) -> None:
    """The plan's PDFs in Kyrgyz and Russian, from what is now public (municipal_services.documents)."""
    from municipal_services import documents

    documents.request_jap_pdfs(plan)


# --- The initiative's services --------------------------------------------------------------


@transaction.atomic
def initiative_eligible(*, initiative: LocalInitiative, user, expected_version) -> InitiativeStageChange:
    """Staff find the initiative eligible under the regulation."""
    INITIATIVE.check(user, initiative, InitiativeAction.ELIGIBLE, expected_version)
    return INITIATIVE.move(obj=initiative, user=user, action=InitiativeAction.ELIGIBLE)


@transaction.atomic
def initiative_not_eligible(
    *, initiative: LocalInitiative, user, expected_version, reason: str
) -> InitiativeStageChange:
    """Staff find the initiative not eligible, and say why (the reason is public)."""
    INITIATIVE.check(user, initiative, InitiativeAction.NOT_ELIGIBLE, expected_version)
    reason = _text(reason)
    if not reason:
        raise TransitionError(_("Say why the initiative is not eligible."), field="reason")
    return INITIATIVE.move(
        obj=initiative, user=user, action=InitiativeAction.NOT_ELIGIBLE, comment=reason,
        fields={"not_eligible_reason": reason},
    )  # fmt: skip


@transaction.atomic
def initiative_select(*, initiative: LocalInitiative, user, expected_version) -> InitiativeStageChange:
    """The head selects the eligible initiative for funding."""
    INITIATIVE.check(user, initiative, InitiativeAction.SELECT, expected_version)
    return INITIATIVE.move(obj=initiative, user=user, action=InitiativeAction.SELECT)


@transaction.atomic
def initiative_fund(*, initiative: LocalInitiative, user, expected_version, amount) -> InitiativeStageChange:
    """The head records the amount granted to the selected initiative."""
    INITIATIVE.check(user, initiative, InitiativeAction.FUND, expected_version)
    try:
        amount = Decimal(str(amount).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        raise TransitionError(_("Enter the amount granted in som, a positive number."), field="amount")
    return INITIATIVE.move(
        obj=initiative, user=user, action=InitiativeAction.FUND,
        fields={"funded_amount": amount.quantize(Decimal("0.01"))},
    )  # fmt: skip


@transaction.atomic
def initiative_implement(*, initiative: LocalInitiative, user, expected_version) -> InitiativeStageChange:
    """Staff record that the funded initiative was carried out."""
    INITIATIVE.check(user, initiative, InitiativeAction.IMPLEMENT, expected_version)
    return INITIATIVE.move(obj=initiative, user=user, action=InitiativeAction.IMPLEMENT)
