"""The cases' fixtures: the worker's sweeps work on cases."""

from tests.cases.conftest import catalog, today  # noqa: F401
from tests.cases.test_concurrency import live_catalog  # noqa: F401
