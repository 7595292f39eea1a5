from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onewindow.ops import services
from onewindow.ops.errors import OpsError


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz, mode 0600) of the database, the uploaded files and a manifest with "
        "checksums, consistently while the system runs. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="A directory (the archive is named onewindow-YYYYMMDD-HHMMSS.tar.gz, Asia/Shanghai time) "
            "or a new file name. Default: ONEWINDOW_VAR_DIR/backups/.",
        )

    def handle(self, *args, output, **options):
        try:
            result = services.backup(output, progress=self.progress)
        except OpsError as exc:
            raise CommandError(_("备份失败：%(error)s") % {"error": exc}) from exc
        self.stdout.write(
            _("备份完成：%(path)s（%(mb).1f MB，%(files)s 个文件，用时 %(seconds).1f 秒）")
            % {
                "path": result.path,
                "mb": result.size / 1e6,
                "files": len(result.manifest["files"]),
                "seconds": result.seconds,
            }
        )
        head = result.manifest["audit_head"]
        if head:
            self.stdout.write(
                _("审计哈希链头：第 %(seq)s 个事件 %(hash)s") % {"seq": head["seq"], "hash": head["hash"]}
            )
        self.stdout.write(f"SHA-256 {result.sha256}  {result.path.name}")

    def progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
