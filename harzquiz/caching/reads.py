"""A request's reads outside the ORM session: one plain pooled connection per request.

A returning reader's page writes nothing and reads five small things: the cache stamps, the
guest, and their state on the riddle, the quiz and the board. Through the ORM session each
read paid for the session's start and end (about 33 µs in process) and the ORM's work per
statement; on one plain connection that the request keeps until its end they cost about a
third of that (measured in docs/performance.md, issue 14 fourth round).

The rule for which connection a read uses:

- While the session has a transaction open, the session's connection: the request may have
  written rows that are not committed yet, and a read must see them.
- Otherwise this request's plain connection. It never holds a snapshot older than the
  request's own commits: SQLite (pysqlite's default transaction handling) runs a SELECT
  outside any transaction, each statement seeing what is committed, and PostgreSQL runs at
  READ COMMITTED, each statement seeing what was committed before it began.

Outside a request (commands, tests' own app contexts) every read goes through the session
as before. A request never holds two connections at once: the plain one goes back to the
pool the moment the session starts a transaction (which then takes a connection of its
own), and when the request ends (`close_plain_connection`, a teardown hook), also after an
error. (Holding one while waiting for another let twenty simultaneous requests of a
threaded server take the whole pool and wait on each other.)
"""

from __future__ import annotations

import contextlib
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from sqlalchemy import Connection, Dialect, Executable, Select, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql.compiler import SQLCompiler

from harzquiz.extensions import db

_KEY = "_plain_reads"


def plain_connection() -> Connection | None:
    """This request's plain connection for reads, or None where reads must go through the
    session (no request, or the session's transaction is open)."""
    if not has_request_context() or session_in_transaction():
        return None
    connection = g.get(_KEY)
    if connection is None:
        connection = db.engine.connect()
        setattr(g, _KEY, connection)
    return connection


def session_in_transaction() -> bool:
    """Whether this context's ORM session exists and has a transaction open."""
    return db.session.registry.has() and db.session().in_transaction()


def close_plain_connection(_error: BaseException | None = None) -> None:
    """teardown_request: give the request's plain connection back to the pool."""
    connection = g.pop(_KEY, None)
    if connection is not None:
        connection.close()


@event.listens_for(Session, "after_transaction_create")
def _give_back_before_the_session_begins(_session: Session, transaction: SessionTransaction):
    """The session starts a transaction (and will take a connection): the plain one goes
    back first, so that a request holds one connection at a time."""
    if transaction.parent is None and has_request_context():
        close_plain_connection()


@dataclass(frozen=True)
class _Prepared:
    """A statement compiled once for a dialect, run straight on the DBAPI cursor."""

    sql: str
    compiled: SQLCompiler
    order: tuple[str, ...] | None  # parameter names in order (positional styles), else None
    bind_processors: dict[str, Callable[[Any], Any]]
    row: type
    result_processors: tuple[Callable[[Any], Any] | None, ...]


_PREPARED: dict[tuple[Executable, str], _Prepared | None] = {}


def rows(statement: Select, params: dict[str, Any]) -> list[Any]:
    """All rows of a prebuilt SELECT, like `connection().execute(statement, params).all()`
    (attribute access by column name, values converted by the columns' types).

    On the request's plain connection the statement runs on the DBAPI cursor with its SQL
    compiled once per dialect: SQLAlchemy's execution around each statement (context,
    result object, parameter set-up) was about 16 µs of a 23 µs read, and a returning
    reader's page runs four. Statements the simple path cannot run (expanding or
    escaped parameters) take the normal one."""
    plain = plain_connection()
    if plain is None:
        return list(db.session.connection().execute(statement, params).all())
    key = (statement, plain.dialect.name)
    if key not in _PREPARED:
        _PREPARED[key] = _prepare(statement, plain.dialect)
    prepared = _PREPARED[key]
    if prepared is None:
        return list(plain.execute(statement, params).all())
    values = prepared.compiled.construct_params(params)
    for name, process in prepared.bind_processors.items():
        values[name] = process(values[name])
    arguments = values if prepared.order is None else tuple(values[n] for n in prepared.order)
    found = on_cursor(plain, prepared.sql, arguments)
    make, processors = prepared.row, prepared.result_processors
    return [
        make(*(value if p is None else p(value) for p, value in zip(processors, raw, strict=True)))
        for raw in found
    ]


def on_cursor(connection: Connection, sql: str, arguments: Any = ()) -> list[Any]:
    """All raw rows of `sql` run on `connection`'s DBAPI cursor, errors wrapped as
    SQLAlchemy wraps them. After an error the DBAPI transaction is rolled back, so that on
    PostgreSQL the request's later reads on the same connection may go on."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, arguments)
        return list(cursor.fetchall())
    except connection.dialect.loaded_dbapi.Error as error:
        base = connection.dialect.loaded_dbapi.Error
        with contextlib.suppress(base):
            connection.connection.rollback()
        raise DBAPIError.instance(sql, arguments, error, base) from error
    finally:
        cursor.close()


def _prepare(statement: Select, dialect: Dialect) -> _Prepared | None:
    compiled = statement.compile(dialect=dialect)
    if (
        compiled.escaped_bind_names
        or compiled.literal_execute_params
        or compiled.post_compile_params
    ):
        return None
    bind_processors: dict[str, Callable[[Any], Any]] = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            bind_processors[name] = process
    return _Prepared(
        sql=compiled.string,
        compiled=compiled,
        order=tuple(compiled.positiontup or ()) if compiled.positional else None,
        bind_processors=bind_processors,
        row=namedtuple("Row", statement.selected_columns.keys(), rename=True),
        result_processors=tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        ),
    )
