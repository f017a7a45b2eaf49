"""Accounts (``b12.store.accounts``) and owned profiles (``DiaryStore.owned_by``), on both
backends: each account reaches only its own profiles, entries and medicines; passwords
and session tokens are never stored as given."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from b12.core.diary import Medicine
from b12.errors import InputError, NotFoundError
from b12.store import DiaryStore
from b12.store.accounts import Accounts
from b12.store.engine import make_engine

from . import samples

PASSWORD = "correct horse battery"


def test_add_authenticate_and_list(store: DiaryStore) -> None:
    accounts = Accounts(store)
    assert not accounts.any()
    ana = accounts.add("ana", PASSWORD, "admin")
    accounts.add("bo", PASSWORD)
    assert accounts.any()
    assert accounts.authenticate("ana", PASSWORD) == ana
    assert accounts.authenticate("ana", PASSWORD + "!") is None
    assert accounts.authenticate("nobody", PASSWORD) is None
    assert [(u.name, u.role) for u in accounts.users()] == [("ana", "admin"), ("bo", "user")]
    with pytest.raises(InputError, match="already exists"):
        accounts.add("ana", PASSWORD)


def test_password_is_stored_as_an_argon2_hash(store: DiaryStore) -> None:
    Accounts(store).add("ana", PASSWORD)
    engine = make_engine(store.url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("name", "password", "field"),
    [("Ana Smith", PASSWORD, "name"), ("", PASSWORD, "name"), ("ana", "short", "password")],
)
def test_bad_names_and_passwords_are_refused(
    store: DiaryStore, name: str, password: str, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        Accounts(store).add(name, password)
    assert caught.value.field == field


def test_sessions_open_close_and_end_with_a_new_password(store: DiaryStore) -> None:
    accounts = Accounts(store)
    ana = accounts.add("ana", PASSWORD)
    token = accounts.open_session(ana)
    assert accounts.session_user(token) == ana
    assert accounts.session_user(token + "x") is None
    engine = make_engine(store.url)
    with engine.connect() as conn:
        assert token not in conn.execute(text("SELECT token_hash FROM sessions")).scalar_one()
    engine.dispose()
    accounts.close_session(token)
    assert accounts.session_user(token) is None
    again = accounts.open_session(ana)
    accounts.set_password("ana", PASSWORD + " new")
    assert accounts.session_user(again) is None
    assert accounts.authenticate("ana", PASSWORD + " new") == ana


def test_an_expired_session_signs_no_one_in(store: DiaryStore) -> None:
    accounts = Accounts(store)
    token = accounts.open_session(accounts.add("ana", PASSWORD), hours=0)
    assert accounts.session_user(token) is None


def test_each_account_reaches_only_its_own_profiles(store: DiaryStore) -> None:
    accounts = Accounts(store)
    ana = store.owned_by(accounts.add("ana", PASSWORD).id)
    bo = store.owned_by(accounts.add("bo", PASSWORD).id)
    ana.create_profile(samples.profile("me"))
    bo.create_profile(samples.profile("me"))  # the same name under another owner
    entry = ana.add_entry("me", samples.food())
    medicine = ana.add_medicine("me", Medicine(name="metformin"))
    assert entry.id is not None and medicine.id is not None
    assert [p.name for p in bo.list_profiles()] == ["me"]
    assert bo.list_entries("me") == []
    assert store.list_profiles() == []  # the owner-less view sees no account's profiles
    with pytest.raises(NotFoundError):
        bo.get_entry(entry.id)
    with pytest.raises(NotFoundError):
        bo.delete_entry(entry.id)
    with pytest.raises(NotFoundError):
        bo.get_medicine(medicine.id, profile="me")
    with pytest.raises(NotFoundError):
        store.get_profile("me")
    profile = ana.get_profile("me")
    with pytest.raises(NotFoundError):
        bo.update_profile(profile)
    assert [len(r.entries) for r in ana.read_all()] == [1]
    assert [len(r.entries) for r in bo.read_all()] == [0]
    assert ana.get_entry(entry.id) == entry


def test_deleting_an_account_with_profiles_needs_saying_so(store: DiaryStore) -> None:
    accounts = Accounts(store)
    ana = store.owned_by(accounts.add("ana", PASSWORD).id)
    ana.create_profile(samples.profile("me"))
    ana.add_entry("me", samples.food())
    with pytest.raises(InputError, match="owns 1 profile"):
        accounts.delete("ana")
    assert [u.profiles for u in accounts.users()] == [1]
    assert accounts.delete("ana", with_profiles=True) == 1
    assert accounts.users() == []
    with pytest.raises(NotFoundError, match="no account named 'ana'"):
        accounts.delete("ana")


def test_profiles_of_no_account_can_be_given_to_one(store: DiaryStore) -> None:
    accounts = Accounts(store)
    ana_id = accounts.add("ana", PASSWORD).id
    store.create_profile(samples.profile("Ana"))
    store.create_profile(samples.profile("Kid"))
    store.add_entry("Ana", samples.food())
    with pytest.raises(NotFoundError, match="'Nobody'"):
        accounts.adopt("ana", ["Ana", "Nobody"])
    assert accounts.adopt("ana", ["Ana"]) == ["Ana"]
    ana = store.owned_by(ana_id)
    assert [p.name for p in ana.list_profiles()] == ["Ana"]
    assert len(ana.list_entries("Ana")) == 1
    assert [p.name for p in store.list_profiles()] == ["Kid"]
    store.create_profile(samples.profile("Ana"))  # a new owner-less Ana, same name
    with pytest.raises(InputError, match="already has a profile"):
        accounts.adopt("ana")
    assert [p.name for p in store.list_profiles()] == ["Ana", "Kid"]  # none was given


def test_a_hash_of_older_settings_is_renewed_at_sign_in_and_sessions_stay(
    store: DiaryStore,
) -> None:
    from argon2 import PasswordHasher

    accounts = Accounts(store)
    ana = accounts.add("ana", PASSWORD)
    token = accounts.open_session(ana)
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    engine = make_engine(store.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET password_hash = :h"), {"h": old})
    assert accounts.authenticate("ana", PASSWORD) == ana
    with engine.connect() as conn:
        renewed = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    assert renewed != old and "m=19456,t=2,p=1" in renewed
    assert accounts.session_user(token) == ana
