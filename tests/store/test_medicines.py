"""Medicines in a person's record: stored, edited and deleted on both backends, kept apart
per person, carried by export and import (format version 2), and migrated into an old diary."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from b12.core.diary import Medicine
from b12.errors import InputError, NotFoundError
from b12.store import DiaryStore, export_json, import_json
from b12.store.engine import make_engine
from b12.store.migrate import upgrade

from . import samples


def metformin(**changes: Any) -> Medicine:
    values: dict[str, Any] = {
        "name": "Metformin",
        "generic": "metformin",
        "dose_text": "2000 mg/day",
        "dose_mg_per_day": 2000.0,
        "started": date(2019, 3, 1),
    }
    return Medicine(**(values | changes))


def test_add_list_edit_stop_delete(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    added = store.add_medicine("Ana", metformin())
    assert added.id is not None
    other = store.add_medicine("Ana", Medicine(name="Omeprazole", generic="omeprazole"))
    assert store.list_medicines("Ana") == [added, other]

    added.stopped = date(2024, 5, 1)
    added.improved_after_stopping = True
    assert store.update_medicine(added, profile="Ana") == added
    assert store.get_medicine(added.id, profile="Ana") == added

    store.delete_medicine(other.id or 0, profile="Ana")
    assert store.list_medicines("Ana") == [added]


def test_one_persons_medicine_cannot_be_reached_through_another(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.create_profile(samples.profile("Bo"))
    med = store.add_medicine("Ana", metformin())
    for call in (
        lambda: store.get_medicine(med.id or 0, profile="Bo"),
        lambda: store.delete_medicine(med.id or 0, profile="Bo"),
        lambda: store.update_medicine(med, profile="Bo"),
    ):
        with pytest.raises(NotFoundError, match="no medicine with id"):
            call()
    assert store.list_medicines("Ana") == [med]


def test_medicines_go_with_their_profile(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_medicine("Ana", metformin())
    store.delete_profile("Ana")
    store.create_profile(samples.profile("Ana"))
    assert store.list_medicines("Ana") == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "non-empty text"),
        ({"dose_mg_per_day": -1.0}, "dose_mg_per_day", "0 or more"),
        ({"dose_mg_per_day": 1e9}, "dose_mg_per_day", "at most"),
        ({"started": "2019-03-01"}, "started", "must be a date"),
        ({"stopped": date(2018, 1, 1)}, "stopped", "before started"),
        ({"improved_after_stopping": "yes"}, "improved_after_stopping", "true or false"),
    ],
)
def test_bad_medicines_are_refused_and_nothing_written(
    store: DiaryStore, changes: dict[str, Any], field: str, message: str
) -> None:
    store.create_profile(samples.profile("Ana"))
    with pytest.raises(InputError, match=message) as err:
        store.add_medicine("Ana", metformin(**changes))
    assert err.value.field == field
    assert store.list_medicines("Ana") == []


def test_profiles_hold_any_condition_of_the_contract(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana", conditions=["type_2_diabetes", "gastrectomy"]))
    assert store.get_profile("Ana").conditions == ["type_2_diabetes", "gastrectomy"]
    with pytest.raises(InputError, match="must be one of") as err:
        store.create_profile(samples.profile("Bo", conditions=["diabetes"]))
    assert err.value.field == "conditions[0]"


def test_record_reads_profile_entries_and_medicines_together(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_entries("Ana", samples.entries())
    med = store.add_medicine("Ana", metformin())
    record = store.read_record("Ana")
    assert record.profile.name == "Ana"
    assert record.entries == store.list_entries("Ana")
    assert record.medicines == [med]


def test_export_import_carries_medicines(store: DiaryStore, store_url: str) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_medicine("Ana", metformin(stopped=date(2024, 1, 2), improved_after_stopping=False))
    document = export_json(store)
    assert document["version"] == 2
    (med,) = document["profiles"][0]["medicines"]
    assert med["started"] == "2019-03-01"
    assert med["dose_mg_per_day"] == 2000.0
    import_json(store, document, replace=True)
    assert export_json(store) == document


def test_a_version_1_file_still_imports(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_entries("Ana", samples.entries())
    document = export_json(store)
    v1 = copy.deepcopy(document)
    v1["version"] = 1
    for p in v1["profiles"]:
        del p["medicines"]
    import_json(store, v1, replace=True)
    assert export_json(store) == document  # read as version 2 with no medicines


def test_medicines_in_a_version_1_file_are_refused(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_medicine("Ana", metformin())
    document = export_json(store)
    document["version"] = 1
    with pytest.raises(InputError, match="new in version 2") as err:
        import_json(store, document, replace=True)
    assert err.value.field == "version"


def test_a_bad_medicine_in_an_import_names_its_place_and_writes_nothing(
    store: DiaryStore,
) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_medicine("Ana", metformin())
    document = export_json(store)
    document["profiles"][0]["name"] = "New"
    document["profiles"][0]["medicines"][0]["stopped"] = "2000-01-01"
    with pytest.raises(InputError, match="before started") as err:
        import_json(store, document)
    assert err.value.field == "profiles[0].medicines[0].stopped"
    assert [p.name for p in store.list_profiles()] == ["Ana"]


def test_an_old_diary_gains_the_medicines_table_and_keeps_its_data(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO profiles (name, age, pregnant, breastfeeding, conditions, "
                    "reference) VALUES ('Old', 70, false, false, '[]', 'us-iom')"
                )
            )
    finally:
        engine.dispose()
    with DiaryStore(empty_url) as store:
        assert [p.name for p in store.list_profiles()] == ["Old"]
        store.add_medicine("Old", metformin())
        assert [m.name for m in store.list_medicines("Old")] == ["Metformin"]
