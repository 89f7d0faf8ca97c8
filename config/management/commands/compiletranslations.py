from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po into .mo files. Unlike compilemessages it needs no "
        "system gettext, so `make run` works on a fresh machine."
    )

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if catalogue.metadata_is_fuzzy:
                    raise CommandError(f"{po_path}: the header is marked fuzzy; plural forms would be lost.")
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} catalogue(s) updated.")
