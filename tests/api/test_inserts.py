"""Hand-made inserts (onewindow/inserts.py): rows as the ORM writes them, and statements written together
(in one round trip on PostgreSQL) when the block ends, or not at all when it raises."""

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from onewindow import inserts
from onewindow.audit.models import AuditEvent
from onewindow.notices.models import Notice


def _notice(user, text="新办件待办理") -> Notice:
    return Notice(recipient=user, text=text, link="/cases/1/")


def test_a_row_inserted_by_hand_reads_back_as_the_orm_wrote_it(django_user_model, db):
    user = django_user_model.objects.create(username="reader")
    by_hand, by_orm = _notice(user), _notice(user)
    inserts.insert_row(by_hand)
    by_orm.save()
    assert by_hand.pk and not by_hand._state.adding
    stored, expected = Notice.objects.get(pk=by_hand.pk), Notice.objects.get(pk=by_orm.pk)
    for field in inserts.columns(Notice, ("created_at",)):
        assert getattr(stored, field.attname) == getattr(expected, field.attname)
    assert stored.created_at == by_hand.created_at  # the default applied once, as the ORM does


def test_statements_written_together_are_sent_when_the_block_ends(django_user_model, db):
    user = django_user_model.objects.create(username="reader")
    rows = [_notice(user, f"第{n}条") for n in range(3)]
    with CaptureQueriesContext(connection) as captured, inserts.together():
        for row in rows:
            inserts.insert_row(row)
        sent_inside = len(captured)
        assert all(row.pk is None for row in rows) or connection.vendor != "postgresql"
    if connection.vendor == "postgresql":
        assert sent_inside == 0
    assert len(captured) == 3
    assert [n.text for n in Notice.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")] == [
        "第0条",
        "第1条",
        "第2条",
    ]


@pytest.mark.django_db(transaction=True)
def test_nothing_written_together_is_sent_when_the_block_raises(django_user_model):
    user = django_user_model.objects.create(username="reader")
    with pytest.raises(RuntimeError), transaction.atomic(), inserts.together():
        inserts.insert_row(_notice(user))
        raise RuntimeError("the intake failed")
    assert not Notice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_statement_sent_together_fails_the_transaction(django_user_model):
    user = django_user_model.objects.create(username="reader")
    with pytest.raises(DatabaseError), transaction.atomic(), inserts.together():
        inserts.insert_row(_notice(user))
        inserts.write("INSERT INTO no_such_table VALUES (1)", [])
    assert not Notice.objects.exists()
    inserts.insert_row(_notice(user))  # the connection is usable afterwards
    assert Notice.objects.count() == 1


def test_an_audit_event_written_together_has_its_key_after_the_block(db):
    from onewindow.audit import services as audit

    with transaction.atomic(), inserts.together():
        event = audit.record(actor=None, action="test.together", object_type="t", object_id=1)
    assert event.pk and AuditEvent.objects.get(pk=event.pk).action == "test.together"


def _seen_elsewhere(pk) -> bool:
    """Whether another connection sees the notice: whether it has been committed."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {Notice._meta.db_table} WHERE id = %s", [pk])
            return cursor.fetchone()[0] == 1
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_the_commit_goes_with_the_statements_at_the_end_of_the_outermost_transaction(django_user_model):
    user = django_user_model.objects.create(username="reader")
    hooks = []
    with transaction.atomic():
        transaction.on_commit(lambda: hooks.append("after commit"))
        with inserts.together(commit=True):
            row = _notice(user)
            inserts.insert_row(row)
        assert _seen_elsewhere(row.pk) == (connection.vendor == "postgresql")  # committed with it
        assert hooks == []
    assert hooks == ["after commit"]  # the atomic block's own commit still runs the hooks
    assert _seen_elsewhere(row.pk)
    inserts.insert_row(_notice(user))  # and the connection goes on as usual
    assert Notice.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_inside_an_inner_atomic_block_the_commit_is_left_to_the_outer_one(django_user_model):
    user = django_user_model.objects.create(username="reader")
    with pytest.raises(RuntimeError), transaction.atomic():
        with transaction.atomic(), inserts.together(commit=True):
            inserts.insert_row(_notice(user))
        raise RuntimeError("the outer work failed")
    assert not Notice.objects.exists()
