"""Two PostgreSQL transactions that cannot both commit (issue 22): the one the server rolls
back is a clear StoreBusyError (the API's 503 with Retry-After), never a raw database error,
and nothing of it is written."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from b12.core.diary import Profile
from b12.errors import StoreBusyError
from b12.store import DiaryStore
from tests.store.conftest import pg_schema


def test_a_serialization_failure_is_busy_not_an_error(pg_server_url: str) -> None:
    with pg_schema(pg_server_url) as url, DiaryStore(url) as store:
        store.create_profile(Profile(name="Ana", age=40))
        both_read = threading.Barrier(2)
        outcomes: list[str] = []

        def writer(name: str) -> None:
            try:
                with store.transaction(write=True) as session:
                    session.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
                    session.execute(text("SELECT count(*) FROM profiles")).scalar()
                    both_read.wait(timeout=10)
                    session.execute(text("UPDATE profiles SET age = age + 1 WHERE name = 'Ana'"))
                outcomes.append("ok")
            except StoreBusyError:
                outcomes.append("busy")

        threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes) == ["busy", "ok"]
        assert store.get_profile("Ana").age == 41  # the one rolled back wrote nothing


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_the_sqlstates_taken_as_busy(sqlstate: str) -> None:
    from sqlalchemy.exc import OperationalError

    from b12.store.repository import _conflict

    class Orig(Exception):
        pass

    orig = Orig("could not serialize access")
    orig.sqlstate = sqlstate  # type: ignore[attr-defined]
    assert _conflict(OperationalError("UPDATE", {}, orig))
    other = Orig("connection refused")
    other.sqlstate = "08006"  # type: ignore[attr-defined]
    assert not _conflict(OperationalError("UPDATE", {}, other))


def test_a_write_rolled_back_by_another_is_tried_again(pg_server_url: str) -> None:
    """``DiaryStore.write`` runs the work again after a serialization failure: both writers
    land, and the count holds both (the first try of the loser wrote nothing)."""
    with pg_schema(pg_server_url) as url, DiaryStore(url) as store:
        store.create_profile(Profile(name="Ana", age=40))
        both_read = threading.Barrier(2)
        tries: list[str] = []
        outcomes: list[str] = []

        def writer(name: str) -> None:
            def work(session: Session) -> None:
                first = name not in tries
                tries.append(name)
                session.execute(text("SELECT count(*) FROM profiles")).scalar()
                if first:
                    both_read.wait(timeout=10)  # both read before either writes
                session.execute(text("UPDATE profiles SET age = age + 1 WHERE name = 'Ana'"))

            try:
                store.write(work, serializable=True)
                outcomes.append("ok")
            except StoreBusyError:
                outcomes.append("busy")

        threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert outcomes == ["ok", "ok"]
        assert len(tries) == 3  # the loser's work ran twice
        assert store.get_profile("Ana").age == 42


def test_a_merge_raced_by_the_same_merge_adds_its_entries_once(pg_server_url: str) -> None:
    """Two merges of the same record at once (two EHR pushes): the "already there?" check of
    one cannot miss the other's entries, because writes are SERIALIZABLE and retried."""
    from datetime import UTC, datetime

    from b12.core.diary import Record, SymptomEntry

    with pg_schema(pg_server_url) as url, DiaryStore(url) as store:
        store.create_profile(Profile(name="Ana", age=40))
        entries = [
            SymptomEntry(at=datetime(2026, 11, d, 8, tzinfo=UTC), symptom="muscle_cramps")
            for d in range(1, 21)
        ]
        record = Record(store.get_profile("Ana"), entries)
        start = threading.Barrier(4)

        def merge() -> None:
            start.wait(timeout=10)
            store.merge_record(record, create=False)

        threads = [threading.Thread(target=merge) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert len(store.list_entries("Ana")) == 20
