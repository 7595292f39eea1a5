"""Writing, sealing and verifying the audit log.

`record` is called by every service inside its own transaction. Sealing (chaining events by hash)
runs after commit in its own short transaction, so business writes never wait on the chain's lock;
`verify` walks the chain and names the first event that does not hold.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from onewindow import background
from onewindow.core.hashchain import GENESIS, Link, link_hash, verify_chain
from onewindow.core.masking import mask_id_number, mask_phone, mask_text

from . import context, queries
from .models import CHAIN_FIELDS, AuditEvent, AuditPending, AuditSeal, chain_record_of

# Any constant works; it names the chain's lock among PostgreSQL advisory locks.
_SEAL_LOCK_KEY = 0x0AD17C4A1


# Personal data is masked in the log too (rule 8): the log proves that a number changed, not what it is.
# A field is personal when its name ends with one of these (applicant_phone, holder_id_number...).
PERSONAL_FIELDS = {"phone": mask_phone, "id_number": mask_id_number}


def _personal_mask(name: str):
    return next((mask for suffix, mask in PERSONAL_FIELDS.items() if str(name).endswith(suffix)), None)


def masked_payload(value, name: str = ""):
    """A before/after payload with personal data masked: fields named as personal by their mask, and any
    ID-number-like or phone-like text anywhere else (a note, a reason) by pattern."""
    if isinstance(value, dict):
        return {key: masked_payload(item, key) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked_payload(item, name) for item in value]
    if isinstance(value, str):
        mask = _personal_mask(name)
        return mask(value) if mask else mask_text(value)
    return value


def snapshot(instance, fields=None) -> dict:
    """A model instance's stored fields as JSON-ready values for before/after: related objects as
    their keys, personal data masked."""
    data = model_to_dict(instance, fields=fields)
    for name, value in data.items():
        if isinstance(value, list | tuple | set):
            data[name] = sorted(getattr(v, "pk", v) for v in value)
        elif isinstance(value, Model):
            data[name] = value.pk
        elif isinstance(value, FieldFile):
            data[name] = value.name or ""
    return masked_payload(_jsonable(data))


def _jsonable(value):
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(*, actor, action: str, obj=None, object_type: str = "", object_id="", before=None, after=None):
    """Append one event for a change; call inside the transaction that makes the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    user = actor if getattr(actor, "is_authenticated", False) else None
    # No savepoint inside the caller's transaction: a failure here fails the whole change anyway.
    with transaction.atomic(savepoint=False):
        event = queries.insert_event(
            actor=user,
            actor_label=user.get_username() if user else "system",
            action=action,
            object_type=object_type,
            object_id="" if object_id is None else str(object_id),
            before=masked_payload(_jsonable(before)),
            after=masked_payload(_jsonable(after)),
            request_id=context.request_id.get(),
            ip=context.client_ip.get(),
        )
    _seal_after_commit()
    return event


def record_rows(*, action: str, model, pks: list[int], after: dict[str, tuple[str, list]]) -> int:
    """Append one event by the system for each of many rows of `model` changed alike (a sweep's), in one
    statement: `after` gives each key of the after-payload as an SQL expression over the row (alias `t`)
    with its parameters, and must give what `record` would store for that row, personal data masked
    (a test of the caller holds the two against each other). Call inside the transaction that makes the
    change; returns how many events."""
    written = queries.insert_events_of_rows(
        action=action, object_type=model._meta.label_lower, table=model._meta.db_table, pks=pks, after=after
    )
    if written:
        _seal_after_commit()
    return written


# How long a server process's sealing round waits for more commits to join it: an event is sealed within
# about this long (a crashed process's are sealed by the worker's sweep), and a busy hall pays for one
# round of seven statements per this long, not one per commit.
SEAL_GATHER = 0.2


def _seal_after_commit() -> None:
    """Seal once after the surrounding transaction commits, however many events it wrote (in a server
    process by its background thread, once for however many requests asked meanwhile)."""
    if settings.AUDIT_SEAL_ON_COMMIT:
        background.after_commit(_seal_now, key="audit-seal", gather=SEAL_GATHER)


def _seal_now() -> None:
    """Seal what is queued. In a server's background thread one round at a time: while rounds find work
    (or another process's sealer holds the lock), the next one comes after `SEAL_GATHER`, so a busy hall
    seals in batches instead of one round straight after another."""
    if not settings.AFTER_COMMIT_IN_BACKGROUND:
        seal_pending(wait=False)
    elif _seal_round(wait=False, batch=2000) != 0:
        background.soon(_seal_now, key="audit-seal", gather=SEAL_GATHER)


def seal_pending(*, wait: bool = True, batch: int = 2000) -> int:
    """Chain every committed, unsealed event in insertion order; returns how many were sealed.

    With wait=False a sealer already running elsewhere is left to do the work: it goes round again
    after any round that sealed something, so it picks up what committed meanwhile; what is still
    left is sealed by the next call or by `onewindow audit verify`, which seals before it checks.
    """
    sealed = 0
    while True:
        done = _seal_round(wait, batch)
        if not done:  # the lock is another sealer's, or nothing was queued
            return sealed
        sealed += done
        # What committed meanwhile (its own sealer turned away by the lock) is still queued: one look,
        # outside a transaction, before taking the lock again for it.
        if not AuditPending.objects.exists():
            return sealed


def _seal_round(wait: bool, batch: int) -> int | None:
    """Seal up to `batch` queued events in one transaction; how many, or None when another sealer holds
    the lock (and `wait` is False)."""
    with transaction.atomic():
        if not _take_seal_lock(wait):
            return None
        queued = list(AuditPending.objects.order_by("event_id").values_list("event_id", flat=True)[:batch])
        if not queued:
            return 0
        head = AuditSeal.objects.order_by("-seq").only("seq", "hash").first()
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
        seals = []
        for row in AuditEvent.objects.filter(pk__in=queued).order_by("id").values(*CHAIN_FIELDS):
            seq += 1
            digest = link_hash(prev, chain_record_of(row))
            seals.append((row["id"], seq, prev, digest))
            prev = digest
        queries.write_seals(seals)
    return len(seals)


def _take_seal_lock(wait: bool) -> bool:
    if connection.vendor != "postgresql":
        return True  # SQLite: the IMMEDIATE transaction already holds the only write lock.
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEAL_LOCK_KEY])
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    pending: int
    head: str
    broken_event_id: int | None = None
    reason: str = ""


def verify() -> Verification:
    """Recompute the whole chain from the stored events and seals."""
    seals = AuditSeal.objects.select_related("event").order_by("seq")
    links = (
        Link(key=s.event_id, seq=s.seq, prev_hash=s.prev_hash, hash=s.hash, record=s.event.chain_record())
        for s in seals.iterator(chunk_size=2000)
    )
    report = verify_chain(links)
    pending = AuditPending.objects.count()
    if report.ok:
        orphan = AuditEvent.objects.filter(seal__isnull=True).exclude(
            pk__in=AuditPending.objects.values("event_id")
        )
        orphan_id = orphan.order_by("id").values_list("id", flat=True).first()
        if orphan_id is not None:
            reason = "not sealed and missing from the sealing queue"
            return Verification(False, report.checked, pending, report.head, orphan_id, reason)
    return Verification(report.ok, report.checked, pending, report.head, report.broken_key, report.reason)
