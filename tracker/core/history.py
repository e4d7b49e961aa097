"""Writes that record who made them in the record's history (django-simple-history)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections, router
from django.db.models import Field, IntegerField, Model, Value
from django.utils import timezone
from simple_history.manager import HistoryDescriptor, HistoryManager
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_m2m_records,
    post_create_historical_record,
    pre_create_historical_m2m_records,
    pre_create_historical_record,
)
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from tracker.core.errors import check_version
from tracker.core.models import VersionedModel

V = TypeVar("V", bound=VersionedModel)


def save_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Save a record, naming `user` as the one who changed it in its history."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.save()


def delete_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Delete a record, naming `user` in the history row that keeps what it held."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.delete()


def lock_for_edit(obj: V, *, thing: str, expected_version: int | None) -> V:
    """The record's current row, locked until the transaction ends, refusing a stale edit.

    `expected_version` is the version the officer's form was loaded with; when someone else
    saved the record since, `ConcurrentEditError` names `thing` ("This action was changed by
    someone else while you were editing it"). `None` skips the check (a command or import).
    Call inside `transaction.atomic`.
    """
    current = type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    check_version(thing=thing, current=current.version, expected=expected_version)
    return current


def save_changes(obj: V, *, user: AbstractBaseUser | None, **fields: Any) -> V:
    """Write `fields` to a versioned record, move its version on and save it with history.

    The one way an update service writes a record's own columns: every save moves `version`
    on, so a form loaded before it is refused, and the history row names `user`.
    """
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version += 1
    save_with_history(obj, user)
    return obj


class _HistoryDescriptorWithOneManagerClass(HistoryDescriptor):  # type: ignore[misc]
    """`record.history`, with the manager class made once per model.

    simple-history's descriptor makes a new manager class (`from_queryset`, which inspects
    every queryset method) on each access, about 65 microseconds, and it is reached on every
    save to find the history model: twice for each progress entry recorded.
    """

    def __init__(self, model: Any, manager: Any, queryset: Any) -> None:
        super().__init__(model, manager=manager, queryset=queryset)
        self._manager_class = manager.from_queryset(queryset)

    def __get__(self, instance: Any, owner: Any) -> HistoryManager:
        return self._manager_class(self.model, instance)


class HistoricalRecordsWithOneManagerClass(HistoricalRecords):  # type: ignore[misc]
    """simple-history's `HistoricalRecords`, whose `history` manager class is made once per model
    rather than on every access (`_HistoryDescriptorWithOneManagerClass`). The history tables,
    rows and managers are the stock ones."""

    def finalize(self, sender: type[Model], **kwargs: Any) -> None:
        super().finalize(sender, **kwargs)
        # `finalize` hears every model being prepared; only the one(s) registered here change.
        if self.cls is not sender and not (self.inherit and issubclass(sender, self.cls)):
            return
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                _HistoryDescriptorWithOneManagerClass(
                    descriptor.model,
                    manager=descriptor.manager_class,
                    queryset=descriptor.queryset_class,
                ),
            )


class HistoricalRecordsCopiedInTheDatabase(HistoricalRecordsWithOneManagerClass):
    """simple-history's `HistoricalRecords`, writing each history row of a save as a copy of
    the row just saved, in the database.

    The stock implementation reads every field of the saved instance into a new history
    instance and saves that through the ORM, which compiles a fresh `INSERT` each time: for
    recording progress (two saves, each with its history row) that was about a tenth of the
    request. Here, after a save that made or changed a record, one `INSERT INTO <history>
    (...) SELECT ... FROM <table> WHERE <id> = %s` copies the row as it now stands, with the
    history's own four values (when, why, how, who) as parameters; it is compiled once per
    database and field list (`_row_copy_statement`). The row in the database is what was
    saved, so the history holds the same values as the stock way (tested column by column).

    The stock way is kept wherever the copy could differ or something expects the instance:
    a deletion (the row is gone), anything listening for simple-history's
    `pre_create_historical_record` or `post_create_historical_record` (nothing in the app
    does), a history with many-to-many fields this class does not copy in the database, a
    history row linked to its record (`related_name`), a user kept as a plain id
    (`history_user_id_field`), a history written to another database than the record, and a
    copy that found no row.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The copying statement and whether it returns the new history id, by database.
        self._row_copy_sql: dict[tuple[str, tuple[str, ...]], tuple[str, bool]] = {}

    def create_historical_record(
        self, instance: Model, history_type: str, using: str | None = None
    ) -> None:
        history_model = getattr(type(instance), self.manager_name).model
        links = self._links_copied_in_the_database(history_model)
        database = router.db_for_write(history_model, instance=instance)
        if (
            history_type == "-"
            or links is None
            or self.user_id_field is not None
            or getattr(history_model, "history_relation", None) is not None
            or (self.use_base_model_db and using not in (None, database))
            or instance._state.db != database
            or pre_create_historical_record.has_listeners(history_model)
            or post_create_historical_record.has_listeners(history_model)
        ):
            super().create_historical_record(instance, history_type, using=using)
            return
        history_id = self._copy_row(instance, history_model, history_type, database)
        if history_id is None:
            # No row to copy (it was saved elsewhere, or is gone): the stock way.
            super().create_historical_record(instance, history_type, using=using)
            return
        if links:
            self._copy_links(links, history_id, instance.pk)

    def _links_copied_in_the_database(self, history_model: type[Model]) -> list[Any] | None:
        """The many-to-many fields whose links `_copy_links` copies in the database ([] when
        the history has none), or None when the history row must be made the stock way."""
        return None if getattr(history_model, "_history_m2m_fields", None) else []

    def _copy_links(self, plain: list[Any], history_id: Any, pk: Any) -> None:
        raise NotImplementedError  # pragma: no cover - only with links, which a subclass copies

    def _copy_row(
        self, instance: Model, history_model: type[Model], history_type: str, database: str
    ) -> Any:
        """Copy the record's row into a new history row; its history id, or None when no row
        was copied."""
        connection = connections[database]
        fields = self.fields_included(instance)
        key = (database, tuple(field.attname for field in fields))
        compiled = self._row_copy_sql.get(key)
        if compiled is None:
            compiled = self._row_copy_sql[key] = self._row_copy_statement(
                type(instance), history_model, fields, connection
            )
        sql, returns_id = compiled
        history = history_model._meta
        user = self.get_history_user(instance)
        history_date: Field[Any, Any] = history.get_field("history_date")  # type: ignore[assignment]
        history_user: Field[Any, Any] = history.get_field("history_user")  # type: ignore[assignment]
        values = [
            history_date.get_db_prep_save(
                getattr(instance, "_history_date", timezone.now()), connection
            ),
            self.get_change_reason_for_object(instance, history_type, database),
            history_type,
            history_user.get_db_prep_save(None if user is None else user.pk, connection),
            instance.pk,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            if returns_id:
                row = cursor.fetchone()
                return None if row is None else row[0]
            return cursor.lastrowid if cursor.rowcount == 1 else None

    @staticmethod
    def _row_copy_statement(
        model: type[Model], history_model: type[Model], fields: list[Any], connection: Any
    ) -> tuple[str, bool]:
        """INSERT INTO <history> (<the fields>, history_date, history_change_reason,
        history_type, history_user_id) SELECT <the fields>, %s, %s, %s, %s FROM <table>
        WHERE <id> = %s, returning the history id where the database can."""
        quote = connection.ops.quote_name
        history = history_model._meta
        by_attname = {field.attname: field for field in history.concrete_fields}
        into = [by_attname[field.attname].column for field in fields]
        into += [
            history.get_field(name).column  # type: ignore[union-attr,misc]
            for name in ("history_date", "history_change_reason", "history_type", "history_user")
        ]
        returns_id = connection.features.can_return_columns_from_insert
        # Only table and column names from the models, quoted; every value is a parameter.
        sql = (
            f"INSERT INTO {quote(history.db_table)} "  # noqa: S608
            f"({', '.join(quote(column) for column in into)}) "
            f"SELECT {', '.join(quote(field.column) for field in fields)}, %s, %s, %s, %s "
            f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s"
        )
        if returns_id:
            sql += f" RETURNING {quote(history.pk.column)}"
        return sql, returns_id


class HistoricalRecordsWithM2MInOneQuery(HistoricalRecordsCopiedInTheDatabase):
    """simple-history's `HistoricalRecords`, copying the many-to-many rows into each history
    record without reading them into Python one field at a time.

    Every save of a record with `m2m_fields` copies its current links into the history, so
    its state on any date can be rebuilt. The stock implementation reads each field's link
    table separately (and joins every linked record), then writes the rows with `bulk_create`,
    sending simple-history's signals with them. When a link table is not the plain one Django
    makes, every field is handled as the stock implementation does. Otherwise:

    - The ids of all of them are read in one `UNION ALL`. It is the same for every record but
      its id, and building it through the ORM (four querysets, then compiling them) cost more
      than running it, so it is compiled once per database.
    - When nothing listens for those signals (the app has no receiver), each kind of link the
      record has is then copied in the database, one `INSERT ... SELECT` with the history row's
      and the record's ids (`_copy_links`), and no instance is made: writing them through
      `bulk_create` was about a tenth of recording progress. When something listens, the same
      rows are written through the ORM and the same signals sent.
    """

    # Stands for the record's id while the query is compiled: no row has a negative id, and
    # the other parameters (the fields' indexes) are never negative.
    _ID_PLACEHOLDER = -1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The compiled link query and its parameters, by database and fields.
        self._links_sql: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[Any, ...]]] = {}
        # The statements that copy the links into the history, by database and fields.
        self._copy_sql: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    @staticmethod
    def _plain(fields: list[Any]) -> list[Any] | None:
        """The fields, when every one has the plain link table Django makes and there are at
        least two (one `UNION ALL` is then worth it); otherwise None: the stock way."""
        plain = [field for field in fields if field.remote_field.through._meta.auto_created]
        return plain if len(plain) >= 2 and len(plain) == len(fields) else None

    def _heard(self, plain: list[Any]) -> bool:
        """Whether anything listens for the history's link rows (nothing in the app does)."""
        return any(
            signal.has_listeners(self.m2m_models[field])
            for signal in (pre_create_historical_m2m_records, post_create_historical_m2m_records)
            for field in plain
        )

    def _links_copied_in_the_database(self, history_model: type[Model]) -> list[Any] | None:
        plain = self._plain(list(getattr(history_model, "_history_m2m_fields", [])))
        return None if plain is None or self._heard(plain) else plain

    def create_historical_record_m2ms(self, history_instance: Any, instance: Model) -> None:
        plain = self._plain(list(history_instance._history_m2m_fields))
        if plain is None:
            super().create_historical_record_m2ms(history_instance, instance)
            return
        if not self._heard(plain):
            # Nobody listens for the rows (nothing in the app does), so none is made in Python.
            self._copy_links(plain, history_instance.pk, instance.pk)
            return
        rows_by_field: dict[int, list[tuple[Any, Any]]] = {i: [] for i in range(len(plain))}
        for pk, target_id, index in self._current_links(plain, instance.pk):
            rows_by_field[index].append((pk, target_id))
        for index, field in enumerate(plain):
            through = field.remote_field.through
            m2m_history_model = self.m2m_models[field]
            source = through._meta.get_field(get_m2m_field_name(field)).attname
            target = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
            insert_rows = [
                m2m_history_model(
                    history=history_instance, id=pk, **{source: instance.pk, target: target_id}
                )
                for pk, target_id in sorted(rows_by_field[index])
            ]
            pre_create_historical_m2m_records.send(
                sender=m2m_history_model,
                rows=insert_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )
            # `bulk_create` of nothing writes nothing; skipping it saves its checks.
            created_rows = m2m_history_model.objects.bulk_create(insert_rows) if insert_rows else []
            post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )

    def _copy_links(self, plain: list[Any], history_id: Any, pk: Any) -> None:
        """Copy the record's links into the history row `history_id`: which kinds it has are
        read in the one `UNION ALL`, then each kind it has is copied in the database, one
        `INSERT ... SELECT` from the link table to its history table. The same rows, and the
        same number of queries, as the signalled way; no instances are made."""
        using = router.db_for_write(self.m2m_models[plain[0]])
        key = (using, tuple(field.name for field in plain))
        statements = self._copy_sql.get(key)
        if statements is None:
            statements = self._copy_sql[key] = self._copy_statements(plain, using)
        kinds = sorted({index for _pk, _target, index in self._current_links(plain, pk)})
        with connections[using].cursor() as cursor:
            for index in kinds:
                cursor.execute(statements[index], [history_id, pk])

    def _copy_statements(self, plain: list[Any], using: str) -> tuple[str, ...]:
        """For each field: INSERT INTO <history of the links> (<link id>, <record>, <linked>,
        <history row>) SELECT <link id>, <record>, <linked>, %s FROM <links> WHERE <record> = %s."""
        quote = connections[using].ops.quote_name
        statements = []
        for field in plain:
            through = field.remote_field.through
            history = self.m2m_models[field]
            source, target = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
            copied = [through._meta.pk.name, source, target]
            into = [history._meta.get_field(name).column for name in copied]
            into.append(history._meta.get_field("history").column)
            taken = [through._meta.get_field(name).column for name in copied]
            # Only table and column names from the models, quoted; the ids are parameters.
            statements.append(
                f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
                f"({', '.join(quote(column) for column in into)}) "
                f"SELECT {', '.join(quote(column) for column in taken)}, %s "
                f"FROM {quote(through._meta.db_table)} "
                f"WHERE {quote(through._meta.get_field(source).column)} = %s"
            )
        return tuple(statements)

    def _current_links(self, plain: list[Any], pk: Any) -> list[tuple[Any, Any, int]]:
        """(link id, linked record's id, index of the field in `plain`) for every link the
        record `pk` has now: one `UNION ALL` over the link tables, compiled on first use."""
        using = router.db_for_read(plain[0].remote_field.through)
        key = (using, tuple(field.name for field in plain))
        compiled = self._links_sql.get(key)
        if compiled is None:
            compiled = self._links_sql[key] = self._compile_links_query(plain, using)
        sql, params = compiled
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [pk if p == self._ID_PLACEHOLDER else p for p in params])
            rows: list[tuple[Any, Any, int]] = cursor.fetchall()
        return rows

    def _compile_links_query(self, plain: list[Any], using: str) -> tuple[str, tuple[Any, ...]]:
        """The SQL and parameters of the links' `UNION ALL`, as the ORM writes it for `using`,
        with `_ID_PLACEHOLDER` where the record's id goes."""
        queries = []
        for index, field in enumerate(plain):
            through = field.remote_field.through
            source = get_m2m_field_name(field)
            target = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
            queries.append(
                through.objects.using(using)
                .filter(**{source: self._ID_PLACEHOLDER})
                .order_by()
                .values_list("pk", target, Value(index, output_field=IntegerField()))
            )
        union = queries[0].union(*queries[1:], all=True)
        sql, params = union.query.get_compiler(using=using).as_sql()
        # One placeholder a field, or the compiled query is not the one expected.
        if sum(p == self._ID_PLACEHOLDER for p in params) != len(plain):
            raise ValueError(f"Cannot find the record's id in the compiled query: {sql}")
        return sql, tuple(params)
