from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onewindow.ops import services
from onewindow.ops.errors import OpsError


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive of `onewindow backup`, after "
        "verifying its checksums; then compare row counts and verify the audit chain. Stop the server "
        "and the worker first. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by `onewindow backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database that already holds data."
        )

    def handle(self, *args, path, force, **options):
        try:
            report = services.restore(path, force=force, progress=self.progress)
        except OpsError as exc:
            raise CommandError(_("恢复失败：%(error)s") % {"error": exc}) from exc
        for warning in report.warnings:
            self.stderr.write(_("注意：%(warning)s") % {"warning": warning})
        if report.old_media is not None:
            self.stdout.write(
                _("原有的上传文件已移到 %(path)s：确认恢复无误后可删除。") % {"path": report.old_media}
            )
        for table, (expected, found) in sorted(report.count_mismatches.items()):
            self.stderr.write(
                _("行数不符：%(table)s 备份中 %(expected)s 行，恢复后 %(found)s 行")
                % {"table": table, "expected": expected, "found": found}
            )
        verification = report.audit_check
        if not verification.ok:
            self.stderr.write(
                _("审计哈希链校验失败：事件 %(event)s：%(reason)s")
                % {"event": verification.broken_event_id, "reason": verification.reason}
            )
        if report.audit_head_differs:
            self.stderr.write(
                _("审计哈希链头 %(found)s 与备份时的 %(expected)s 不同。")
                % {"found": verification.head, "expected": report.manifest["audit_head"]["hash"]}
            )
        if not report.ok:
            raise CommandError(_("恢复已写入，但核对未通过（见上）：请勿开放服务，检查后重新恢复。"))
        self.stdout.write(
            _(
                "恢复完成：%(created)s 的备份，%(tables)s 张表行数一致，审计哈希链完好（%(events)s 个事件，"
                "链头 %(head)s），用时 %(seconds).1f 秒。"
            )
            % {
                "created": report.manifest["created_at"],
                "tables": len(report.manifest["row_counts"]),
                "events": verification.checked,
                "head": verification.head,
                "seconds": report.seconds,
            }
        )

    def progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
