"""A training as the documents' tests and the bench need it: Kyrgyz names (ң ө ү), two days of
sessions with trainers, participants from a target and a neighbouring municipality, attendance
and certificates."""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone

from tests.factories import MunicipalityFactory, ParticipationFactory, PersonFactory, TrainingFactory
from trainings.models import Attendance, Certificate, Session, Trainer, Training

TITLE = "Социалдык есептүүлүк жана муниципалдык кызматтарга жеткиликтүүлүк"
PHONE_PREFIX = "+996 700 12"
EMAIL_DOMAIN = "secret-mail.example"


def person_name(number: int) -> str:
    return f"Үмөтова Айжаң {number:03d}"


def documented_training(*, participants: int = 3, certificates: int | None = None, project=None) -> Training:
    """A held two-day training of 4 sessions; `certificates` of its participants have one."""
    target = MunicipalityFactory(name_ky="Кыштут айыл аймагы", name_ru="Кыштутский айылный аймак")
    neighbour = MunicipalityFactory(name_ky="Сумбула айыл аймагы", name_ru="Сумбулинский айылный аймак")
    extra = {"project": project} if project is not None else {}
    training = TrainingFactory(
        title=TITLE,
        first_day=date(2024, 3, 12),
        last_day=date(2024, 3, 13),
        status=Training.Status.HELD,
        venue_city="Баткен",
        venue_address="Өзгөрүш көчөсү, 5",
        certificate_signatory="Жээнбекова Гүлнара",
        certificate_hours=12,
        planned_participants=participants + 2,
        **extra,
    )
    training.project.target_municipalities.add(target)
    trainer = Trainer.objects.create(name="Төлөгөнова Нуриза", organisation="ӨСИ", gender="f")
    sessions = []
    for order, (day, start) in enumerate(
        [(training.first_day, 9), (training.first_day, 11), (training.last_day, 9), (training.last_day, 11)],
        1,
    ):
        session = Session.objects.create(
            training=training, day=day, order=order, title=f"Сессия {order}: көйгөйлөрдү аныктоо",
            starts_at=time(start, 0), ends_at=time(start + 1, 30),
        )  # fmt: skip
        session.trainers.add(trainer)
        sessions.append(session)
    people = [
        PersonFactory(
            full_name=person_name(n),
            municipality=target if n % 2 else neighbour,
            gender="f" if n % 3 else "m",
            phone=f"{PHONE_PREFIX} {n:04d}",
            email=f"p{n}@{EMAIL_DOMAIN}",
        )
        for n in range(1, participants + 1)
    ]
    participations = [ParticipationFactory(training=training, person=p) for p in people]
    Attendance.objects.bulk_create(
        [Attendance(participation=p, session=s) for p in participations for s in sessions]
    )
    count = participants if certificates is None else certificates
    start = Certificate.objects.count()  # numbers and codes stay unique when a test makes two
    Certificate.objects.bulk_create(
        [
            Certificate(
                participation=p,
                year=2024,
                serial=start + n,
                number=f"2024-{start + n:06d}",
                hours=12,
                signatory=training.certificate_signatory,
                code=f"TESTCODE{start + n:08d}",
                issued_at=timezone.now(),
            )
            for n, p in enumerate(participations[:count], 1)
        ]
    )
    return training
