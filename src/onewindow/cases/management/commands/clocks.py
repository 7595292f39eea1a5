"""`onewindow clocks refresh`: bring every open case's days left and warning up to today.

Safe to run at any time and twice; the worker (F5) will run it every day.
"""

from django.core.management.base import BaseCommand

from onewindow.cases import clocks
from onewindow.timelimits import sweep


class Command(BaseCommand):
    help = "Refresh the stored clock figures of open cases (days left, warning) for today."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"])

    def handle(self, *args, **options):
        changed = sweep.refresh_due()
        self.stdout.write(f"refreshed {changed} open cases as of {clocks.today()}")
