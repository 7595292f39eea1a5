from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the .po catalogs to .mo without GNU gettext (`translations compile`), or list "
        "untranslated entries and fail if any (`translations check`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compile", "check"])

    def handle(self, *args, action, **options):
        catalogs = sorted(p for root in settings.LOCALE_PATHS for p in Path(root).glob("*/LC_MESSAGES/*.po"))
        missing = 0
        for po_path in catalogs:
            catalog = polib.pofile(str(po_path))
            if action == "compile":
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path.relative_to(settings.PACKAGE_DIR)}")
                continue
            for entry in catalog.untranslated_entries() + catalog.fuzzy_entries():
                missing += 1
                self.stdout.write(f"{po_path.name}:{entry.linenum}: {entry.msgid}")
        if missing:
            raise CommandError(f"{missing} entries untranslated or fuzzy")
