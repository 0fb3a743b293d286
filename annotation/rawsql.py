"""Statements of the annotation hot path (next-task and submit), executed without the ORM's
query building.

At the load target (1,000 annotators, ~33 groups/s, 66 requests/s on 2 cores) every request
counts. The ORM builds and compiles each query anew: 0.5-0.7 ms of CPU per query on the
development machine, against ~0.07 ms to run the same statement raw (`bench/load_annotators.py
cost` prints the figures per endpoint). So the statements here:

* are built once, from the models' metadata: table and column names are never written by hand,
  and a renamed field changes the SQL with it;
* run through Django's connection: transactions, `atomic` blocks, `CaptureQueriesContext` and
  the test database all behave as for ORM queries;
* come back as model instances through the fields' own database converters (JSON, booleans and
  datetimes on SQLite, ...), as the ORM would give them; values going in are prepared by the
  fields (`get_db_prep_save`), as the ORM would write them.

Only plain SQL that PostgreSQL and SQLite share is used; row locks (`lock_clause`) exist on
PostgreSQL only: on SQLite every transaction is IMMEDIATE, so writers are serialised anyway.
"""

import functools
from collections.abc import Callable, Iterable, Sequence

from django.db import connection
from django.db.models import Model


def statement(build: Callable[..., str]) -> Callable[..., str]:
    """Decorator: the SQL that `build(*args)` writes, written once per database vendor and args
    (names come from the models' metadata, lock clauses from the vendor), then reused."""
    written: dict[tuple, str] = {}

    @functools.wraps(build)
    def get(*args) -> str:
        key = (connection.vendor, *args)
        if key not in written:
            written[key] = build(*args)
        return written[key]

    return get


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return q(model._meta.db_table)


def column(model: type[Model], field: str) -> str:
    return q(model._meta.get_field(field).column)


def columns(model: type[Model], *fields: str) -> dict[str, str]:
    """{field name: quoted column} for `fields` of `model`."""
    return {field: column(model, field) for field in fields}


def lock_clause(*aliases: str) -> str:
    """` FOR NO KEY UPDATE [OF ...]` on PostgreSQL, nothing on SQLite."""
    if connection.vendor != "postgresql":
        return ""
    return " FOR NO KEY UPDATE" + (f" OF {', '.join(aliases)}" if aliases else "")


def param(model: type[Model], field: str, value):
    """`value` prepared as the field would write it (datetimes on SQLite are UTC text)."""
    return model._meta.get_field(field).get_db_prep_value(value, connection)


class Columns:
    """The columns of `model` (all concrete ones, or `fields`) under a table alias: their SQL, and
    how to turn the matching slice of a result row into an instance."""

    def __init__(self, model: type[Model], alias: str, fields: Sequence[str] | None = None):
        self.model = model
        self.alias = alias
        meta = model._meta
        self.fields = [meta.get_field(name) for name in fields] if fields else list(meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self._converters: dict[str, list] = {}

    @property
    def sql(self) -> str:
        return ", ".join(f"{self.alias}.{q(f.column)}" for f in self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def _converters_now(self) -> list:
        vendor = connection.vendor
        if vendor not in self._converters:
            converters = []
            for field in self.fields:
                expression = field.get_col(self.model._meta.db_table)
                functions = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
                converters.append((expression, functions))
            self._converters[vendor] = converters
        return self._converters[vendor]

    def build(self, row: Sequence, start: int = 0) -> Model:
        """The instance from row[start:start + len(self)] (fields not selected are deferred)."""
        values = list(row[start : start + len(self.fields)])
        for index, (expression, functions) in enumerate(self._converters_now()):
            for function in functions:
                values[index] = function(values[index], expression, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def fetchall(sql: str, params: Sequence | dict = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetchone(sql: str, params: Sequence | dict = ()) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def execute(sql: str, params: Sequence | dict = ()) -> int:
    """Run a statement; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


class Insert:
    """INSERT of new instances of `model`, as `Model.save()` / `bulk_create` would write them:
    every concrete column but the auto primary key, each value through the field's `pre_save`
    (so `auto_now_add` is set) and `get_db_prep_save`. No signals are sent: callers that need
    `post_save` send it themselves."""

    def __init__(self, model: type[Model]):
        self.model = model
        meta = model._meta
        self.fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
        self.head = f"INSERT INTO {table(model)} ({', '.join(q(f.column) for f in self.fields)}) VALUES "
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.pk = meta.pk

    def _values(self, obj: Model) -> list:
        return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]

    def one(self, obj: Model) -> Model:
        """Insert `obj` and set its primary key (RETURNING: PostgreSQL, SQLite >= 3.35)."""
        sql = f"{self.head}{self.row} RETURNING {q(self.pk.column)}"
        (pk,) = fetchone(sql, self._values(obj))
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
        return obj

    def many(self, objs: Iterable[Model]) -> int:
        """Insert `objs` in one statement (their primary keys are not read back)."""
        objs = list(objs)
        if not objs:
            return 0
        params: list = []
        for obj in objs:
            params.extend(self._values(obj))
        return execute(self.head + ", ".join([self.row] * len(objs)), params)
