from django.core.management.base import BaseCommand

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.demo import county as demo
from onewindow.demo.cases import load_demo_cases
from onewindow.demo.catalog import load_demo_catalog
from onewindow.demo.onsite import load_demo_onsite
from onewindow.demo.proxy import load_demo_proxy
from onewindow.demo.supervision import load_demo_supervision


class Command(BaseCommand):
    help = (
        "Load the demo county, its service-item catalog and some 520 demo cases (idempotent: the cases "
        "only into a database without any). With --if-empty, do nothing when any division exists."
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
        self.load_cases()
        self.load_supervision()
        self.load_proxy()
        self.load_onsite()

    def load_cases(self):
        self.stdout.write("demo cases: playing the last two months of the hall...")
        try:
            result = load_demo_cases(progress=self.progress)
        except CalendarNotLoaded as exc:
            self.stdout.write(
                f"demo cases not loaded: the working-day calendar for {exc.year} is not loaded "
                "(load it under 工作日历, then run `onewindow demo` again)"
            )
            return
        if not result["created"]:
            self.stdout.write(f"cases present ({result['cases']}); demo cases not loaded")
            return
        statuses = ", ".join(f"{n} {status}" for status, n in result["status"].items())
        warnings = ", ".join(f"{n} {level}" for level, n in result["open_warning"].items())
        self.stdout.write(
            f"demo cases loaded: {result['cases']} cases in {result['seconds']}s ({statuses}); "
            f"open cases: {warnings}; accounts: citizen and company (online applicants), "
            "chief_* (a chief representative for each department), with the demo password"
        )

    def load_supervision(self):
        try:
            result = load_demo_supervision()
        except CalendarNotLoaded as exc:
            self.stdout.write(f"demo supervision not loaded: the calendar for {exc.year} is not loaded")
            return
        if not result["created"]:
            self.stdout.write(f"matters present ({result['matters']}); demo supervision not loaded")
            return
        self.stdout.write(
            f"demo supervision loaded: {result['matters']} matters, {result['cards']} cards, "
            f"{result['urgings']} urgings; report: {result['report']}; the telecom unit's contact: telecom"
        )

    def load_proxy(self):
        try:
            result = load_demo_proxy()
        except CalendarNotLoaded as exc:
            self.stdout.write(f"demo proxy service not loaded: the calendar for {exc.year} is not loaded")
            return
        if not result["created"]:
            self.stdout.write(f"proxy requests present ({result['requests']}); demo proxy service not loaded")
            return
        self.stdout.write(
            f"demo proxy service loaded: {result['requests']} requests in every step, "
            f"{result['handovers']} hand-overs of materials, {result['projects']} key projects"
        )

    def load_onsite(self):
        try:
            result = load_demo_onsite()
        except CalendarNotLoaded as exc:
            self.stdout.write(f"demo office days not loaded: the calendar for {exc.year} is not loaded")
            return
        if not result["created"]:
            self.stdout.write(f"office days present ({result['sessions']}); demo office days not loaded")
            return
        self.stdout.write(
            f"demo office days loaded: {result['leaders']} leaders, the 2026 rota of {result['sessions']} "
            f"Wednesdays, {result['walked']} sessions with decisions ({result['closed']} sessions closed); "
            "the leaders' accounts: leader, leader_chen, leader_liu, leader_wang, leader_zhang; police"
        )

    def progress(self, done, total):
        self.stdout.write(f"  {done}/{total} cases")
        self.stdout.flush()
