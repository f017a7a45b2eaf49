"""FHIR in and out: the export parses with fhir.resources (R4B models, the closest release it
ships to R4), export -> import -> export is stable, an import is all or nothing and
idempotent, and a lab from another system is read exactly as the lab reader reads it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from b12.core.diary import LabEntry, Medicine, Profile, SupplementEntry
from b12.diary.parse import parse_lab_result
from b12.errors import InputError
from b12.interop.fhir_export import export_bundle
from b12.interop.fhir_import import import_fhir_file
from b12.knowledge import load_knowledge
from b12.store import DiaryStore

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
KNOWLEDGE = load_knowledge()


def _lab(text: str, on: date) -> LabEntry:
    return LabEntry(on=on, lab=parse_lab_result(text, KNOWLEDGE))


@pytest.fixture
def diary(tmp_path: Path) -> DiaryStore:
    store = DiaryStore(f"sqlite:///{tmp_path}/a.sqlite3")
    store.create_profile(
        Profile(name="Ana", age=64, sex="female", conditions=["type_2_diabetes", "hiv"])
    )
    store.add_entries(
        "Ana",
        [
            _lab("b12_total=180 pg/mL (200-900)", date(2026, 1, 10)),
            _lab("mma=620 nmol/L", date(2026, 1, 10)),
            _lab("active_b12=30 pmol/L", date(2026, 1, 11)),
            _lab("k=2.4 mmol/L", date(2026, 2, 1)),
            SupplementEntry(at=NOW - timedelta(days=1), dose_ug=250),
        ],
    )
    store.add_medicine(
        "Ana",
        Medicine(
            name="Metformin",
            generic="metformin",
            dose_text="1000 mg twice a day",
            dose_mg_per_day=2000,
            started=date(2019, 3, 1),
        ),
    )
    store.add_medicine("Ana", Medicine(name="amoxicillin", started=date(2026, 1, 2)))
    return store


def _export(store: DiaryStore, name: str = "Ana", **options: Any) -> dict[str, Any]:
    return export_bundle(store.read_record(name), KNOWLEDGE, now=NOW, **options)


def _import(store: DiaryStore, bundle: dict[str, Any] | bytes, profile: str | None, home: Path):  # type: ignore[no-untyped-def]
    raw = bundle if isinstance(bundle, bytes) else json.dumps(bundle).encode()
    return import_fhir_file(store, raw, KNOWLEDGE, profile=profile, home=home, today=TODAY)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize("document", [False, True])
def test_the_export_parses_with_fhir_resources(diary: DiaryStore, document: bool) -> None:
    from fhir.resources.R4B.bundle import Bundle

    data = _export(diary, document=document)
    bundle = Bundle.model_validate(data)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Observation") == 4 + 2  # four labs, eaten + absorbed for one day
    assert {"Patient", "Condition", "MedicationStatement", "RiskAssessment", "Provenance"} <= set(
        kinds
    )
    if document:
        assert bundle.type == "document" and kinds[0] == "Composition"
    b12 = next(o for o in _resources(data, "Observation") if o["code"]["text"].startswith("Serum"))
    assert b12["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "2132-9",
        "display": "Cobalamin (Vitamin B12) [Mass/volume] in Serum or Plasma",
    }
    assert b12["valueQuantity"] == {
        "value": 180.0, "unit": "pg/mL", "system": "http://unitsofmeasure.org", "code": "pg/mL"
    }  # fmt: skip
    assert b12["interpretation"][0]["coding"][0]["code"] == "IND"  # NICE: 180 to 350
    assert b12["referenceRange"][0]["low"]["value"] == 200
    assert "NICE" in b12["note"][0]["text"]
    sources = [p["valueUri"] for p in b12["extension"][0]["extension"] if p["url"] == "source"]
    assert "https://www.nice.org.uk/guidance/ng239" in sources
    potassium = next(o for o in _resources(data, "Observation") if "2823-3" in json.dumps(o))
    assert potassium["interpretation"][0]["coding"][0]["code"] == "LL"  # severe low
    absorbed = next(
        o for o in _resources(data, "Observation") if "intake:b12-absorbed" in json.dumps(o)
    )
    low, high = (c["valueQuantity"]["value"] for c in absorbed["component"])
    assert low <= absorbed["valueQuantity"]["value"] <= high
    (risk,) = _resources(data, "RiskAssessment")
    assert risk["prediction"] and all("rationale" in p for p in risk["prediction"])
    (provenance,) = _resources(data, "Provenance")
    assert provenance["agent"][0]["who"]["display"].startswith("b12 ")
    assert len(provenance["target"]) == len(bundle.entry) - 1 - int(document)


def test_export_import_export_is_stable(diary: DiaryStore, tmp_path: Path) -> None:
    first = _export(diary)
    other = DiaryStore(f"sqlite:///{tmp_path}/b.sqlite3")
    report = _import(other, first, "Ana", tmp_path)
    assert report.created and report.labs_added == 4 and report.medicines_added == 2
    assert report.derived == 2  # the intake estimates are recomputed, not imported
    again = _export(other)

    # The supplement is not a FHIR resource here, so only the intake estimates may differ.
    def without_intake(bundle: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            e for e in bundle["entry"] if "intake:" not in json.dumps(e["resource"].get("code", {}))
        ]

    assert [e["fullUrl"] for e in without_intake(again)] == [
        e["fullUrl"] for e in without_intake(first)
    ]
    for a, b in zip(without_intake(again), without_intake(first), strict=True):
        if a["resource"]["resourceType"] != "Provenance":
            assert a == b


def test_import_into_a_new_profile_gives_the_same_labs_and_medicines(
    diary: DiaryStore, tmp_path: Path
) -> None:
    report = _import(diary, _export(diary), "Bea", tmp_path)
    assert report.profile == "Bea" and report.created
    ana, bea = diary.read_record("Ana"), diary.read_record("Bea")
    labs = [(e.on, e.lab) for e in ana.entries if isinstance(e, LabEntry)]
    assert [(e.on, e.lab) for e in bea.entries if isinstance(e, LabEntry)] == labs
    strip = [(m.name, m.generic, m.dose_text, m.started, m.stopped) for m in ana.medicines]
    assert [(m.name, m.generic, m.dose_text, m.started, m.stopped) for m in bea.medicines] == strip
    assert (bea.profile.age, bea.profile.sex) == (64, "female")
    assert bea.profile.conditions == ["type_2_diabetes", "hiv"]
    assert [u.reason for u in report.unrecognised_medicines] == ["'amoxicillin' kept by name"]


def test_importing_the_same_file_twice_adds_nothing(diary: DiaryStore, tmp_path: Path) -> None:
    bundle = _export(diary)
    _import(diary, bundle, "Bea", tmp_path)
    before = diary.read_record("Bea")
    report = _import(diary, bundle, "Bea", tmp_path)
    assert (report.created, report.labs_added, report.medicines_added) == (False, 0, 0)
    after = diary.read_record("Bea")
    assert after.entries == before.entries and after.medicines == before.medicines


LOINC, UCUM = "http://loinc.org", "http://unitsofmeasure.org"
FOREIGN_B12 = {
    "resourceType": "Observation",
    "id": "f001",
    "status": "final",
    "code": {"coding": [{"system": LOINC, "code": "2132-9", "display": "Vitamin B12"}]},
    "subject": {"reference": "Patient/p1"},
    "effectiveDateTime": "2025-12-03T08:15:00+01:00",
    "valueQuantity": {"value": 180, "unit": "pg/mL", "system": UCUM, "code": "pg/mL"},
    "referenceRange": [{
        "low": {"value": 200, "unit": "pg/mL", "system": UCUM, "code": "pg/mL"},
        "high": {"value": 900, "unit": "pg/mL", "system": UCUM, "code": "pg/mL"},
    }],
}  # fmt: skip


def test_a_foreign_b12_observation_reads_as_the_lab_reader_reads_it(
    diary: DiaryStore, tmp_path: Path
) -> None:
    ndjson = "\n".join(
        json.dumps(r)
        for r in (
            {"resourceType": "Patient", "id": "p1", "birthDate": "1961-05-02", "gender": "male"},
            FOREIGN_B12,
            {
                **FOREIGN_B12,
                "id": "f002",
                "code": {
                    "coding": [
                        {"system": "http://loinc.org", "code": "2093-3", "display": "Cholesterol"}
                    ]
                },
            },
            {
                **FOREIGN_B12,
                "id": "f003",
                "valueQuantity": {
                    "value": 180,
                    "unit": "pg/mL",
                    "system": "http://unitsofmeasure.org",
                    "code": "[ppm]",
                },
            },
            {"resourceType": "Encounter", "id": "e1"},
            {
                "resourceType": "MedicationRequest",
                "id": "m1",
                "status": "active",
                "authoredOn": "2021-06-01",
                "medicationCodeableConcept": {
                    "coding": [
                        {
                            "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                            "code": "861007",
                            "display": "metformin hydrochloride 500 MG Oral Tablet",
                        }
                    ]
                },
            },
        )
    ).encode()
    report = _import(diary, ndjson, "Cy", tmp_path)
    (entry,) = [e for e in diary.read_record("Cy").entries if isinstance(e, LabEntry)]
    assert entry.on == date(2025, 12, 3)
    assert entry.lab == parse_lab_result("b12_total=180 pg/mL (200-900)", KNOWLEDGE)
    reasons = {u.where.split()[0] + " " + u.where.split()[1]: u.reason for u in report.unread}
    assert "2093-3" in reasons["line 3"] and "Cholesterol" in reasons["line 3"]
    assert "unit" in reasons["line 4"]
    assert report.ignored == {"Encounter": 1}
    (med,) = diary.read_record("Cy").medicines
    assert (med.generic, med.started) == ("metformin", date(2021, 6, 1))
    assert diary.get_profile("Cy").age == 64


def test_an_impossible_value_refuses_the_whole_file(diary: DiaryStore, tmp_path: Path) -> None:
    bad = {
        **FOREIGN_B12,
        "id": "f9",
        "valueQuantity": {**FOREIGN_B12["valueQuantity"], "value": 10**9},
    }  # type: ignore[dict-item]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1961-05-02"}},
        {"resource": FOREIGN_B12},
        {"resource": bad},
    ]}  # fmt: skip
    with pytest.raises(InputError) as caught:
        _import(diary, bundle, "Dee", tmp_path)
    assert caught.value.field is not None and "entry[2] Observation/f9" in caught.value.field
    assert "Dee" not in [p.name for p in diary.list_profiles()]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"not json\n", "line 1"),
        (b'{"resourceType": "Bundle", "entry": [{"x": 1}]}', "Bundle.entry[0]"),
        (b'{"no": "type"}', "resourceType"),
    ],
)
def test_a_file_that_is_not_fhir_is_refused_naming_where(
    diary: DiaryStore, tmp_path: Path, raw: bytes, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        _import(diary, raw, "Ana", tmp_path)
    assert caught.value.field == field


def test_a_new_profile_needs_an_age(diary: DiaryStore, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="b12 profile add Eve --age N"):
        _import(
            diary, {"resourceType": "Bundle", "entry": [{"resource": FOREIGN_B12}]}, "Eve", tmp_path
        )
