"""Which training a user may reach, and for what: the one door of every trainings request.

A training belongs to its donor project: accounts/permissions.py is asked whether the user
manages the project's work. Municipal staff and heads read a training only for the participants
from their own municipalities (they see who from their municipality was trained, never the
others). 404 to everybody else (they must not learn that a training being planned exists), 403
to readers without the right.

| need    | who has it                                                                      |
|---------|---------------------------------------------------------------------------------|
| read    | coordinators of the project and admins (every participant); staff and heads of   |
|         | a municipality that has participants in it or that the project targets (only    |
|         | their municipality's participants)                                              |
| manage  | coordinators of the training's project, administrators (a training with no     |
|         | project: administrators only)                                                   |

Persons (participant records reused across trainings) follow the same rule: managers of a
training the person took part in, and the staff and head of the person's municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import permissions
from trainings.models import Participation, Person, Training

Need = Literal["read", "manage"]
NEEDS = ("read", "manage")


@dataclass(frozen=True)
class TrainingAccess:
    training: Training
    read: bool
    manage: bool
    # Whose participants the user may see: None for all, else these municipality ids only.
    municipalities: frozenset[int] | None

    def has(self, need: str) -> bool:
        if need not in NEEDS:
            raise ValueError(f"unknown need: {need}")
        return bool(getattr(self, need))

    @property
    def writable(self) -> bool:
        from trainings.workflow import EDITABLE_STATUSES

        return self.manage and self.training.status in EDITABLE_STATUSES

    def participations(self) -> QuerySet[Participation]:
        """The training's participations this user may see."""
        rows = Participation.objects.filter(training=self.training)
        if self.municipalities is not None:
            rows = rows.filter(person__municipality_id__in=self.municipalities)
        return rows


def training_access(user, training: Training) -> TrainingAccess:
    """What the user may do with the training (at most one query beyond the user's access)."""
    if permissions.can_manage_project(user, training.project_id):
        return TrainingAccess(training=training, read=True, manage=True, municipalities=None)
    own = frozenset(permissions.access_of(user).roles)
    if not own:
        return TrainingAccess(training=training, read=False, manage=False, municipalities=frozenset())
    concerned = Participation.objects.filter(training=training, person__municipality_id__in=own).exists() or (
        training.project_id is not None and training.project.target_municipalities.filter(pk__in=own).exists()
    )
    return TrainingAccess(training=training, read=concerned, manage=False, municipalities=own)


def training_for_user(user, pk, *, need: Need = "read") -> Training:
    """The training if this user has `need` on it (404 to outsiders, 403 to readers without it);
    it carries its `access`."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    training = Training.objects.select_related("project", "venue_district__region").filter(pk=pk).first()
    if training is None:
        raise Http404
    access = training_access(user, training)
    if not access.read:
        raise Http404
    if not access.has(need):
        raise PermissionDenied
    training.access = access
    return training


def trainings_for_user(user) -> QuerySet[Training]:
    """The trainings a user's workspace lists: those of their projects (admins: all), and those
    with participants from, or aimed at, the municipalities they work for."""
    projects = permissions.managed_projects(user)
    if projects is None:
        return Training.objects.all()
    own = list(permissions.access_of(user).roles)
    condition = Q(project_id__in=projects)
    if own:
        condition |= Q(participations__person__municipality_id__in=own) | Q(
            project__target_municipalities__in=own
        )
    return Training.objects.filter(pk__in=Training.objects.filter(condition).values("pk"))


def may_create_training(user, project) -> bool:
    """Coordinators plan trainings of their own projects; administrators of any, or of none."""
    return permissions.can_manage_project(user, project)


def may_manage_person(user, person: Person) -> bool:
    """Change or merge a person's record: a manager of a training the person took part in (or
    of any project, for a person registered nowhere yet); administrators."""
    projects = permissions.managed_projects(user)
    if projects is None:
        return True
    if not projects:
        return False
    trainings = Participation.objects.filter(person=person).values_list("training__project_id", flat=True)
    taken = set(trainings)
    return not taken or bool(taken & projects)


def person_for_user(user, pk, *, need: Need = "read") -> Person:
    """A person's record (their trainings, contacts) if the user may see it: managers of one of
    their trainings, the staff and head of their municipality (read). 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    person = Person.objects.select_related("municipality__district__region").filter(pk=pk).first()
    if person is None:
        raise Http404
    manage = may_manage_person(user, person)
    read = manage or (
        person.municipality_id is not None and person.municipality_id in permissions.access_of(user).roles
    )
    if not read:
        raise Http404
    if need == "manage" and not manage:
        raise PermissionDenied
    return person
