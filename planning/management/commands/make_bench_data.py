from django.core.management.base import BaseCommand, CommandError

from municipalities.models import District, Municipality, Village
from municipalities.territory import load_territory
from planning.demo.sample import build_background, build_program


class Command(BaseCommand):
    help = (
        "Create a municipality with a complete program of N activities and print the program's id; "
        "with --background, also other municipalities' plans with that many activities in all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=0, help="number of activities (1–5000)")
        parser.add_argument("--years", type=int, default=5, help="length of the period (1–10)")
        parser.add_argument(
            "--background",
            type=int,
            default=0,
            help="activities of other municipalities' plans to add first (e.g. 150000), in bulk",
        )

    def handle(self, *args, activities: int, years: int, background: int, **options):
        if not District.objects.exists():
            load_territory()
        if background:
            made = build_background(activities=background)
            self.stderr.write(f"{made} background activities created")
        if not activities and background:
            return
        if not 1 <= activities <= 5000:
            raise CommandError("--activities must be between 1 and 5000.")
        if not 1 <= years <= 10:
            raise CommandError("--years must be between 1 and 10.")
        district = District.objects.filter(kind=District.Kind.RAYON).order_by("pk").first()
        number = Municipality.objects.filter(name_en__startswith="Bench ").count() + 1
        municipality = Municipality.objects.create(
            district=district,
            name_ky=f"Бенчмарк {number} айыл аймагы",
            name_ru=f"Бенчмарк {number} айылный аймак",
            name_en=f"Bench {number} aiyl aimak",
        )
        Village.objects.create(municipality=municipality, name_ky=f"Бенчмарк {number}", is_centre=True)
        program = build_program(municipality=municipality, activities=activities, years=years)
        self.stdout.write(str(program.pk))
