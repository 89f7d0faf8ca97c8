from django.core.management.base import BaseCommand

from documents.services import sweep_documents


class Command(BaseCommand):
    help = (
        "Queue documents left pending (broker down) and take over renders whose worker died "
        "(their lease ran out). Safe any time."
    )

    def handle(self, *args, **options):
        result = sweep_documents()
        self.stdout.write(
            f"Documents taken over: {result['reset']}, given up: {result['failed']}, "
            f"queued: {result['queued']}, watched: {result['watched']}."
        )
