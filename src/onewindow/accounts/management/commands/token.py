from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from onewindow.accounts import services
from onewindow.accounts.models import ApiToken
from onewindow.errors import NotFound


class Command(BaseCommand):
    help = "Manage API tokens: `token create USERNAME [--name N]`, `token list USERNAME`, `token revoke ID`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token and print it (it is shown only once).")
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by id.")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, action, **options):
        if action == "revoke":
            try:
                token = services.revoke_token(actor=None, token_id=options["token_id"])
            except NotFound as exc:
                raise CommandError(f"no token with id {options['token_id']}") from exc
            self.stdout.write(f"revoked {token.pk}")
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if action == "create":
            _token, raw = services.create_token(actor=None, user=user, name=options["name"])
            self.stdout.write(raw)
            return
        for token in ApiToken.objects.filter(user=user):
            state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
            self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\t{state}")
