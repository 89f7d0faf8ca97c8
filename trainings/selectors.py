"""Read queries on trainings that pages share: the statistics, a person's trainings, and what
the public may see.

The statistics run a fixed number of queries whatever the number of participants: the database
adds up, Python only arranges the groups.

How named participants and tallies add up without double counting: a training is counted
either by its named participants or by its tallies, never both. When a training has both (its
totals entered first, its names later), **the named participants win** and its tallies are left
out. A tally has no municipality, so its participants are neither "target" nor "neighbouring"
("not known"), and a rayon filter leaves tallies out (they are known by oblast only). Named
participants are counted once each however many trainings they took (`participants`) and once a
training (`participations`); a tally's people cannot be told apart across events, so each
tallied person counts as one participant and one participation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from municipalities.models import DonorProject, Municipality, Region
from municipalities.ordering import alphabetical, by_name
from trainings.models import Attendance, Gender, Participation, Person, Role, Tally, Training
from trainings.workflow import COUNTED_STATUSES, PUBLIC_STATUSES


@dataclass
class Figures:
    """Participants (people), participations (people × trainings) and the women and men among
    the participants."""

    participants: int = 0
    participations: int = 0
    women: int = 0
    men: int = 0

    def add(self, *, participants: int, participations: int, gender: str) -> None:
        self.participants += participants
        self.participations += participations
        if gender == Gender.FEMALE:
            self.women += participants
        elif gender == Gender.MALE:
            self.men += participants

    @property
    def women_share(self) -> float:
        """Women among the participants, in per cent (one decimal)."""
        return round(100 * self.women / self.participants, 1) if self.participants else 0.0


@dataclass
class Place:
    """An oblast, rayon or municipality with its figures and (oblast, rayon) what it holds."""

    pk: int | None
    name: str
    figures: Figures = field(default_factory=Figures)
    tallied: int = 0  # of them, known only by tallies (an oblast's figure)
    children: list[Place] = field(default_factory=list)


@dataclass
class TrainingRow:
    pk: int
    title: str
    first_day: object
    format: str
    planned: int | None
    actual: int
    counted_by: str  # "names", "tallies" or "" (nothing recorded)


@dataclass
class TrainingStatistics:
    trainings: int = 0
    total: Figures = field(default_factory=Figures)
    by_role: dict[str, Figures] = field(default_factory=dict)
    by_gender: dict[str, int] = field(default_factory=dict)
    by_oblast: list[Place] = field(default_factory=list)
    target: Figures = field(default_factory=Figures)
    neighbouring: Figures = field(default_factory=Figures)
    not_known: Figures = field(default_factory=Figures)  # tallies, and people of no municipality
    planned: int = 0
    actual: int = 0
    rows: list[TrainingRow] = field(default_factory=list)

    @property
    def women_share(self) -> float:
        return self.total.women_share


def counted_trainings(
    *, projects=None, year=None, format=None, statuses=COUNTED_STATUSES, trainings=None
) -> QuerySet[Training]:
    """The trainings the statistics count: held or reported, narrowed by project(s), year (of the
    first day) and format."""
    rows = Training.objects.filter(status__in=statuses)
    if trainings is not None:
        rows = rows.filter(pk__in=trainings)
    if projects is not None:
        ids = [
            getattr(p, "pk", p)
            for p in (projects if isinstance(projects, list | tuple | set | frozenset) else [projects])
        ]
        rows = rows.filter(project_id__in=ids)
    if year:
        rows = rows.filter(first_day__year=int(year))
    if format:
        rows = rows.filter(format=format)
    return rows


def _is_target():
    """True when the participant's municipality is a target of the training's project."""
    return Exists(
        DonorProject.target_municipalities.through.objects.filter(
            donorproject_id=OuterRef("training__project_id"),
            municipality_id=OuterRef("person__municipality_id"),
        )
    )


def training_statistics(
    *,
    projects=None,
    year=None,
    region=None,
    district=None,
    role=None,
    format=None,
    statuses=COUNTED_STATUSES,
    trainings=None,
) -> TrainingStatistics:
    """Participants and participations, share of women, by role, by oblast → rayon →
    municipality, target vs neighbouring, planned vs actual (see the module's docstring for how
    tallies and names add up). Seven queries whatever the number of participants.

    `region`, `district` and `role` narrow the participants (a participant's municipality, not
    the venue); `projects`, `year` and `format` the trainings. `trainings` limits to some ids
    (e.g. what a user may see)."""
    region_id, district_id = getattr(region, "pk", region), getattr(district, "pk", district)
    scope = counted_trainings(
        projects=projects, year=year, format=format, statuses=statuses, trainings=trainings
    )
    # 1. The trainings, each knowing whether it has named participants (those win over tallies).
    named_exists = Exists(Participation.objects.filter(training=OuterRef("pk")))
    training_rows = list(
        scope.annotate(has_names=named_exists)
        .order_by("first_day", "pk")
        .values("pk", "title", "first_day", "format", "planned_participants", "has_names")
    )
    ids = [row["pk"] for row in training_rows]
    stats = TrainingStatistics(trainings=len(training_rows))

    participations = Participation.objects.filter(training_id__in=ids)
    tallies = Tally.objects.filter(training_id__in=ids).exclude(
        Exists(Participation.objects.filter(training=OuterRef("training")))
    )
    if region_id:
        participations = participations.filter(person__municipality__district__region_id=region_id)
        tallies = tallies.filter(region_id=region_id)
    if district_id:
        participations = participations.filter(person__municipality__district_id=district_id)
        tallies = tallies.none()
    if role:
        participations = participations.filter(person__role=role)
        tallies = tallies.filter(role=role)

    # 2. Named participants by the person's own attributes: each person falls in one group, so
    # the groups' distinct counts add up to the distinct total.
    groups = list(
        participations.values("person__gender", "person__role", "person__municipality_id")
        .annotate(people=Count("person_id", distinct=True), times=Count("pk"))
        .order_by()
    )
    # 3. Target vs neighbouring (a person can be both, in two trainings: counted in each).
    by_target = list(
        participations.annotate(is_target=_is_target())
        .values("is_target", "person__municipality_id", "person__gender")
        .annotate(people=Count("person_id", distinct=True), times=Count("pk"))
        .order_by()
    )
    # 4. Named participations per training (planned vs actual).
    per_training = dict(
        participations.values("training_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("training_id", "n")
    )
    # 5. Tallies of the trainings counted by them.
    tally_groups = list(
        tallies.values("training_id", "region_id", "gender", "role").annotate(n=Sum("count")).order_by()
    )
    # 6.–7. The names of the places involved.
    municipality_ids = {g["person__municipality_id"] for g in groups if g["person__municipality_id"]}
    municipalities = {
        m.pk: m
        for m in Municipality.objects.filter(pk__in=municipality_ids).select_related("district__region")
    }
    region_ids = {t["region_id"] for t in tally_groups} | {
        m.district.region_id for m in municipalities.values()
    }
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids)} if region_ids else {}

    for role_value in Role.values:
        stats.by_role[role_value] = Figures()
    oblasts: dict[int | None, Place] = {}
    rayons: dict[int, Place] = {}
    places: dict[int, Place] = {}

    def oblast(pk):
        if pk not in oblasts:
            oblasts[pk] = Place(pk=pk, name=regions[pk].name if pk in regions else "")
        return oblasts[pk]

    for g in groups:
        people, times, gender = g["people"], g["times"], g["person__gender"]
        stats.total.add(participants=people, participations=times, gender=gender)
        stats.by_role[g["person__role"]].add(participants=people, participations=times, gender=gender)
        municipality = municipalities.get(g["person__municipality_id"])
        if municipality is None:
            oblast(None).figures.add(participants=people, participations=times, gender=gender)
            continue
        district_obj = municipality.district
        region_place = oblast(district_obj.region_id)
        region_place.figures.add(participants=people, participations=times, gender=gender)
        if district_obj.pk not in rayons:
            rayons[district_obj.pk] = Place(pk=district_obj.pk, name=district_obj.name)
            region_place.children.append(rayons[district_obj.pk])
        rayons[district_obj.pk].figures.add(participants=people, participations=times, gender=gender)
        if municipality.pk not in places:
            places[municipality.pk] = Place(pk=municipality.pk, name=municipality.name)
            rayons[district_obj.pk].children.append(places[municipality.pk])
        places[municipality.pk].figures.add(participants=people, participations=times, gender=gender)

    for g in by_target:
        figures = (
            stats.not_known
            if g["person__municipality_id"] is None
            else stats.target
            if g["is_target"]
            else stats.neighbouring
        )
        figures.add(participants=g["people"], participations=g["times"], gender=g["person__gender"])

    tallied_per_training: dict[int, int] = defaultdict(int)
    for t in tally_groups:
        n = t["n"] or 0
        stats.total.add(participants=n, participations=n, gender=t["gender"])
        stats.by_role[t["role"]].add(participants=n, participations=n, gender=t["gender"])
        place = oblast(t["region_id"])
        place.figures.add(participants=n, participations=n, gender=t["gender"])
        place.tallied += n
        stats.not_known.add(participants=n, participations=n, gender=t["gender"])
        tallied_per_training[t["training_id"]] += n

    stats.by_gender = {Gender.FEMALE: stats.total.women, Gender.MALE: stats.total.men}
    stats.by_role = {k: v for k, v in stats.by_role.items() if v.participations}
    for place in oblasts.values():
        place.children.sort(key=lambda p: alphabetical(p.name))
        for rayon in place.children:
            rayon.children.sort(key=lambda p: alphabetical(p.name))
    stats.by_oblast = sorted(oblasts.values(), key=lambda p: (p.pk is None, alphabetical(p.name)))

    for row in training_rows:
        named = per_training.get(row["pk"], 0)
        tallied = tallied_per_training.get(row["pk"], 0)
        counted_by = "names" if row["has_names"] else "tallies" if tallied else ""
        actual = named if row["has_names"] else tallied
        stats.rows.append(
            TrainingRow(
                pk=row["pk"],
                title=row["title"],
                first_day=row["first_day"],
                format=row["format"],
                planned=row["planned_participants"],
                actual=actual,
                counted_by=counted_by,
            )
        )
        stats.planned += row["planned_participants"] or 0
        stats.actual += actual
    return stats


# --- A person ---------------------------------------------------------------------------------


def trainings_of_person(person: Person) -> list[Participation]:
    """The trainings a person took part in, latest first, each with the sessions attended and the
    certificate if any ("how many trainings has this head attended": len of it). Two queries."""
    return list(
        Participation.objects.filter(person=person)
        .select_related("training__project", "certificate")
        .annotate(
            attended=Count("attendance", distinct=True), sessions=Count("training__sessions", distinct=True)
        )
        .order_by("-training__first_day", "-pk")
    )


def training_count_of(person: Person, *, statuses=COUNTED_STATUSES) -> int:
    return Participation.objects.filter(person=person, training__status__in=statuses).count()


def participants_of(access) -> QuerySet[Participation]:
    """The participants of a training that this user may see (trainings.access.TrainingAccess),
    with their person and municipality, and how many sessions each attended."""
    return (
        access.participations()
        .select_related("person__municipality__district__region", "certificate")
        .annotate(attended=Count("attendance"))
        .order_by(by_name("person__full_name"), "pk")
    )


def attendance_grid(training: Training, *, sessions=None) -> tuple[list, list, set[tuple[int, int]]]:
    """What the tick grid shows: participations, sessions, and the ticked cells. Three queries."""
    session_list = list(training.sessions.all() if sessions is None else sessions)
    participation_list = list(
        Participation.objects.filter(training=training)
        .select_related("person")
        .order_by(by_name("person__full_name"), "pk")
    )
    ticks = set(
        Attendance.objects.filter(
            participation__training=training, session__in=[s.pk for s in session_list]
        ).values_list("participation_id", "session_id")
    )
    return participation_list, session_list, ticks


# --- The public -------------------------------------------------------------------------------


def public_trainings() -> QuerySet[Training]:
    """Trainings anyone may read: held or reported (never a planned or cancelled one)."""
    return Training.objects.filter(status__in=PUBLIC_STATUSES)


def public_aggregates(**filters) -> dict:
    """The figures of the public page: numbers and place names only, never a person's name,
    phone or e-mail."""
    stats = training_statistics(statuses=PUBLIC_STATUSES, **filters)

    def figures(f: Figures) -> dict:
        return {
            "participants": f.participants,
            "participations": f.participations,
            "women": f.women,
            "men": f.men,
            "women_share": f.women_share,
        }

    return {
        "trainings": stats.trainings,
        "total": figures(stats.total),
        "by_role": {role: figures(f) for role, f in stats.by_role.items()},
        "by_oblast": [
            {"oblast": place.name, **figures(place.figures)}
            for place in stats.by_oblast
            if place.pk is not None
        ],
        "target": figures(stats.target),
        "neighbouring": figures(stats.neighbouring),
        "planned": stats.planned,
        "actual": stats.actual,
    }
