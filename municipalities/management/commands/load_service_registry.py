"""Load the base registry of municipal services (municipalities/data/service_registry.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from municipalities.data.service_registry import SERVICES
from municipalities.models import BaseService


def load_service_registry(services=SERVICES) -> tuple[int, int]:
    """Create or update every service by its code; those no longer listed are put out of use.
    Returns (created, updated)."""
    created = updated = 0
    codes = []
    with transaction.atomic():
        for order, (code, sector, ky, ru, en) in enumerate(services, start=1):
            codes.append(code)
            _, was_created = BaseService.objects.update_or_create(
                code=code,
                defaults={
                    "sector": sector,
                    "name_ky": ky,
                    "name_ru": ru,
                    "name_en": en,
                    "order": order,
                    "is_active": True,
                },
            )
            created += was_created
            updated += not was_created
        BaseService.objects.exclude(code__in=codes).update(is_active=False)
    return created, updated


class Command(BaseCommand):
    help = "Load the base registry of municipal services (create or update by code)."

    def handle(self, *args, **options):
        created, updated = load_service_registry()
        self.stdout.write(f"Base registry of municipal services: {created} created, {updated} updated.")
