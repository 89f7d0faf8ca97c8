"""Demo data from the field (shared GLOSSARY.md, "Facts from the field").

`python manage.py load_demo` calls `load_demo()`. Every object is found by a natural key and
updated in place, so running it twice gives the same rows. Plans, hearings, trainings and
monitoring reports are loaded here too.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, ProjectCoordinator, User
from hearings.demo import load_demo_hearings
from monitoring.demo import load_demo_monitoring
from municipalities.models import District, DonorProject, Municipality, Village
from planning.demo.programs import load_demo_programs
from planning.demo.review import load_demo_review
from trainings.demo import load_demo_trainings

DEMO_PASSWORD = "demo-sedp-2026"  # noqa: S105 - demo users only; load_demo refuses to run in production

# (key, ky, ru, en, rayon SOATE)
MUNICIPALITIES = [
    ("kok-jar", "Көк-Жар айыл аймагы", "Кок-Жарский айылный аймак", "Kök-Jar aiyl aimak", "41706242000000"),
    ("ak-tal", "Ак-Тал айыл аймагы", "Ак-Талский айылный аймак", "Ak-Tal aiyl aimak", "41704210000000"),
    ("kyshtut", "Кыштут айыл аймагы", "Кыштутский айылный аймак", "Kyshtut aiyl aimak", "41705214000000"),
    ("suu-bashy", "Суу-Башы айыл аймагы", "Суу-Башинский айылный аймак", "Suu-Bashy aiyl aimak", "41705214000000"),
    ("sumbula", "Сумбула айыл аймагы", "Сумбулинский айылный аймак", "Sumbula aiyl aimak", "41705236000000"),
    ("toguz-bulak", "Тогуз-Булак айыл аймагы", "Тогуз-Булакский айылный аймак", "Toguz-Bulak aiyl aimak", "41705236000000"),
]  # fmt: skip

# The centre village of each aimak carries its name.
CENTRES = {
    "kok-jar": ("Көк-Жар", "Кок-Жар", "Kök-Jar"),
    "ak-tal": ("Ак-Тал", "Ак-Тал", "Ak-Tal"),
    "kyshtut": ("Кыштут", "Кыштут", "Kyshtut"),
    "suu-bashy": ("Суу-Башы", "Суу-Башы", "Suu-Bashy"),
    "sumbula": ("Сумбула", "Сумбула", "Sumbula"),
    "toguz-bulak": ("Тогуз-Булак", "Тогуз-Булак", "Toguz-Bulak"),
}

PROJECTS = [
    {
        "key": "vap",
        "name_ky": "Элдин үнү жана ЖӨБ органдарынын отчеттуулугу: бюджеттик процесс",
        "name_ru": "Голос народа и подотчётность органов МСУ: бюджетный процесс",
        "name_en": "Voice of the People and Accountability of LSG: budget process (VAP)",
        "donor_ky": "Швейцариянын өнүктүрүү жана кызматташтык агенттиги (SDC)",
        "donor_ru": "Швейцарское агентство по развитию и сотрудничеству (SDC)",
        "donor_en": "Swiss Agency for Development and Cooperation (SDC)",
        "implementer_ky": "Өнүктүрүү саясаты институту (ӨСИ)",
        "implementer_ru": "Институт политики развития (ИПР)",
        "implementer_en": "Development Policy Institute (DPI)",
        "start_year": 2017,
        "end_year": 2021,
        "targets": ["kok-jar", "ak-tal"],
    },
    {
        "key": "msdsp",
        "name_ky": "Социалдык отчеттуулук жана муниципалдык кызматтарга жеткиликтүүлүк",
        "name_ru": "Социальная подотчётность и доступ к муниципальным услугам",
        "name_en": "Social accountability and access to municipal services",
        "donor_ky": "Ага Хан Фонду",
        "donor_ru": "Фонд Ага Хана",
        "donor_en": "Aga Khan Foundation",
        "implementer_ky": "Тоолуу коомдоштуктарды өнүктүрүүнү колдоо программасы (MSDSP KG)",
        "implementer_ru": "Программа поддержки развития горных сообществ (MSDSP KG)",
        "implementer_en": "Mountain Societies Development Support Programme (MSDSP KG)",
        "start_year": 2023,
        "end_year": 2024,
        "targets": ["kyshtut", "suu-bashy", "sumbula", "toguz-bulak"],
    },
]

# (username, first name, last name, e-mail language, role, where)
USERS = [
    ("admin", "Айгүл", "Осмонова", "ky", "admin", None),
    ("kokjar_head", "Бакыт", "Ташиев", "ky", "head", "kok-jar"),
    ("kokjar_staff", "Гүлнара", "Абдыраева", "ky", "staff", "kok-jar"),
    ("aktal_head", "Нурлан", "Сыдыков", "ky", "head", "ak-tal"),
    ("aktal_staff", "Жылдыз", "Мамбетова", "ru", "staff", "ak-tal"),
    ("kyshtut_staff", "Мээрим", "Жумабаева", "ky", "staff", "kyshtut"),
    ("vap_coordinator", "Эркин", "Асанов", "ru", "coordinator", "vap"),
    ("msdsp_coordinator", "Динара", "Исакова", "en", "coordinator", "msdsp"),
]  # fmt: skip


@dataclass
class DemoLogin:
    username: str
    role: str
    where: str


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create or update the demo municipalities, projects and people; return the logins."""
    municipalities: dict[str, Municipality] = {}
    for key, ky, ru, en, rayon_soate in MUNICIPALITIES:
        district = District.objects.get(soate=rayon_soate)
        municipality, _ = Municipality.objects.update_or_create(
            district=district,
            name_en=en,
            defaults={"name_ky": ky, "name_ru": ru, "kind": Municipality.Kind.AIYL_AIMAK},
        )
        centre_ky, centre_ru, centre_en = CENTRES[key]
        Village.objects.update_or_create(
            municipality=municipality,
            name_en=centre_en,
            defaults={"name_ky": centre_ky, "name_ru": centre_ru, "is_centre": True},
        )
        municipalities[key] = municipality

    projects: dict[str, DonorProject] = {}
    for spec in PROJECTS:
        fields = {k: v for k, v in spec.items() if k not in {"key", "targets", "name_en"}}
        project, _ = DonorProject.objects.update_or_create(name_en=spec["name_en"], defaults=fields)
        project.target_municipalities.set([municipalities[k] for k in spec["targets"]])
        projects[spec["key"]] = project

    logins = []
    users = {}
    for username, first, last, language, role, where in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "language": language,
                "is_superuser": role == "admin",
                "is_staff": role == "admin",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users[username] = user
        if role in {"head", "staff"}:
            Membership.objects.update_or_create(
                user=user, municipality=municipalities[where], defaults={"role": role}
            )
            logins.append(DemoLogin(username, role, municipalities[where].name_en))
        elif role == "coordinator":
            ProjectCoordinator.objects.get_or_create(user=user, project=projects[where])
            logins.append(DemoLogin(username, role, projects[where].name_en))
        else:
            logins.append(DemoLogin(username, role, "Django admin"))

    programs = load_demo_programs(municipalities)
    load_demo_review(programs, users)
    load_demo_hearings(municipalities, programs, users)
    load_demo_trainings(municipalities, projects, users)
    load_demo_monitoring(programs, users)
    return logins
