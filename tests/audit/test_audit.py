import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from onewindow.audit import services
from onewindow.audit.models import AuditEvent, AuditPending

STORED_FIELDS = [
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "request_id",
    "ip",
]
TAMPERED_VALUES = {
    "created_at": "2020-01-01 00:00:00",
    "actor_id": None,
    "actor_label": "'mallory'",
    "action": "'org.window.delete'",
    "object_type": "'org.window'",
    "object_id": "'999'",
    "before": "'{\"x\": 1}'",
    "after": "'{\"x\": 2}'",
    "request_id": "'forged'",
    "ip": "'10.0.0.1'",
}


@pytest.fixture
def three_events(db, django_user_model):
    user = django_user_model.objects.create_user("auditor", password="x")
    events = [
        services.record(
            actor=user,
            action="test.change",
            object_type="thing",
            object_id=i,
            before={"n": i},
            after={"n": i + 1, "名": "值"},
        )
        for i in range(3)
    ]
    assert services.seal_pending() == 3
    return events


def tamper(event_id: int, field: str):
    value = TAMPERED_VALUES[field]
    if field == "created_at":
        value = "'2020-01-01 00:00:00+00'" if connection.vendor == "postgresql" else "'2020-01-01 00:00:00'"
    if field == "actor_id":
        value = "NULL"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block ALTER TABLE
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(f"UPDATE audit_auditevent SET {field} = {value} WHERE id = %s", [event_id])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def test_sealed_events_verify(three_events):
    result = services.verify()
    assert result.ok and result.checked == 3 and result.pending == 0
    call_command("audit", "verify")


@pytest.mark.parametrize("field", STORED_FIELDS)
def test_changing_any_stored_field_breaks_verify_at_that_event(three_events, field, capsys):
    victim = three_events[1]
    tamper(victim.pk, field)
    result = services.verify()
    assert not result.ok
    assert result.broken_event_id == victim.pk
    with pytest.raises(CommandError, match=f"audit event {victim.pk}"):
        call_command("audit", "verify")


def test_login_event_carries_the_request_id(client, django_user_model, db):
    django_user_model.objects.create_user("clerkx", password="pw-123456")
    with transaction.atomic():
        response = client.post(
            "/accounts/login/",
            {"username": "clerkx", "password": "pw-123456"},
            HTTP_X_REQUEST_ID="req-12345678",
        )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.login")
    assert event.request_id == "req-12345678"
    assert event.actor_label == "clerkx"


def test_on_commit_seals_new_events(django_user_model, django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True):
        services.record(actor=None, action="test.one", object_type="thing", object_id=1)
    assert AuditEvent.objects.filter(seal__isnull=True).count() == 0
    assert services.verify().checked == 1


def test_sealing_is_idempotent(three_events):
    assert services.seal_pending() == 0
    services.record(actor=None, action="test.more", object_type="thing", object_id=9)
    assert services.seal_pending() == 1
    assert services.verify().checked == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "UPDATE audit_auditseal SET hash = 'x' WHERE event_id = %s",
    ],
)
def test_postgresql_refuses_update_and_delete(three_events, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [three_events[0].pk])


def test_admin_can_read_but_not_change_or_delete_events(three_events, admin_client):
    event = three_events[0]
    assert admin_client.get("/admin/audit/auditevent/").status_code == 200
    page = admin_client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert (
        admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"}).status_code == 403
    )
    assert (
        admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    event.refresh_from_db()
    assert event.action == "test.change"


def test_an_event_dropped_from_the_sealing_queue_is_reported(db):
    event = services.record(actor=None, action="test.orphan", object_type="thing", object_id=1)
    AuditPending.objects.filter(event=event).delete()
    result = services.verify()
    assert not result.ok
    assert result.broken_event_id == event.pk


def test_verify_command_seals_what_is_pending_first(db, capsys):
    services.record(actor=None, action="test.pending", object_type="thing", object_id=1)
    call_command("audit", "verify")
    assert capsys.readouterr().out.startswith("OK: 1 events chained")


def test_personal_data_is_masked_in_snapshots(demo_county):
    from onewindow.org.models import Staff

    data = services.snapshot(Staff.objects.get(user__username="clerk"))
    assert data["phone"] == "138****0003"
