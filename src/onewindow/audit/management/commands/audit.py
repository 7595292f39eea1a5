from django.core.management.base import BaseCommand, CommandError

from onewindow.audit import services


class Command(BaseCommand):
    help = "Seal and verify the hash-chained audit log: `audit verify`, `audit seal`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Seal what is pending, recompute the chain; OK or the first broken event."
        )
        verify.add_argument(
            "--no-seal", action="store_true", help="Check only; do not seal pending events first."
        )
        sub.add_parser("seal", help="Chain every event not yet sealed.")

    def handle(self, *args, action, **options):
        if action == "seal":
            self.stdout.write(f"sealed {services.seal_pending()} events")
            return
        if not options.get("no_seal"):
            services.seal_pending()
        result = services.verify()
        if not result.ok:
            raise CommandError(f"BROKEN at audit event {result.broken_event_id}: {result.reason}")
        self.stdout.write(
            f"OK: {result.checked} events chained, head {result.head}, {result.pending} awaiting seal"
        )
