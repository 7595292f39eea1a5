"""The movable service day of the cases tests: the generator reads the same `clocks.today`."""

from tests.cases.conftest import today  # noqa: F401  (a fixture)
