from django.core.management.base import BaseCommand

from onewindow.catalog.demo_catalog import load_demo_catalog
from onewindow.org import demo


class Command(BaseCommand):
    help = (
        "Load the demo county and its service-item catalog (idempotent). "
        "With --if-empty, do nothing when any division exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only load into an empty database.")

    def handle(self, *args, if_empty, **options):
        if if_empty and demo.is_loaded():
            self.stdout.write("organisation data present; demo county not loaded")
            return
        counts = demo.load_demo()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"demo county loaded: {summary}; demo password {demo.DEMO_PASSWORD!r}")
        catalog = load_demo_catalog()
        summary = ", ".join(f"{n} {what}" for what, n in catalog.items())
        self.stdout.write(f"demo catalog loaded: {summary}")
