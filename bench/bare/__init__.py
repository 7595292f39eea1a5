"""The bare django-ninja app that `bench/http_load.py` serves beside the real one: the floor a request of
the same shape costs on this machine, this database and these server settings (see settings.py)."""

# The bare insert's own table, made by the bench in the run's database (the models are unmanaged).
ROW_TABLE = "bench_bare_row"
ROW_DDL = (
    f"CREATE TABLE IF NOT EXISTS {ROW_TABLE} (id bigserial PRIMARY KEY, name varchar(100) NOT NULL, "
    "note varchar(200) NOT NULL, created_at timestamptz NOT NULL)"
)
