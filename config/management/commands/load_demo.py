from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.demo import DEMO_PASSWORD, load_demo
from municipalities.models import District


class Command(BaseCommand):
    help = "Create the demo municipalities, projects and users (development only). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (demo users have a known password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo creates users with a known password; it runs only with DEBUG=1 "
                "(or pass --allow-production)."
            )
        if not District.objects.exists():
            raise CommandError("Load the territory first: python manage.py load_territory")
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo logins (password: {DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role:<12} {login.where}")
