"""Every schema of the API has its own name: django-ninja names an OpenAPI component by its class name
and keeps one of two classes that share it, so two apps' `StepOut` would make one operation's answer be
checked against the other's schema."""

from collections import Counter

from ninja import Schema

import onewindow.api  # noqa: F401  (loads every router and its schemas)


def _all(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all(sub)


def test_no_two_schemas_of_the_api_share_a_name():
    ours = [cls for cls in _all(Schema) if cls.__module__.startswith("onewindow.")]
    assert len(ours) > 50
    shared = {name: n for name, n in Counter(cls.__name__ for cls in ours).items() if n > 1}
    assert not shared, shared
