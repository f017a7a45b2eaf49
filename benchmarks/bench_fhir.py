"""FHIR import of 10,000 lab Observations, beside the diary's own JSON import of the same labs.

Both import into a new SQLite diary in a temporary folder and check every lab with the lab
reader, as ``b12 fhir import`` and ``b12 import`` do; both write in one transaction. The
FHIR file is a Bundle of one Patient and N Observations (serum B12 in pg/mL and pmol/L,
folate, MMA, potassium; LOINC codes, UCUM units, a reference range on some), the b12 file a
b12-diary document holding the same results. The FHIR figure includes what the diary
import does not have to do: JSON of FHIR's shape, code and unit look-ups, and the
comparison with the labs already in the record that makes re-import idempotent. Each is run
R times; the median and the range are printed. Nothing is asserted.

Run: ./dev python benchmarks/bench_fhir.py [--observations N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from b12.core.labs import ReadingOptions, interpret_lab
from b12.interop.fhir_import import import_fhir_file
from b12.knowledge import load_knowledge
from b12.store import DiaryStore, import_json

UCUM = "http://unitsofmeasure.org"
TESTS = [  # (LOINC, b12 test, unit, value, reference range)
    ("2132-9", "b12_total", "pg/mL", 250.0, (200.0, 900.0)),
    ("14685-2", "b12_total", "pmol/L", 180.0, None),
    ("2284-8", "folate", "ng/mL", 6.5, (3.0, 17.0)),
    ("13964-2", "mma", "nmol/L", 310.0, None),
    ("2823-3", "potassium", "mmol/L", 4.1, (3.5, 5.3)),
]


def labs(n: int) -> list[tuple[date, str, str, str, float, tuple[float, float] | None]]:
    start = date(2000, 1, 1)
    found = []
    for i in range(n):
        loinc, test, unit, value, ref = TESTS[i % len(TESTS)]
        found.append(
            (start + timedelta(days=i // len(TESTS)), loinc, test, unit, value + i % 7, ref)
        )
    return found


def fhir_bundle(rows: list[Any]) -> bytes:
    entries: list[dict[str, Any]] = [
        {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1960-01-01"}}
    ]
    for i, (on, loinc, _test, unit, value, ref) in enumerate(rows):
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"o{i}",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
            "effectiveDateTime": on.isoformat(),
            "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
        }
        if ref:
            obs["referenceRange"] = [{"low": {"value": ref[0]}, "high": {"value": ref[1]}}]
        entries.append({"resource": obs})
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}).encode()


def diary_document(rows: list[Any]) -> dict[str, Any]:
    entries = []
    for on, _loinc, test, unit, value, ref in rows:
        lab: dict[str, Any] = {"test": test, "value": value, "unit": unit}
        if ref:
            lab["reference_range"] = {"low": ref[0], "high": ref[1]}
        entries.append({"kind": "lab", "on": on.isoformat(), "lab": lab})
    profile = {"name": "Bench", "age": 64.0, "entries": entries}
    return {"format": "b12-diary", "version": 2, "profiles": [profile]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    knowledge = load_knowledge()
    rows = labs(args.observations)
    raw = fhir_bundle(rows)
    document = diary_document(rows)

    def check_lab(lab: Any, field: str) -> None:
        interpret_lab(lab, knowledge, ReadingOptions(), field)

    times: dict[str, list[float]] = {"fhir": [], "diary": []}
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            store = DiaryStore(f"sqlite:///{tmp}/fhir.sqlite3")
            start = time.perf_counter()
            report = import_fhir_file(
                store, raw, knowledge, profile="Bench", home=Path(tmp), today=date(2026, 1, 1)
            )
            times["fhir"].append(time.perf_counter() - start)
            assert report.labs_added == args.observations, report.to_dict()["not_read"][:3]
            store.close()
            store = DiaryStore(f"sqlite:///{tmp}/diary.sqlite3")
            start = time.perf_counter()
            import_json(store, document, check_lab=check_lab)
            times["diary"].append(time.perf_counter() - start)
            store.close()
        print(
            f"round {r + 1}: fhir {times['fhir'][-1]:.2f} s, diary json {times['diary'][-1]:.2f} s"
        )
    n = args.observations
    print(f"{n} lab results, {len(raw) / 1e6:.1f} MB of FHIR JSON, SQLite, {args.rounds} rounds:")
    for name, label in (
        ("fhir", "b12 fhir import (Bundle)"),
        ("diary", "b12 import (b12-diary JSON)"),
    ):
        values = times[name]
        median = statistics.median(values)
        print(
            f"  {label:30} median {median:6.2f} s  ({min(values):.2f}-{max(values):.2f})"
            f"  {median / n * 1e6:6.0f} us per result"
        )


if __name__ == "__main__":
    main()
