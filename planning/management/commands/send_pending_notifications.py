from django.core.management.base import BaseCommand

from planning.review.notifications import send_pending


class Command(BaseCommand):
    help = (
        "Send the e-mails of notifications that could not be queued (broker down). "
        "Celery beat runs this every 10 minutes; it is safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=5, help="minutes a notification has waited")

    def handle(self, *args, older_than: int, **options):
        self.stdout.write(f"Notification e-mails sent: {send_pending(older_than_minutes=older_than)}.")
