"""Demo hearings from the field (shared GLOSSARY.md, "Facts from the field"), loaded by
`python manage.py load_demo` after the demo programs.

- Kök-Jar: the hearing on the SEDP draft (June 2019), with proposals: some accepted and traced
  to activities of the program, one rejected with an answer, one outside the LSG's competence.
- Ak-Tal: the agreement of the SEDP with residents before 1 June 2019, two village
  mini-gatherings rolling up into the final hearing.
- Ak-Tal (Naryn oblast): a hearing on the draft local budget, May–June 2018.
- Kyshtut: a hearing on the drinking-water tariff.
- Suu-Bashy: a gathering with a priority vote (preschool education won).
- Kök-Jar: an upcoming hearing on the 2027 budget with the consultation open, so that the
  public proposal form can be tried.

Safe to run again: each hearing is found by its municipality and title and brought back to the
data below; its proposals, attendance and votes are replaced.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hearings.models import (
    Attendance,
    AttendanceByVillage,
    Hearing,
    HearingStatusChange,
    PriorityVote,
    Proposal,
    VoteOption,
)
from municipalities.models import Village
from planning.models import Activity

K, S, F = Hearing.Kind, Hearing.Status, Hearing.Format
D = Proposal.Disposition


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _village(municipality, name: str):
    return Village.objects.filter(municipality=municipality, name_ky=name).first()


def _activity(program, title: str):
    if program is None:
        return None
    return Activity.objects.filter(objective__goal__priority__program=program, title=title).first()


def _hearing(
    municipality, *, title: str, status: str, steps: list[tuple[date, str]], by, **fields
) -> Hearing:
    """The hearing, brought to `fields` and `status`, with its status history dated `steps`."""
    hearing = Hearing.objects.filter(municipality=municipality, title=title).first()
    villages = fields.pop("villages", [])
    if hearing is None:
        hearing = Hearing(municipality=municipality, title=title)
    for name, value in fields.items():
        setattr(hearing, name, value)
    hearing.status = status
    hearing.save()
    hearing.villages.set([v for v in villages if v is not None])
    hearing.status_changes.all().delete()
    previous = ""
    for day, to_status in steps:
        change = HearingStatusChange.objects.create(
            hearing=hearing, from_status=previous, to_status=to_status, by=by
        )
        HearingStatusChange.objects.filter(pk=change.pk).update(at=_at(day, 17))
        previous = to_status
    hearing.proposals.all().delete()
    hearing.votes.all().delete()
    Attendance.objects.filter(hearing=hearing).delete()
    hearing.attendance_by_village.all().delete()
    return hearing


def _proposals(hearing: Hearing, rows: list[dict], *, by) -> list[Proposal]:
    made = []
    for number, row in enumerate(rows, start=1):
        activity = row.pop("activity", None)
        made.append(
            Proposal.objects.create(
                hearing=hearing,
                number=number,
                moderation=Proposal.Moderation.PUBLISHED,
                moderated_by=by,
                answered_by=by if row.get("disposition") else None,
                plan_part=Proposal.PlanPart.ACTIVITY if activity else "",
                plan_part_id=activity.pk if activity else None,
                **row,
            )
        )
    return made


def _attendance(hearing: Hearing, women: int, men: int, *, villages=(), **groups) -> None:
    Attendance.objects.create(hearing=hearing, women=women, men=men, **groups)
    for village, (w, m) in villages:
        if village is not None:
            AttendanceByVillage.objects.create(hearing=hearing, village=village, women=w, men=m)


def _kok_jar_sedp(municipality, program, users) -> None:
    head = users.get("kokjar_head")
    centre, jangy_abad = _village(municipality, "Көк-Жар"), _village(municipality, "Жаңы-Абад")
    hearing = _hearing(
        municipality,
        title="СЭӨПтүн 2020–2024-жылдарга долбоору боюнча коомдук угуу",
        status=S.CLOSED,
        steps=[(date(2019, 5, 27), S.ANNOUNCED), (date(2019, 6, 14), S.HELD), (date(2019, 6, 20), S.CLOSED)],
        by=head,
        kind=K.SEDP_DRAFT,
        format=F.HEARING,
        program=program,
        starts_at=_at(date(2019, 6, 14), 10),
        place="Көк-Жар айылындагы маданият үйү",
        chair="Мамытов Азамат Турсунбаевич",
        secretary="Абдыраева Гүлнара Токтосуновна",
        summary=(
            "Жумушчу топ 2020–2024-жылдарга социалдык-экономикалык өнүгүү программасынын долбоорун "
            "даярдады: ичүүчү суу, жолдор, мектепке чейинки билим берүү, таштанды жана жаштар. "
            "Долбоор менен айыл өкмөтүндө жана маданият үйүндө таанышууга болот."
        ),
        agenda="Программанын долбоорун тааныштыруу\nТургундардын сунуштары\nЧечим",
        notice_posted_on=date(2019, 5, 27),
        channels=["poster", "announcement", "messengers"],
        proposals_open_from=_at(date(2019, 5, 27), 9),
        proposals_open_until=_at(date(2019, 6, 14), 18),
        minutes=(
            "Жумушчу топтун төрагасы программанын долбоорун тааныштырды. Тургундар 6 сунуш беришти; "
            "алар каралып, жооптору протоколго киргизилди. Угуунун катышуучулары долбоорду "
            "сунуштар менен бирге колдошту."
        ),
        villages=[
            centre,
            jangy_abad,
            _village(municipality, "Кара-Дөбө"),
            _village(municipality, "Үч-Терек"),
        ],
    )
    _attendance(
        hearing, 64, 57, invited=150, youth=23, elderly=18, deputies=7, jmeg=5, initiative_groups=9,
        villages=[(centre, (30, 26)), (jangy_abad, (21, 17)), (_village(municipality, "Үч-Терек"), (13, 14))],
    )  # fmt: skip
    _proposals(
        hearing,
        [
            {
                "source": "oral",
                "text": "Жаңы-Абадга ичүүчү суу түтүгүн биринчи кезекте тартуу керек: балдар суу ташыйт.",
                "author_name": "Токтогулова Назира",
                "name_may_be_published": True,
                "village": jangy_abad,
                "gender": "f",
                "disposition": D.ACCEPTED,
                "answer": "Программанын 1.1.1.1-иш-чарасы 2020–2021-жылдарга коюлду.",
                "activity": _activity(program, "Жаңы-Абад айылында 6,5 км ичүүчү суу түтүгүн куруу"),
            },
            {
                "source": "paper",
                "paper_form_number": "012",
                "text": "Борбордук көчөгө жарык орнотуу жана тротуар салуу.",
                "village": centre,
                "gender": "m",
                "age_group": "18_28",
                "disposition": D.PARTLY_ACCEPTED,
                "answer": "Көчө асфальтталат; тротуар 2023-жылдан кийин каралат.",
                "activity": _activity(program, "Көк-Жар айылындагы борбордук көчөнү (2,4 км) асфальттоо"),
            },
            {
                "source": "paper",
                "paper_form_number": "027",
                "text": "Суу эсептегичтерди аз камсыз болгон үй-бүлөлөргө бекер орнотуу.",
                "gender": "f",
                "age_group": "60_plus",
                "disposition": D.ACCEPTED,
                "answer": "Аз камсыз болгон үй-бүлөлөр эсептегичти жеңилдик менен алышат.",
                "activity": _activity(program, "Үй чарбаларына 600 суу эсептегич орнотуу"),
            },
            {
                "source": "oral",
                "text": "Айылга жаңы мечит салып берүү.",
                "gender": "m",
                "disposition": D.REJECTED,
                "answer": "Диний имараттарды куруу жергиликтүү бюджеттен каржыланбайт; демилгелүү топ "
                "ыктыярдуу салымдар менен курса, айыл өкмөтү жер тилкесин бөлүүгө жардам берет.",
            },
            {
                "source": "oral",
                "text": "Райондук ооруканага чейин каттаган автобус керек.",
                "gender": "f",
                "disposition": D.OUTSIDE_COMPETENCE,
                "referred_to": "Ноокат районунун мамлекеттик администрациясы",
                "answer": "Сунуш райондун транспорт бөлүмүнө жөнөтүлдү.",
            },
            {
                "source": "paper",
                "paper_form_number": "031",
                "text": "Жаңы-Абадда да суу түтүгү керек (№1 менен бирдей).",
                "village": jangy_abad,
                "gender": "m",
                "disposition": D.MERGED,
                "answer": "№1 сунуш менен бириктирилди.",
            },
        ],
        by=users.get("kokjar_staff"),
    )
    first, merged = hearing.proposals.get(number=1), hearing.proposals.get(number=6)
    Proposal.objects.filter(pk=merged.pk).update(merged_into=first)


def _ak_tal_agreement(municipality, program, users) -> None:
    head = users.get("aktal_head")
    centre = _village(municipality, "Ак-Тал")
    final = _hearing(
        municipality,
        title="СЭӨПтүн 2020–2022-жылдарга долбоорун тургундар менен макулдашуу",
        status=S.CLOSED,
        steps=[(date(2019, 5, 10), S.ANNOUNCED), (date(2019, 5, 28), S.HELD), (date(2019, 5, 30), S.CLOSED)],
        by=head,
        kind=K.SEDP_DRAFT,
        format=F.HEARING,
        program=program,
        starts_at=_at(date(2019, 5, 28), 14),
        place="Ак-Тал айыл өкмөтүнүн жыйындар залы",
        chair="Сыдыков Нурлан",
        secretary="Мамбетова Жылдыз",
        summary="Программанын долбоору эки айылдык чогулушта талкууланды; жыйынтыгы ушул угууда.",
        agenda="Айылдык чогулуштардын жыйынтыгы\nПрограмманы макулдашуу",
        notice_posted_on=date(2019, 5, 10),
        channels=["poster", "invitations", "radio"],
        minutes="Эки айылдык чогулуштун сунуштары каралды; программанын долбоору макулдашылды.",
        villages=[centre],
    )
    _attendance(final, 38, 35, invited=90, villages=[(centre, (38, 35))])
    # Mini-gatherings by quarter of the village, as aiyl okmotus hold them.
    for day, quarter, women, men in ((20, "түштүк", 22, 19), (22, "түндүк", 17, 21)):
        village = centre
        gathering = _hearing(
            municipality,
            title=f"Мини-чогулуш: Ак-Тал айылынын {quarter} бөлүгү",
            status=S.CLOSED,
            steps=[
                (date(2019, 5, 8), S.ANNOUNCED),
                (date(2019, 5, day), S.HELD),
                (date(2019, 5, day), S.CLOSED),
            ],
            by=head,
            kind=K.SEDP_DRAFT,
            format=F.MINI_GATHERING,
            final_hearing=final,
            program=program,
            starts_at=_at(date(2019, 5, day), 16),
            place="Мектептин спорт залы",
            summary="Программанын долбоорун айыл тургундары менен талкуулоо.",
            notice_posted_on=date(2019, 5, 8),
            channels=["announcement"],
            minutes="Тургундар сунуштарын беришти.",
            villages=[village],
        )
        _attendance(gathering, women, men, villages=[(village, (women, men))])
    _proposals(
        final,
        [
            {
                "source": "mini_gathering",
                "text": "Мектепке чейинки балдар үчүн кезек күтүүчү топ ачуу.",
                "gender": "f",
                "disposition": D.ACCEPTED,
                "answer": "Программага кошулду.",
            },
            {
                "source": "mini_gathering",
                "text": "Жайытка баруучу жолду оңдоо.",
                "gender": "m",
                "disposition": D.ACCEPTED,
                "answer": "Программага кошулду.",
            },
        ],
        by=users.get("aktal_staff"),
    )


def _ak_tal_budget(municipality, users) -> None:
    head = users.get("aktal_head")
    hearing = _hearing(
        municipality,
        title="2019-жылдын жергиликтүү бюджетинин долбоору боюнча коомдук угуу",
        status=S.CLOSED,
        steps=[(date(2018, 5, 21), S.ANNOUNCED), (date(2018, 6, 5), S.HELD), (date(2018, 6, 8), S.CLOSED)],
        by=head,
        kind=K.BUDGET_DRAFT,
        budget_year=2019,
        starts_at=_at(date(2018, 6, 5), 15),
        place="Ак-Тал айыл өкмөтүнүн жыйындар залы",
        chair="Сыдыков Нурлан",
        secretary="Мамбетова Жылдыз",
        summary=(
            "Кирешелер: 18,6 млн сом (анын ичинде теңдештирүүчү грант 55%). Чыгашалар: билим берүү 41%, "
            "жолдор 14%, ичүүчү суу 9%, маданият 6%, башкаруу 30%."
        ),
        agenda="Бюджеттин долбоору\nТургундардын суроолору жана сунуштары",
        notice_posted_on=date(2018, 5, 21),
        channels=["poster", "announcement", "website"],
        minutes="Бюджеттин долбоору сунуштар менен жактырылды жана айылдык кеңешке жөнөтүлдү.",
        council_decision_number="7",
        council_decision_date=date(2018, 6, 28),
    )
    _attendance(hearing, 29, 33, invited=70, deputies=9)
    _proposals(
        hearing,
        [
            {
                "source": "oral",
                "text": "Көчө жарыгына каражатты көбөйтүү.",
                "gender": "f",
                "disposition": D.PARTLY_ACCEPTED,
                "answer": "Көчө жарыгына 150 000 сом кошулду (суралганы 300 000).",
            },
            {
                "source": "oral",
                "text": "Спорт аянтчасын оңдоо.",
                "gender": "m",
                "disposition": D.ACCEPTED,
                "answer": "Бюджетке 200 000 сом киргизилди.",
            },
        ],
        by=users.get("aktal_staff"),
    )


def _kyshtut_tariff(municipality, users) -> None:
    staff = users.get("kyshtut_staff")
    hearing = _hearing(
        municipality,
        title="Ичүүчү суунун тарифи боюнча коомдук угуу",
        status=S.CLOSED,
        steps=[(date(2024, 2, 12), S.ANNOUNCED), (date(2024, 3, 1), S.HELD), (date(2024, 3, 4), S.CLOSED)],
        by=staff,
        kind=K.DRINKING_WATER_TARIFF,
        starts_at=_at(date(2024, 3, 1), 11),
        place="Кыштут айылындагы мектеп",
        chair="Кыштут айыл өкмөтүнүн башчысы",
        secretary="Жумабаева Мээрим",
        summary=(
            "Суу пайдалануучулар ассоциациясы тарифти бир кишиге айына 25 сомдон 40 сомго чейин "
            "көтөрүүнү сунуштайт: насостун электр энергиясы жана түтүктү оңдоо кымбаттады."
        ),
        agenda="Тарифтин эсеби\nТалкуу\nДобуш берүү",
        notice_posted_on=date(2024, 2, 12),
        channels=["poster", "messengers"],
        minutes="Тургундар 35 сомдук тарифти жактырышты, аз камсыз болгон үй-бүлөлөргө жеңилдик менен.",
    )
    _attendance(hearing, 48, 39, invited=120, elderly=14, disabled=3)
    _proposals(
        hearing,
        [
            {
                "source": "oral",
                "text": "Тариф 35 сомдон ашпасын.",
                "gender": "f",
                "disposition": D.ACCEPTED,
                "answer": "Тариф 35 сом болуп бекитилди.",
            },
            {
                "source": "oral",
                "text": "Аз камсыз болгон үй-бүлөлөргө жеңилдик.",
                "gender": "f",
                "disposition": D.ACCEPTED,
                "answer": "50% жеңилдик киргизилди.",
            },
        ],
        by=staff,
    )


def _suu_bashy_vote(municipality, users) -> None:
    hearing = _hearing(
        municipality,
        title="Артыкчылыктарга добуш берүү: айылдык чогулуш",
        status=S.CLOSED,
        steps=[
            (date(2023, 11, 1), S.ANNOUNCED),
            (date(2023, 11, 15), S.HELD),
            (date(2023, 11, 16), S.CLOSED),
        ],
        by=None,
        kind=K.OTHER,
        format=F.VILLAGE_GATHERING,
        starts_at=_at(date(2023, 11, 15), 14),
        place="Суу-Башы айылындагы клуб",
        summary="Тургундар муниципалдык кызмат көрсөтүүлөрдүн көйгөйлөрүн «көйгөйлөр галереясы» менен тандашат.",
        notice_posted_on=date(2023, 11, 1),
        channels=["announcement", "messengers"],
        minutes="Мектепке чейинки билим берүү биринчи орунга чыкты; биргелешкен аракеттер планына киргизилет.",
    )
    _attendance(hearing, 57, 41, youth=19)
    vote = PriorityVote.objects.create(
        hearing=hearing,
        tool=PriorityVote.Tool.PROBLEM_GALLERY,
        question="Кайсы кызматтан баштайбыз?",
        order=1,
    )
    for order, (label, women, men) in enumerate(
        (("Мектепке чейинки билим берүү", 38, 17), ("Сугат суу", 9, 15), ("Таштанды чогултуу", 10, 9)),
        start=1,
    ):
        VoteOption.objects.create(vote=vote, label=label, votes_women=women, votes_men=men, order=order)


def _kok_jar_upcoming(municipality, users) -> None:
    """An upcoming hearing, its consultation open now: dates follow the day the demo is loaded."""
    today = timezone.localdate()
    hearing = _hearing(
        municipality,
        title="2027-жылдын жергиликтүү бюджетинин долбоору боюнча коомдук угуу",
        status=S.ANNOUNCED,
        steps=[(today - timedelta(days=3), S.ANNOUNCED)],
        by=users.get("kokjar_head"),
        kind=K.BUDGET_DRAFT,
        budget_year=2027,
        starts_at=_at(today + timedelta(days=12), 10),
        place="Көк-Жар айылындагы маданият үйү",
        chair="Ташиев Бакыт",
        secretary="Абдыраева Гүлнара",
        summary=(
            "2027-жылдын бюджетинин долбоору: кирешелер 24,3 млн сом, чыгашалар 24,1 млн сом. "
            "Суу түтүгүн оңдоого 1,2 млн сом, көчө жарыгына 0,6 млн сом каралган. "
            "Сунуштарыңызды угууга чейин жөнөтүңүз."
        ),
        agenda="Бюджеттин долбоору\nТургундардын сунуштары",
        notice_posted_on=today - timedelta(days=3),
        channels=["poster", "announcement", "messengers", "website"],
        proposals_open_from=_at(today - timedelta(days=3), 9),
        proposals_open_until=_at(today + timedelta(days=12), 9),
        villages=list(Village.objects.filter(municipality=municipality)),
    )
    _proposals(
        hearing,
        [
            {
                "source": "online",
                "text": "Бала бакчанын жылытуусуна каражат кошуу.",
                "gender": "f",
                "age_group": "29_59",
                "name_may_be_published": False,
            },
        ],
        by=None,
    )


@transaction.atomic
def load_demo_hearings(municipalities: dict, programs: dict, users: dict) -> None:
    """Create or update the demo hearings (see the module's docstring)."""
    if "kok-jar" in municipalities:
        _kok_jar_sedp(municipalities["kok-jar"], programs.get("kok-jar"), users)
        _kok_jar_upcoming(municipalities["kok-jar"], users)
    if "ak-tal" in municipalities:
        _ak_tal_agreement(municipalities["ak-tal"], programs.get("ak-tal"), users)
        _ak_tal_budget(municipalities["ak-tal"], users)
    if "kyshtut" in municipalities:
        _kyshtut_tariff(municipalities["kyshtut"], users)
    if "suu-bashy" in municipalities:
        _suu_bashy_vote(municipalities["suu-bashy"], users)
