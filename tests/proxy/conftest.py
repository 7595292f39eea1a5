from tests.cases.conftest import catalog, today  # noqa: F401  (fixtures: the demo catalog, the service day)
