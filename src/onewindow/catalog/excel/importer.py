"""The all-or-nothing catalog import, from a workbook (`import_catalog`) or from rows given as dicts
(`import_rows`: a data file such as the demo catalog's). Both read into the same parsed rows and go on
through the same checks and the same writing: there is one way into the catalog in bulk.

Any error raises `Invalid(code="workbook_invalid")` with every error in `details` as
{"sheet", "row", "column", "message"}, and nothing is written. Otherwise one transaction upserts the
topics, publishes a new version of every new or changed item (an item whose published content equals
the row is left alone) and upserts the bundles; one audit event records the import and every version it
published (published versions are never edited, so they keep the content).
"""

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from .. import services
from .checks import Checker
from .columns import SHEETS
from .reader import Row, open_workbook, read_dicts, read_workbook
from .writing import write_bundles, write_items, write_topics

Progress = Callable[[int, int], None]


def import_catalog(fileobj, *, actor, progress: Progress | None = None) -> dict:
    """Import a workbook in the export's template, all or nothing.

    Returns the counts {"created", "updated", "unchanged", "bundles"}. `progress(done, total)` is
    called with item rows checked (total: the item rows) as the work goes on.
    """
    _require_admin(actor)
    checker = Checker(progress)
    wb = open_workbook(fileobj)
    try:
        sheets = read_workbook(checker, wb)
    finally:
        wb.close()
    return _import(checker, sheets, actor)


def import_rows(data: Mapping[str, Iterable[Mapping]], *, actor, progress: Progress | None = None) -> dict:
    """Import rows given per sheet name as dicts keyed by the template's column names (the cells'
    values as a workbook would hold them), all or nothing, exactly as `import_catalog` does. A sheet
    left out holds no rows; an error's `row` counts the first row of a sheet as 2, as under a header."""
    _require_admin(actor)
    checker = Checker(progress)
    return _import(checker, read_dicts(checker, data), actor)


def _require_admin(actor) -> None:
    if actor is not None:  # None: the system
        require_role(actor_of(actor), Role.ADMIN)


def _import(checker: Checker, sheets: dict[str, list[Row]], actor) -> dict:
    stamp = services.catalog_stamp()  # progress is written as the checks go, so they run outside the
    # write transaction; the stamp proves the catalog did not change between checking and writing
    checker.load_lookups()
    checker.check_topics(sheets["topics"])
    plans = checker.check_items(sheets)
    checker.check_bundles(sheets, plans)
    total = len(plans)
    checker.progress(0, total)
    to_write, unchanged = checker.classify(plans)
    if checker.errors:
        order = {sheet: i for i, sheet in enumerate(SHEETS)}
        columns = {sheet: {c.name: i for i, c in enumerate(cols)} for sheet, cols in SHEETS.items()}
        checker.errors.sort(
            key=lambda e: (
                order.get(e["sheet"], -1),
                e["row"] or 0,
                columns.get(e["sheet"], {}).get(e["column"], -1),
            )
        )
        raise Invalid(
            _("工作簿中有 %(n)s 处错误，未导入任何内容。") % {"n": len(checker.errors)},
            code="workbook_invalid",
            details=checker.errors,
        )
    with transaction.atomic():
        services.lock_catalog()
        if services.catalog_stamp() != stamp:
            raise Conflict(_("导入期间清单被他人修改，请重新导入。"), code="catalog_changed")
        topic_ids = write_topics(sheets["topics"], checker.db_topics)
        written = write_items(to_write, topic_ids, actor)
        bundles = write_bundles(sheets, plans, topic_ids, checker.item_of_code)
        summary = {
            "created": sum(1 for p in to_write if not p.published_pk),
            "updated": sum(1 for p in to_write if p.published_pk),
            "unchanged": unchanged,
            "bundles": bundles,
        }
        # One event for the whole import: each published version is immutable and holds its content.
        audit.record(
            actor=actor,
            action="catalog.import",
            object_type="catalog",
            after={
                **summary,
                "versions": written,
                "topics": [r.values["code"] for r in sheets["topics"]],
                "bundle_codes": [r.values["code"] for r in sheets["bundles"]],
            },
        )
    checker.progress(total, total)
    return summary
