"""Export and import of the whole diary as a versioned JSON document."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from b12.errors import InputError
from b12.store import DiaryStore, export_json, import_json

from . import samples


def fill(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.add_entries("Ana", samples.entries())
    store.create_profile(
        samples.profile("Zoë 李", age=18, sex="male", breastfeeding=False, conditions=[], diet=None)
    )
    store.add_entry("Zoë 李", samples.food())
    store.create_profile(samples.profile("Empty"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The export of the sample diary, made once."""
    with DiaryStore(f"sqlite:///{tmp_path_factory.mktemp('export') / 'd.sqlite3'}") as store:
        fill(store)
        return export_json(store)


@pytest.fixture
def document(exported: dict[str, Any]) -> dict[str, Any]:
    """A copy of the sample export, free to change."""
    return copy.deepcopy(exported)


@pytest.fixture
def filled(store: DiaryStore) -> DiaryStore:
    fill(store)
    return store


def test_export_shape(document: dict[str, Any]) -> None:
    assert document["format"] == "b12-diary"
    assert document["version"] == 2
    assert [p["name"] for p in document["profiles"]] == ["Ana", "Empty", "Zoë 李"]
    ana = document["profiles"][0]
    assert "id" not in ana
    assert len(ana["entries"]) == len(samples.entries())
    assert isinstance(ana["entries"][0]["id"], int)  # kept on import where free
    assert ana["entries"][0] == {
        "id": ana["entries"][0]["id"],
        "kind": "lab",
        "on": "2024-04-28",
        "lab": {
            "test": "intrinsic_factor_antibody",
            "value": None,
            "unit": None,
            "comparator": None,
            "result": "positive",
            "reference_range": None,
            "date": None,
        },
    }
    foods = [e for e in ana["entries"] if e["kind"] == "food"]
    assert foods[0]["at"] == "2024-05-01T08:15:00+02:00"
    assert foods[1]["at"] == "2024-05-01T12:30:00.123456Z"
    assert set(foods[1]["nutrients"].values()) == {None}
    assert json.loads(json.dumps(document)) == document  # plain JSON


def test_round_trip_through_an_empty_database(
    document: dict[str, Any], backend: str, new_db_url: Callable[[str], str]
) -> None:
    with DiaryStore(new_db_url(backend)) as fresh:
        written = import_json(fresh, json.loads(json.dumps(document)))
        assert written == {"Ana": len(samples.entries()), "Zoë 李": 1, "Empty": 0}
        assert export_json(fresh) == document


def test_sqlite_to_postgresql_and_back(new_db_url: Callable[[str], str]) -> None:
    with DiaryStore(new_db_url("sqlite")) as lite:
        fill(lite)
        document = export_json(lite)
    with DiaryStore(new_db_url("postgresql")) as pg:
        import_json(pg, document)
        assert export_json(pg) == document
        again = export_json(pg)
    with DiaryStore(new_db_url("sqlite")) as lite:
        import_json(lite, again)
        assert export_json(lite) == document


def without_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document as a person reads it: entry ids depend on the database it came from."""
    out = copy.deepcopy(document)
    for profile in out["profiles"]:
        for entry in profile["entries"]:
            entry.pop("id", None)
    return out


def test_the_export_is_the_same_on_each_backend(
    filled: DiaryStore, document: dict[str, Any]
) -> None:
    assert without_ids(export_json(filled)) == without_ids(document)


def test_existing_profiles_are_refused_unless_replace(
    filled: DiaryStore, document: dict[str, Any]
) -> None:
    own = export_json(filled)
    with pytest.raises(InputError, match="already in the diary: Ana, Empty, Zoë 李") as err:
        import_json(filled, own)
    assert err.value.field == "profiles[0].name"
    assert export_json(filled) == own

    filled.add_entry("Ana", samples.food())  # changed since the export
    assert export_json(filled) != own
    import_json(filled, own, replace=True)
    assert export_json(filled) == own


def test_import_adds_beside_other_profiles(filled: DiaryStore, document: dict[str, Any]) -> None:
    own = export_json(filled)
    only_ana = {**own, "profiles": [own["profiles"][0]]}
    filled.delete_profile("Ana")
    import_json(filled, only_ana)
    assert export_json(filled) == own


def test_an_import_that_fails_half_way_changes_nothing(
    filled: DiaryStore, document: dict[str, Any], fail_at_insert: Callable[[int], None]
) -> None:
    filled.delete_profile("Empty")
    before = export_json(filled)
    fail_at_insert(5)
    with pytest.raises(RuntimeError, match="simulated"):
        import_json(filled, document, replace=True)
    assert export_json(filled) == before  # the replaced profiles are still there, unchanged


def entry_of(document: dict[str, Any], kind: str) -> int:
    return next(i for i, e in enumerate(document["profiles"][0]["entries"]) if e["kind"] == kind)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.update(format="something"), "format", "not a b12 diary export"),
        (lambda d: d.update(version=3), "version", "version 3 is not supported"),
        (lambda d: d.pop("profiles"), "profiles", "is required"),
        (lambda d: d.update(extra=1), "extra", "not a field of the b12-diary version 2"),
        (lambda d: d["profiles"][1].update(age="8"), "profiles[1].age", "valid number"),
        (lambda d: d["profiles"][1].update(sex="x"), "profiles[1].sex", "'female' or 'male'"),
        (lambda d: d["profiles"][1].update(name=""), "profiles[1].name", "non-empty"),
        (lambda d: d["profiles"][1].update(name="Ana"), "profiles[1].name", "appears twice"),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "food")].update(grams="244"),
            "profiles[0].entries[{food}].grams",
            "valid number",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "food")]["nutrients"].update(
                b12=float("nan")
            ),
            "profiles[0].entries[{food}].nutrients.b12",
            "finite",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "food")].update(
                at="2024-05-01T08:00:00"
            ),
            "profiles[0].entries[{food}].at",
            "timezone",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "cramp")].update(severity=12),
            "profiles[0].entries[{cramp}].severity",
            "1 to 10",
        ),
        (
            lambda d: d["profiles"][0]["entries"][0].update(kind="meal"),
            "profiles[0].entries[0].kind",
            "'food', 'supplement'",
        ),
        (
            lambda d: d["profiles"][0]["entries"][0].pop("kind"),
            "profiles[0].entries[0].kind",
            "is required",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "lab")]["lab"].update(
                comparator="=="
            ),
            "profiles[0].entries[{lab}].lab.comparator",
            "'<', '<=', '>' or '>='",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "lab")]["lab"].update(
                reference_range={"low": 10, "high": 1}
            ),
            "profiles[0].entries[{lab}].lab.reference_range",
            "above high",
        ),
        (
            lambda d: d["profiles"][0]["entries"][entry_of(d, "lab")].update(on="2. Mai"),
            "profiles[0].entries[{lab}].on",
            "valid date",
        ),
    ],
)
def test_bad_documents_name_the_first_bad_field_and_write_nothing(
    store: DiaryStore,
    document: dict[str, Any],
    change: Callable[[dict[str, Any]], Any],
    field: str,
    message: str,
) -> None:
    broken = copy.deepcopy(document)
    change(broken)
    places = {k: entry_of(document, k) for k in ("food", "cramp", "lab")}
    with pytest.raises(InputError, match=message) as err:
        import_json(store, broken)
    assert err.value.field == field.format(**places)
    assert store.list_profiles() == []


@pytest.mark.parametrize("data", [[], "b12", None, {"format": "b12-diary", "version": 1.5}])
def test_not_a_document_at_all(store: DiaryStore, data: Any) -> None:
    with pytest.raises(InputError):
        import_json(store, data)


def test_only_json_values_are_accepted(store: DiaryStore) -> None:
    document = {"format": "b12-diary", "version": 1, "profiles": [{"name": object()}]}
    with pytest.raises(InputError, match="JSON values only"):
        import_json(store, document)


def test_import_replace_keeps_the_entry_ids(filled: DiaryStore) -> None:
    """Ids are what `b12 log edit` and `delete` take: replacing a profile from its own
    export keeps them, and new entries afterwards get fresh ids (the sequence moved on)."""
    document = export_json(filled)
    before = [e["id"] for p in document["profiles"] for e in p["entries"]]
    import_json(filled, document, replace=True)
    after = [e["id"] for p in export_json(filled)["profiles"] for e in p["entries"]]
    assert after == before
    added = filled.add_entry("Ana", samples.food())
    assert added.id is not None and added.id not in before


def test_an_id_held_by_another_profile_is_not_taken(filled: DiaryStore) -> None:
    document = export_json(filled)
    ana = copy.deepcopy(document["profiles"][0])
    ana["name"] = "Ana Copy"
    import_json(filled, {**document, "profiles": [ana]})  # every id is taken: new ones
    copied = next(p for p in export_json(filled)["profiles"] if p["name"] == "Ana Copy")
    original = {e["id"] for e in document["profiles"][0]["entries"]}
    assert original.isdisjoint(e["id"] for e in copied["entries"])
