"""The office-day lists read a bounded number of queries however many rows they show (DESIGN rule 10)."""

from datetime import date, timedelta

from onewindow.onsite import sessions, topics
from tests.cases.conftest import api

from .conftest import a_session, a_topic, police, user


def a_spring_of(n, leaders, today, *, start=date(2026, 3, 4)):
    today.set(start - timedelta(days=2))
    for week in range(n):
        day = start + timedelta(weeks=week)
        session = a_session(day, leaders[week % 2])
        topic = a_topic(start - timedelta(days=2), title=f"议题{week}")
        topics.vet(actor=user("supervisor"), topic=topic, decision="accept")
        topics.put_on_agenda(actor=user("supervisor"), topic=topic, session=session)
        today.set(day)
        sessions.hold(actor=user("supervisor"), session=session, present_ids=[], attendees="")
        data = sessions.DecisionInput(topic.number, "决定", police().pk, "", 2)
        sessions.decide(actor=user("supervisor"), session=session, data=data)


def counted(django_assert_max_num_queries, client, path, most):
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
    return response


def test_the_lists_do_not_grow_with_their_rows(leaders, today, django_assert_max_num_queries, login):
    a_spring_of(2, leaders, today)
    office = api("supervisor")
    lists = ("/api/v1/onsite/sessions", "/api/v1/onsite/topics")
    few = {path: len(office.get(path).json()) for path in lists}
    a_spring_of(8, leaders, today, start=date(2026, 4, 1))
    for path in few:
        response = counted(django_assert_max_num_queries, office, path, 12)
        assert len(response.json()) > few[path]
    counted(django_assert_max_num_queries, login("supervisor"), "/onsite/topics/", 16)
    counted(django_assert_max_num_queries, login("supervisor"), "/onsite/", 16)
