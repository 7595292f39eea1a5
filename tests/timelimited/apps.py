from django.apps import AppConfig


class TimeLimitedTestConfig(AppConfig):
    """A throw-away time-limited model, to prove a new module needs no clock code of its own."""

    name = "tests.timelimited"
    label = "timelimited_test"
