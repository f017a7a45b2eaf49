"""Opening a store: where the database is, which URLs are accepted, the public names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import b12.store
from b12.config import get_settings
from b12.errors import InputError
from b12.store import DiaryStore, current_revision, head_revision

from . import samples


@pytest.fixture
def clean_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_default_database_is_a_file_in_b12_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_settings: None
) -> None:
    home = tmp_path / "not yet made" / "b12"
    monkeypatch.setenv("B12_HOME", str(home))
    monkeypatch.delenv("B12_DATABASE_URL", raising=False)
    assert get_settings().database_url == f"sqlite:///{home / 'diary.sqlite3'}"
    with DiaryStore.from_settings() as store:  # creates the folder, migrates the new file
        store.create_profile(samples.profile())
    assert (home / "diary.sqlite3").is_file()


def test_b12_database_url_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_settings: None
) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    monkeypatch.setenv("B12_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("B12_DATABASE_URL", url)
    with DiaryStore.from_settings() as store:
        assert str(store.url) == url
    assert current_revision(url) == head_revision()


def test_plain_postgresql_urls_use_psycopg_3(pg_server_url: str) -> None:
    plain = pg_server_url.replace("postgresql+psycopg://", "postgresql://")
    assert current_revision(plain) in (None, head_revision())


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:p@localhost/db", "unsupported database 'mysql'"),
        ("not a url", "not a database URL"),
    ],
)
def test_unsupported_urls_say_what_is_allowed(url: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        DiaryStore(url)
    assert "sqlite:///PATH or postgresql+psycopg://" in str(err.value)
    assert err.value.field == "database_url"


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    url = "postgresql+psycopg://me:secret@127.0.0.1:1/diary?connect_timeout=2"
    with pytest.raises(InputError, match="cannot open the diary database") as err:
        DiaryStore(url)
    assert "secret" not in str(err.value)


def test_public_names() -> None:
    assert b12.store.__all__ == [
        "DiaryStore",
        "ENTRY_KINDS",
        "current_revision",
        "downgrade_to_base",
        "export_json",
        "head_revision",
        "import_json",
        "upgrade_to_head",
    ]
    for name in b12.store.__all__:
        assert getattr(b12.store, name) is not None
    with pytest.raises(AttributeError):
        _ = b12.store.nothing_here
