"""Querysets compiled once (onewindow.prepared): the same rows and objects as the ORM, for new values
each time; on PostgreSQL a prepared statement of the connection."""

import pytest
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext

from onewindow.org.models import ServiceBody, Staff
from onewindow.org.permissions import roles_of
from onewindow.prepared import Prepared, server_statement

STAFF = Prepared(
    lambda user_id: (
        Staff.objects.select_related("body__division", "department", "window")
        .annotate(role_list=roles_of(staff_id=OuterRef("pk")))
        .filter(user_id=user_id)
        .order_by()[:1]
    ),
    int,
)
BODIES_NAMED = Prepared(
    lambda name, tier: ServiceBody.objects.filter(name=name, tier=tier).values_list("pk", "name"), str, str
)


def test_rows_and_related_objects_are_those_of_the_orm(demo_county):
    for staff in Staff.objects.select_related("body__division", "department", "window"):
        found = STAFF.first(staff.user_id)
        assert found is not None and found.pk == staff.pk and found._state.adding is False
        for name in ("full_name", "body_id", "department_id", "window_id", "may_finish_immediate"):
            assert getattr(found, name) == getattr(staff, name)
        assert found.body.division.code == staff.body.division.code  # joined, no query
        assert (found.department and found.department.name) == (staff.department and staff.department.name)
        assert (found.window and found.window.number) == (staff.window and staff.window.number)
        held = set(staff.role_assignments.values_list("role", flat=True))
        assert set((found.role_list or "").split(",")) - {""} == held
    assert STAFF.first(10**9) is None


def test_one_query_each_time_and_values_bound_anew(demo_county):
    body = ServiceBody.objects.order_by("pk").first()
    other = ServiceBody.objects.order_by("-pk").first()
    with CaptureQueriesContext(connection) as queries:
        assert BODIES_NAMED.all(body.name, body.tier) == [(body.pk, body.name)]
        assert BODIES_NAMED.all(other.name, other.tier) == [(other.pk, other.name)]
        assert BODIES_NAMED.all(body.name, other.tier) == (
            [(body.pk, body.name)] if body.tier == other.tier else []
        )
    assert len(queries) == 3
    assert all("org_servicebody" in q["sql"] for q in queries.captured_queries)  # logged as any query


def test_a_query_that_does_not_pass_its_values_through_is_refused(db):
    prefix = Prepared(lambda name: ServiceBody.objects.filter(name__startswith=name), str)
    with pytest.raises(ValueError, match="lost a parameter"):
        prefix.all("新泰")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_plans_a_prepared_query_once_per_connection(demo_county):
    staff = Staff.objects.first()
    STAFF.first(staff.user_id)
    STAFF.first(staff.user_id)
    with server_statement() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%org_staff%"])
        assert cursor.fetchone()[0] >= 1
