from django.core.management.base import BaseCommand

from municipalities.territory import load_territory


class Command(BaseCommand):
    help = "Load the oblasts, rayons and cities of Kyrgyzstan. Safe to run again."

    def handle(self, *args, **options):
        report = load_territory()
        self.stdout.write(self.style.SUCCESS(f"Territory loaded: {report}."))
