from django.core.management.base import BaseCommand

from documents.services import sweep_documents


class Command(BaseCommand):
    help = "Queue documents left pending (broker down) or stuck rendering (worker crash). Safe any time."

    def handle(self, *args, **options):
        result = sweep_documents()
        self.stdout.write(f"Documents reset: {result['reset']}, queued: {result['queued']}.")
