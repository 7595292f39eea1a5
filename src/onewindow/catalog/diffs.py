"""What publishing a draft would change: the difference between two versions' contents (the dicts of
`services.content_of`), field by field with the labels people read, and line by line for the materials
and the fees (matched by name). Shown before an administrator confirms, and answered by the API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ItemFee, ItemMaterial, ItemVersion
from .services import FEE_FIELDS, MATERIAL_FIELDS, SCALAR_FIELDS


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class LineChanges:
    """One list of a version (materials or fees): lines added, removed and changed, by name."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[Change]]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


@dataclass
class Diff:
    fields: list[Change]
    materials: LineChanges
    fees: LineChanges
    first: bool = False  # nothing published before: everything is new

    def __bool__(self):
        return self.first or bool(self.fields or self.materials or self.fees)

    def as_dict(self) -> dict:
        def lines(changes: LineChanges) -> dict:
            return {
                "added": changes.added,
                "removed": changes.removed,
                "changed": [{"name": n, "fields": [c.__dict__ for c in cs]} for n, cs in changes.changed],
            }

        return {
            "first": self.first,
            "fields": [c.__dict__ for c in self.fields],
            "materials": lines(self.materials),
            "fees": lines(self.fees),
        }


def _shown(model, name: str, value) -> str:
    """A value as a person reads it: a choice's label, yes/no, a list joined, a department's name."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "—"
    if name == "department":
        from onewindow.org.models import Department

        return str(Department.objects.filter(pk=value).values_list("name", flat=True).first() or value)
    model_field = model._meta.get_field(name) if name != "topics" else None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _label(model, name: str) -> str:
    if name == "topics":
        return _("主题")
    return str(model._meta.get_field(name).verbose_name)


def _fields(model, names, before: dict, after: dict) -> list[Change]:
    return [
        Change(_label(model, n), _shown(model, n, before.get(n)), _shown(model, n, after.get(n)))
        for n in names
        if _shown(model, n, before.get(n)) != _shown(model, n, after.get(n))
    ]


def _lines(model, names, before: list[dict], after: list[dict]) -> LineChanges:
    old = {line["name"]: line for line in before}
    new = {line["name"]: line for line in after}
    changes = LineChanges(added=[n for n in new if n not in old], removed=[n for n in old if n not in new])
    for name in new.keys() & old.keys():
        if differs := _fields(model, names, old[name], new[name]):
            changes.changed.append((name, differs))
    changes.changed.sort()
    return changes


def diff(before: dict | None, after: dict) -> Diff:
    """From `before` (the published content; None for an item never published) to `after`."""
    first = before is None
    before = before or {}
    scalars = [*SCALAR_FIELDS, "department", "topics"]
    return Diff(
        fields=[] if first else _fields(ItemVersion, scalars, before, after),
        materials=_lines(
            ItemMaterial, MATERIAL_FIELDS, before.get("materials", []), after.get("materials", [])
        ),
        fees=_lines(ItemFee, FEE_FIELDS, before.get("fees", []), after.get("fees", [])),
        first=first,
    )
