from django.core.management.base import BaseCommand

from planning.reference import load_reference


class Command(BaseCommand):
    help = "Load the sectors, funding sources and standard indicators (ky/ru/en). Safe to run again."

    def handle(self, *args, **options):
        sectors, sources, indicators = load_reference()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {sectors} sectors, {sources} funding sources, "
                f"{indicators} standard indicators."
            )
        )
