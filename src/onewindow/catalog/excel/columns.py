"""The catalog workbook's sheets and columns, and the parser of each cell (docs/catalog-excel.md).

Cells hold the code values of the choices ("01", "promised", "required"), department names, topic codes,
是/否 for booleans and comma-joined lists. Each column's `parse` takes a raw cell value (from a workbook
or a data file) and returns the Python value, or raises `BadCell` with a message that says why.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.utils.translation import gettext as _

from onewindow.org.models import Department

from ..choices import ProxyTier
from ..models import (
    SPECIAL_PROCEDURES,
    Bundle,
    BundleItem,
    ItemFee,
    ItemJointDepartment,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    Topic,
)

YES, NO = "是", "否"
TRUE_WORDS = {YES, "true", "1", "y", "yes"}
FALSE_WORDS = {NO, "false", "0", "n", "no"}
LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


class BadCell(Exception):
    """A cell's value cannot be used; the message says why."""


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], object]
    kind: str = "text"  # text, int, decimal, bool, list, choice: how the export formats the column
    choices: tuple = ()


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(model, name: str, *, strip: bool = False, required: bool | None = None, column: str | None = None):
    model_field = model._meta.get_field(name)
    required = not model_field.blank if required is None else required
    max_length = model_field.max_length

    def parse(value):
        text = as_text(value)
        if strip:
            text = text.strip()
        if not text.strip():
            if required:
                raise BadCell(_("此项必填。"))
            return "" if strip or value is None else text
        if max_length and len(text) > max_length:
            raise BadCell(_("不能超过 %(n)s 个字符。") % {"n": max_length})
        return text

    return Column(column or name, parse)


def _choice(model, name: str):
    model_field = model._meta.get_field(name)
    allowed = [value for value, _label in model_field.choices]
    numeric = isinstance(allowed[0], int)
    default = model_field.default if model_field.has_default() else None

    def parse(value):
        if blank(value):
            if default is None:
                raise BadCell(_("此项必填。"))
            return default
        if numeric:
            try:
                result = _integer_value(value)
            except BadCell:
                result = None
        else:
            result = as_text(value).strip()
            if result not in allowed and model_field.max_length and result.isdigit():
                result = result.zfill(model_field.max_length)  # 1 typed into Excel for "01"
        if result not in allowed:
            raise BadCell(
                _("“%(value)s”不是可选的值；可选：%(allowed)s。")
                % {"value": as_text(value), "allowed": ", ".join(map(str, allowed))}
            )
        return result

    return Column(name, parse, "choice", tuple(allowed))


def _integer_value(value) -> int:
    if isinstance(value, bool):
        raise BadCell(_("应为整数。"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise BadCell(_("应为整数。"))


def _integer(model, name: str, *, column: str | None = None, maximum: int | None = None):
    model_field = model._meta.get_field(name)
    default = model_field.default if model_field.has_default() else None

    def parse(value):
        if blank(value):
            if model_field.null:
                return None
            if default is None:
                raise BadCell(_("此项必填。"))
            return default
        number = _integer_value(value)
        low, high = connection.ops.integer_field_range(model_field.get_internal_type())
        if maximum is not None:
            high = maximum if high is None else min(high, maximum)
        if (low is not None and number < low) or (high is not None and number > high):
            raise BadCell(_("应为 %(low)s 到 %(high)s 之间的整数。") % {"low": low, "high": high})
        return number

    return Column(column or name, parse, "int")


def _boolean(model, name: str):
    default = model._meta.get_field(name).default

    def parse(value):
        if blank(value):
            return default
        if isinstance(value, bool):
            return value
        word = as_text(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise BadCell(_("应为“是”或“否”。"))

    return Column(name, parse, "bool", (YES, NO))


def _list(name: str, allowed=None):
    def parse(value):
        if blank(value):
            return []
        if isinstance(value, list | tuple):  # from a data file; a cell holds the words comma-joined
            value = ",".join(map(as_text, value))
        words = [w for w in LIST_SEPARATORS.split(as_text(value).strip()) if w]
        unique = list(dict.fromkeys(words))
        if allowed is not None and (unknown := [w for w in unique if w not in allowed]):
            raise BadCell(
                _("未知的值：%(values)s；可选：%(allowed)s。")
                % {"values": ", ".join(unknown), "allowed": ", ".join(allowed)}
            )
        return unique

    return Column(name, parse, "list")


def _decimal(model, name: str):
    model_field = model._meta.get_field(name)
    places = Decimal(1).scaleb(-model_field.decimal_places)
    limit = Decimal(10) ** (model_field.max_digits - model_field.decimal_places)

    def parse(value):
        if blank(value):
            raise BadCell(_("此项必填。"))
        if isinstance(value, bool):
            raise BadCell(_("应为金额。"))
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise BadCell(_("应为金额。")) from None
        if not amount.is_finite() or amount < 0 or amount >= limit:
            raise BadCell(_("应为小于 %(limit)s 的非负金额。") % {"limit": limit})
        if amount != amount.quantize(places):
            raise BadCell(_("最多 %(n)s 位小数。") % {"n": model_field.decimal_places})
        return amount.quantize(places)

    return Column(name, parse, "decimal")


def _code_ref(name: str = "implementation_code"):
    return _text(ItemVersion, "implementation_code", strip=True, required=True, column=name)


SHEETS: dict[str, list[Column]] = {
    "items": [
        _code_ref(),
        _text(ItemVersion, "basic_code", strip=True),
        _text(ItemVersion, "name"),
        _choice(ItemVersion, "item_type"),
        _choice(ItemVersion, "tier"),
        _text(Department, "name", strip=True, column="department"),
        _integer(ItemVersion, "legal_limit_days"),
        _integer(ItemVersion, "promised_limit_days"),
        _choice(ItemVersion, "case_kind"),
        _integer(ItemVersion, "visits_required"),
        _choice(ItemVersion, "online_depth"),
        _text(ItemVersion, "conditions"),
        _text(ItemVersion, "power_source"),
        _list("special_procedures", SPECIAL_PROCEDURES),
        _choice(ItemVersion, "supplement_rule"),
        _boolean(ItemVersion, "extension_allowed"),
        _integer(ItemVersion, "extension_max_days"),
        _integer(ItemVersion, "yellow_threshold_days"),
        _text(ItemVersion, "issues_certificate"),
        _text(ItemVersion, "report_up_authority"),
        _integer(ItemVersion, "report_up_limit_days"),
        _list("proxyable_tiers", list(ProxyTier.values)),
        _boolean(ItemVersion, "delegated_to_town"),
        _list("topics"),
        _text(ItemVersion, "location"),
        _text(ItemVersion, "hours"),
        _text(ItemVersion, "phone"),
        _text(ItemVersion, "implementing_body"),
    ],
    "materials": [
        _code_ref(),
        _text(ItemMaterial, "name"),
        _choice(ItemMaterial, "requirement"),
        _choice(ItemMaterial, "form"),
        _integer(ItemMaterial, "copies"),
        _choice(ItemMaterial, "source"),
        _text(ItemMaterial, "certificate_type"),
        _text(Department, "name", strip=True, required=False, column="source_department"),
        _text(ItemMaterial, "acceptance_standard"),
    ],
    "fees": [
        _code_ref(),
        _text(ItemFee, "name"),
        _decimal(ItemFee, "amount"),
        _text(ItemFee, "basis"),
        _boolean(ItemFee, "waivable"),
        _choice(ItemFee, "condition"),
        _text(ItemFee, "question"),
        _text(ItemFee, "answer"),
    ],
    "steps": [
        _code_ref(),
        _text(ItemStep, "name"),
        _integer(ItemStep, "share_percent", maximum=100),
    ],
    "joint_departments": [
        _code_ref(),
        _text(Department, "name", strip=True, column="department"),
        _boolean(ItemJointDepartment, "is_lead"),
        _integer(ItemJointDepartment, "limit_days"),
    ],
    "topics": [
        _text(Topic, "code", strip=True),
        _text(Topic, "name"),
        _choice(Topic, "audience"),
        _integer(Topic, "sort_order"),
    ],
    "bundles": [
        _text(Bundle, "code", strip=True),
        _text(Bundle, "name"),
        _text(Bundle, "description"),
        _list("topics"),
        _boolean(Bundle, "is_active"),
    ],
    "bundle_items": [
        _text(Bundle, "code", strip=True, column="bundle"),
        _code_ref(),
        _integer(BundleItem, "sort_order"),
    ],
}
TEXT_FORMAT_KINDS = {"text", "choice", "list"}
