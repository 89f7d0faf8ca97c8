"""Demo trainings from the field (shared GLOSSARY.md, "Facts from the field"), loaded by
`python manage.py load_demo` after the demo municipalities and projects.

- Kök-Jar: the two-day training of the working group on preparing the SEDP, April 2019 (after
  Order No. 86 of 9 April 2019), with its members by name (VAP).
- The one-day seminar-trainings in the rayon centres of Osh and Naryn oblasts on forms of public
  participation, 24 October – 17 November 2017: 240 planned; recorded by totals (the split by
  oblast, gender and role is illustrative).
- The three-day trainings of 385 heads of aiyl okmotus in five oblast centres, 20 November –
  25 December 2017, as tallies: Naryn 63, Issyk-Kul 61, Jalal-Abad 68, Osh 88, Chüy 105 (the
  split by gender is illustrative: few heads were women).
- Batken: the two-day training of 11 sessions on social accountability and access to municipal
  services (ordered by MSDSP KG), with named participants of the project's aiyl aimaks that the
  demo has (Kyshtut, Suu-Bashy, Sumbula, Toguz-Bulak; Ken-Talaa is not among the demo
  municipalities), attendance and certificates. The names are invented.

Safe to run again: each training is found by its title and brought back to the data below;
people are found by name and municipality, certificates are issued only once.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from municipalities.models import District, Region
from trainings import services
from trainings.models import (
    Attendance,
    Participation,
    Person,
    Role,
    Session,
    Tally,
    Trainer,
    Training,
    TrainingStatusChange,
)

S, F, R = Training.Status, Training.Format, Role

# Oblasts by SOATE.
NARYN, ISSYK_KUL, JALAL_ABAD, OSH, CHUY = (
    "41704000000000",
    "41702000000000",
    "41703000000000",
    "41706000000000",
    "41708000000000",
)

# The 385 heads of aiyl okmotus: oblast → (women, men).
HEADS_2017 = {
    NARYN: (5, 58),
    ISSYK_KUL: (6, 55),
    JALAL_ABAD: (5, 63),
    OSH: (7, 81),
    CHUY: (11, 94),
}

# The 2017 seminar-trainings (240 planned): oblast → role → (women, men).
SEMINARS_2017 = {
    OSH: {
        R.COUNCIL_DEPUTY: (18, 26),
        R.AO_SPECIALIST: (22, 14),
        R.JMEG: (12, 9),
        R.INITIATIVE_GROUP: (17, 12),
    },
    NARYN: {
        R.COUNCIL_DEPUTY: (14, 21),
        R.AO_SPECIALIST: (19, 11),
        R.JMEG: (10, 8),
        R.INITIATIVE_GROUP: (15, 12),
    },
}

KOK_JAR_GROUP = [
    ("Мамытов Азамат Турсунбаевич", "m", R.WORKING_GROUP_MEMBER, "жумушчу топтун төрагасы"),
    ("Абдыраева Гүлнара Токтосуновна", "f", R.AO_SPECIALIST, "айыл өкмөтүнүн адиси"),
    ("Токтогулова Назира Бакировна", "f", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты"),
    ("Жээнбеков Улан Сагынбекович", "m", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты"),
    ("Осмонова Айжан Кубанычбековна", "f", R.JMEG, "БМжБТ мүчөсү"),
    ("Эргешов Кутман Абдыкадырович", "m", R.JMEG, "БМжБТ мүчөсү"),
    ("Сабырова Чолпон Мырзабековна", "f", R.INITIATIVE_GROUP, "демилгелүү топтун лидери"),
    ("Ташматов Бакытбек Эркинович", "m", R.VILLAGE_HEAD, "Жаңы-Абад айылынын башчысы"),
    ("Маматова Гүлзат Арстанбековна", "f", R.WORKING_GROUP_MEMBER, "мектептин директору"),
    ("Юсупов Нурбек Алымбекович", "m", R.BUSINESS, "жеке ишкер"),
    ("Кадырова Жазгүл Төлөнбаевна", "f", R.WORKING_GROUP_MEMBER, "ФАПтын медайымы"),
    ("Асанов Элмир Маратович", "m", R.YOUTH, "жаштар комитети"),
]

# Batken: aimak key → (name, gender, role, position, sessions missed of the 11).
BATKEN_PEOPLE = {
    "kyshtut": [
        ("Жумабаева Мээрим Асановна", "f", R.AO_SPECIALIST, "айыл өкмөтүнүн адиси", 0),
        ("Исмаилов Рустам Абдуллаевич", "m", R.AO_HEAD, "айыл өкмөтүнүн башчысы", 1),
        ("Абдуллаева Зарина Турсунбаевна", "f", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты", 0),
        ("Садыков Азиз Бахтиярович", "m", R.JMEG, "БМжБТ мүчөсү", 4),
        ("Мирзаева Дилноза Рахимовна", "f", R.INITIATIVE_GROUP, "демилгелүү топтун мүчөсү", 0),
    ],
    "suu-bashy": [
        ("Каримов Алмаз Кубатбекович", "m", R.AO_HEAD, "айыл өкмөтүнүн башчысы", 0),
        ("Турдубаева Айнура Жолдошбековна", "f", R.AO_SPECIALIST, "айыл өкмөтүнүн адиси", 0),
        ("Назаров Бекзат Шамшидинович", "m", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты", 2),
        ("Эгембердиева Гүлмира Асылбековна", "f", R.JMEG, "БМжБТ мүчөсү", 0),
        ("Рахманова Салтанат Эркиновна", "f", R.INITIATIVE_GROUP, "бала бакча боюнча демилгелүү топ", 0),
    ],
    "sumbula": [
        ("Холматов Икром Абдувалиевич", "m", R.AO_HEAD, "айыл өкмөтүнүн башчысы", 0),
        ("Усмонова Феруза Жамшидовна", "f", R.AO_SPECIALIST, "айыл өкмөтүнүн адиси", 1),
        ("Бердибеков Талант Муратович", "m", R.INITIATIVE_GROUP, "сугат суу боюнча демилгелүү топ", 0),
        ("Ормонова Чынара Бакытовна", "f", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты", 5),
        ("Абдыкеримов Жоомарт Сапарбекович", "m", R.JMEG, "БМжБТ мүчөсү", 0),
    ],
    "toguz-bulak": [
        ("Мамасалиев Эрлан Токтогулович", "m", R.AO_HEAD, "айыл өкмөтүнүн башчысы", 0),
        ("Жусупова Элмира Кудайбергеновна", "f", R.AO_SPECIALIST, "айыл өкмөтүнүн адиси", 0),
        ("Камчыбекова Айпери Алмазбековна", "f", R.YOUTH, "жаштар лидери", 1),
        ("Сатыбалдиев Мирлан Жаныбекович", "m", R.COUNCIL_DEPUTY, "айылдык кеңештин депутаты", 0),
        ("Токтосунова Бүбүсара Абдыразаковна", "f", R.NGO, "коомдук бирикменин төрайымы", 0),
    ],
}

BATKEN_SESSIONS = [
    # day 1
    ("Социалдык отчеттуулук деген эмне?", time(9, 0), time(10, 0)),
    ("ЖӨБдүн ыйгарым укуктары жана муниципалдык кызмат көрсөтүүлөр", time(10, 0), time(11, 0)),
    ("Базалык реестр жана кошумча тизме", time(11, 15), time(12, 15)),
    ("Кызмат көрсөтүүлөрдүн стандарттары", time(13, 15), time(14, 15)),
    ("Жергиликтүү бюджет жана тургундардын катышуусу", time(14, 15), time(15, 15)),
    ("Көйгөйлөр галереясы: артыкчылыктарды аныктоо", time(15, 30), time(16, 30)),
    # day 2
    ("Коомдук угуулар: даярдоо жана маалымдоо", time(9, 0), time(10, 0)),
    ("Биргелешкен мониторинг жана баалоо", time(10, 0), time(11, 0)),
    ("Биргелешкен аракеттер планы (БАП)", time(11, 15), time(12, 15)),
    ("БАПты иштеп чыгуу: топтордо иш", time(13, 15), time(14, 45)),
    ("Жыйынтыктар жана кийинки кадамдар", time(15, 0), time(16, 0)),
]


def _at(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _trainer(name: str, organisation: str, gender: str) -> Trainer:
    trainer = Trainer.objects.filter(name=name, organisation=organisation).first()
    return trainer or Trainer.objects.create(name=name, organisation=organisation, gender=gender)


def _training(*, title: str, project, status: str, steps: list[tuple[date, str]], by, **fields) -> Training:
    """The training, brought to `fields` and `status`, with its status history dated `steps`."""
    training = Training.objects.filter(title=title).first() or Training(title=title)
    training.project = project
    for name, value in fields.items():
        setattr(training, name, value)
    training.status = status
    training.created_by = by
    training.save()
    training.status_changes.all().delete()
    previous = ""
    for day, to_status in steps:
        change = TrainingStatusChange.objects.create(
            training=training, from_status=previous, to_status=to_status, by=by
        )
        TrainingStatusChange.objects.filter(pk=change.pk).update(at=_at(day))
        previous = to_status
    return training


def _sessions(training: Training, rows: list[tuple[date, str, time, time, list[Trainer]]]) -> list[Session]:
    sessions = []
    orders: dict[date, int] = {}
    for day, title, starts, ends, trainers in rows:
        orders[day] = orders.get(day, 0) + 1
        session, _ = Session.objects.update_or_create(
            training=training,
            day=day,
            order=orders[day],
            defaults={"title": title, "starts_at": starts, "ends_at": ends},
        )
        session.trainers.set(trainers)
        sessions.append(session)
    Session.objects.filter(training=training).exclude(pk__in=[s.pk for s in sessions]).delete()
    return sessions


def _person(full_name: str, gender: str, role: str, position: str, municipality, by) -> Person:
    key = Person.key_of(full_name)
    person = Person.objects.filter(name_key=key, municipality=municipality).first()
    if person is None:
        person = Person.objects.create(
            full_name=full_name,
            gender=gender,
            role=role,
            position=position,
            municipality=municipality,
            created_by=by,
        )
    return person


def _attend(participation: Participation, sessions: list[Session], missed: int = 0) -> None:
    """Ticks for all the sessions but the last `missed` ones."""
    attended = sessions[: len(sessions) - missed] if missed else sessions
    Attendance.objects.filter(participation=participation).exclude(session__in=attended).delete()
    have = set(Attendance.objects.filter(participation=participation).values_list("session_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(participation=participation, session=s) for s in attended if s.pk not in have
    )


def _tallies(training: Training, rows: dict[tuple[str, str, str], int]) -> None:
    regions = {r.soate: r for r in Region.objects.filter(soate__in={soate for soate, _g, _r in rows})}
    Tally.objects.filter(training=training).delete()
    Tally.objects.bulk_create(
        Tally(training=training, region=regions[soate], gender=gender, role=role, count=count)
        for (soate, gender, role), count in rows.items()
        if soate in regions and count
    )


def _kok_jar(municipality, project, user) -> None:
    trainer = _trainer("Асанов Эркин", "Өнүктүрүү саясаты институту (ӨСИ)", "m")
    second = _trainer("Бейшеналиева Айгүл", "Өнүктүрүү саясаты институту (ӨСИ)", "f")
    first_day, last_day = date(2019, 4, 16), date(2019, 4, 17)
    training = _training(
        title="Көк-Жар айыл аймагынын жумушчу тобу үчүн СЭӨПтү даярдоо боюнча эки күндүк тренинг",
        project=project,
        status=S.REPORTED,
        steps=[(date(2019, 4, 10), S.REGISTRATION_OPEN), (last_day, S.HELD), (date(2019, 4, 24), S.REPORTED)],
        by=user,
        organiser="",  # the project's donor and implementer, in each reader's language
        implementer="",
        format=F.TRAINING,
        topics="СЭӨПтү даярдоонун кадамдары\nУчурдагы абалды талдоо\nЭлес, максаттар жана тапшырмалар\nИш-чаралар планы жана финансылык модель",
        first_day=first_day,
        last_day=last_day,
        venue_district=District.objects.filter(soate="41706242000000").first(),
        venue_city="Көк-Жар",
        venue_address="Көк-Жар айыл өкмөтүнүн жыйындар залы",
        audience="Жумушчу топтун мүчөлөрү (буйрук № 86, 9-апрель 2019-ж.)",
        planned_participants=15,
        certificate_signatory="Өнүктүрүү саясаты институтунун директору",
    )
    sessions = _sessions(
        training,
        [
            (
                first_day,
                "СЭӨП: максаты, мыйзамдык негиздери жана кадамдары",
                time(9, 30),
                time(11, 0),
                [trainer],
            ),
            (
                first_day,
                "Учурдагы абалды талдоо: маалымат булактары",
                time(11, 15),
                time(13, 0),
                [trainer, second],
            ),
            (first_day, "SWOT-талдоо", time(14, 0), time(16, 0), [second]),
            (
                last_day,
                "Элес, артыкчылыктар, максаттар жана тапшырмалар",
                time(9, 30),
                time(11, 0),
                [trainer],
            ),
            (last_day, "Ишчаралар планы жана финансылык модель", time(11, 15), time(13, 0), [second]),
            (last_day, "Жумушчу топтун иш планы", time(14, 0), time(16, 0), [trainer, second]),
        ],
    )
    for index, (name, gender, role, position) in enumerate(KOK_JAR_GROUP):
        person = _person(name, gender, role, position, municipality, user)
        participation, _ = Participation.objects.get_or_create(
            training=training, person=person, defaults={"registered_by": user}
        )
        _attend(participation, sessions, missed=1 if index % 5 == 4 else 0)


def _seminars_2017(project, user) -> None:
    training = _training(
        title="Жарандардын катышуусунун формалары, жыйындар жана тургундардын чогулуштары: бир күндүк семинар-тренингдер",
        project=project,
        status=S.REPORTED,
        steps=[
            (date(2017, 10, 10), S.REGISTRATION_OPEN),
            (date(2017, 11, 17), S.HELD),
            (date(2017, 11, 30), S.REPORTED),
        ],
        by=user,
        organiser="",  # the project's donor and implementer, in each reader's language
        implementer="",
        format=F.SEMINAR_TRAINING,
        topics="Жарандардын катышуусунун формалары\nАйыл жыйыны жана тургундардын чогулушу\nКоомдук угуулар",
        first_day=date(2017, 10, 24),
        last_day=date(2017, 11, 17),
        venue_city="Ош жана Нарын облустарынын райондук борборлору",
        audience="Айылдык кеңештердин депутаттары, АӨ адистери, БМжБТ жана демилгелүү топтордун мүчөлөрү",
        planned_participants=240,
    )
    rows = {}
    for soate, roles in SEMINARS_2017.items():
        for role, (women, men) in roles.items():
            rows[(soate, "f", role)] = women
            rows[(soate, "m", role)] = men
    _tallies(training, rows)


def _heads_2017(project, user) -> None:
    training = _training(
        title="Айыл өкмөтү башчылары үчүн үч күндүк тренингдер",
        project=project,
        status=S.REPORTED,
        steps=[(date(2017, 12, 25), S.HELD), (date(2018, 1, 15), S.REPORTED)],
        by=user,
        organiser="",  # the project's donor and implementer, in each reader's language
        implementer="",
        format=F.TRAINING,
        topics="Жергиликтүү бюджет жана бюджеттик процесс\nСоциалдык отчеттуулук\nЖарандардын катышуусу",
        first_day=date(2017, 11, 20),
        last_day=date(2017, 12, 25),
        venue_city="Беш облустук борбор: Нарын, Каракол, Жалал-Абад, Ош, Бишкек",
        audience="Айыл өкмөтү башчылары",
    )
    rows = {}
    for soate, (women, men) in HEADS_2017.items():
        rows[(soate, "f", R.AO_HEAD)] = women
        rows[(soate, "m", R.AO_HEAD)] = men
    _tallies(training, rows)


def _batken(municipalities: dict, project, user) -> None:
    trainers = [
        _trainer("Исакова Динара", "MSDSP KG", "f"),
        _trainer("Турсунов Бахтияр", "Өнүктүрүү саясаты институту (ӨСИ)", "m"),
    ]
    first_day, last_day = date(2023, 10, 24), date(2023, 10, 25)
    training = _training(
        title="Социалдык отчеттуулук жана муниципалдык кызматтарга жеткиликтүүлүк: эки күндүк тренинг",
        project=project,
        status=S.HELD,
        steps=[(date(2023, 10, 9), S.REGISTRATION_OPEN), (last_day, S.HELD)],
        by=user,
        organiser="",
        implementer="" if project else "MSDSP KG",
        format=F.TRAINING,
        topics="Социалдык отчеттуулук\nМуниципалдык кызмат көрсөтүүлөр: базалык реестр жана кошумча тизме\nАртыкчылыктарга добуш берүү\nБиргелешкен аракеттер планы",
        first_day=first_day,
        last_day=last_day,
        venue_district=District.objects.filter(soate="41705214000000").first(),
        venue_city="Баткен",
        venue_address="Баткен шаары, MSDSP KG аймактык кеңсеси",
        audience="Баткен облусунун беш айыл аймагынын АӨ башчылары, адистери, депутаттар, БМжБТ жана демилгелүү топтор",
        planned_participants=25,
        certificate_min_share="0.80",
        certificate_signatory="MSDSP KG аймактык менеджери",
    )
    sessions = _sessions(
        training,
        [
            (first_day if index < 6 else last_day, title, starts, ends, [trainers[index % 2]])
            for index, (title, starts, ends) in enumerate(BATKEN_SESSIONS)
        ],
    )
    for key, people in BATKEN_PEOPLE.items():
        municipality = municipalities.get(key)
        if municipality is None:
            continue
        for name, gender, role, position, missed in people:
            person = _person(name, gender, role, position, municipality, user)
            participation, _ = Participation.objects.get_or_create(
                training=training, person=person, defaults={"registered_by": user}
            )
            _attend(participation, sessions, missed=missed)
    if user is not None:
        training.refresh_from_db()
        services.certificates_issue(training=training, user=user, now=_at(last_day, 16))


@transaction.atomic
def load_demo_trainings(municipalities: dict, projects: dict, users: dict) -> None:
    """Create or update the demo trainings (see the module's docstring)."""
    vap, msdsp = projects.get("vap"), projects.get("msdsp")
    vap_user, msdsp_user = users.get("vap_coordinator"), users.get("msdsp_coordinator")
    if "kok-jar" in municipalities:
        _kok_jar(municipalities["kok-jar"], vap, vap_user)
    _seminars_2017(vap, vap_user)
    _heads_2017(vap, vap_user)
    _batken(municipalities, msdsp, msdsp_user)
