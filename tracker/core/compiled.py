"""A read of one record by id whose SQL the ORM writes once per database, then runs with each id.

Django compiles a queryset to SQL on every evaluation. For a read with several joined models
that is most of its cost: the locked read of an action with its plan, section, theme and
latest entry (what recording progress reads) took about 2 ms to compile and 0.3 ms to run on
SQLite. `CompiledGet` compiles the queryset once per database with a stand-in id, keeps the
SQL and what the compiler worked out about its columns, and then runs the same SQL with the id
asked for, making the instances (and the related instances `select_related` names) as
Django's own model iterable does, with the same converters. The queryset itself is the ORM's,
so the SQL is what `.get(pk=...)` would send, less its `LIMIT`.

Only for a queryset whose SQL does not change between calls: no parameters but the id (no
dates worked out from "now", no values from the request), no annotations, no
`prefetch_related`. A queryset with `select_for_update` must be read inside
`transaction.atomic`, as Django requires; this checks it on every call, not only when
compiling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.db import connections, models, transaction
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=models.Model)

__all__ = ["CompiledGet"]


class _Compiled:
    """What one database's compilation keeps: the SQL, whose one parameter is the id, and what
    turns a row into instances."""

    def __init__(self, compiler: SQLCompiler, sql: str) -> None:
        self.sql = sql
        klass_info = compiler.klass_info
        assert klass_info is not None  # noqa: S101 - a model queryset always has it
        self.model: type[models.Model] = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [
            column[0].target.attname for column in compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(klass_info, compiler.select, compiler.using)
        # Each column's converters from database values (dates on SQLite, say), applied as the
        # ORM applies them but given the reading thread's connection. The compiler is not kept:
        # it holds the connection of the thread that compiled it.
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(columns).items())


class CompiledGet(Generic[M]):
    """`build().get(pk=...)` with the SQL compiled once per database (see the module's notes).

    `build` returns the queryset, without the id: for example
    `lambda: Action.objects.select_related("plan")`. `get` returns the instance or raises the
    model's `DoesNotExist`, as `QuerySet.get` does.
    """

    # Stands for the id while the query is compiled: no row has a negative id.
    _PLACEHOLDER = -918_273_645

    def __init__(self, build: Callable[[], models.QuerySet[M]]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def get(self, pk: int, *, using: str | None = None) -> M:
        queryset = self._build()
        alias = using or queryset.db
        if (
            queryset.query.select_for_update
            and not transaction.get_connection(alias).in_atomic_block
        ):
            raise transaction.TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(queryset, alias)
                self._compiled[alias] = compiled
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, [pk])
            rows = cursor.fetchmany(2)
        instances = list(self._instances(compiled, rows, alias))
        model = queryset.model
        if not instances:
            raise model.DoesNotExist(  # type: ignore[attr-defined]
                f"{model._meta.object_name} matching query does not exist."
            )
        if len(instances) > 1:  # only if `build` joined a many-valued relation: a mistake
            raise model.MultipleObjectsReturned(  # type: ignore[attr-defined]
                f"get() returned more than one {model._meta.object_name}"
            )
        return instances[0]

    def _compile(self, queryset: models.QuerySet[M], alias: str) -> _Compiled:
        query = queryset.filter(pk=self._PLACEHOLDER).order_by().query
        if query.annotations or queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("CompiledGet reads plain rows: no annotations or prefetch_related")
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params) != [self._PLACEHOLDER]:
            raise ValueError(f"The compiled read has parameters other than the id: {sql}")
        return _Compiled(compiler, sql)

    @staticmethod
    def _instances(compiled: _Compiled, rows: list[Any], alias: str) -> Iterator[M]:
        connection = connections[alias]
        for fetched in rows:
            row = list(fetched)
            for position, (converters, expression) in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            instance = compiled.model.from_db(
                alias, compiled.init_list, row[compiled.start : compiled.end]
            )
            for populator in compiled.populators:
                populator.populate(row, instance)
            yield instance  # type: ignore[misc]
