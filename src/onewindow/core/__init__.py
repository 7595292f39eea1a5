"""The pure core: domain arithmetic that knows no Django and tests without a database."""
