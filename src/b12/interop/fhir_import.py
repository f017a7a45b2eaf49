"""``b12 fhir import``: what a FHIR file says of a person, written into one profile.

Everything is read and checked first (``fhir_read``); then the profile, its labs,
medicines and conditions are written in one transaction (``DiaryStore.merge_record``), or
nothing is. Importing the same file again adds nothing: a lab or medicine equal to one in
the record is not added twice, and conditions are a set. The report lists what was added
and everything that was not read, with where it was in the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from b12.core.diary import Profile, Record
from b12.errors import InputError
from b12.interop.codes import load_interop
from b12.interop.fhir_read import FhirRecord, Unread, age_on, parse_resources, read_fhir
from b12.knowledge import Knowledge
from b12.store import DiaryStore


@dataclass(slots=True)
class ImportReport:
    profile: str
    created: bool
    labs_read: int
    labs_added: int
    medicines_read: int
    medicines_added: int
    conditions: list[str]
    unread: list[Unread] = field(default_factory=list)
    unrecognised_medicines: list[Unread] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    derived: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "created": self.created,
            "labs": {"read": self.labs_read, "added": self.labs_added},
            "medicines": {"read": self.medicines_read, "added": self.medicines_added},
            "conditions": self.conditions,
            "not_read": [{"where": u.where, "reason": u.reason} for u in self.unread],
            "medicines_not_recognised": [
                {"where": u.where, "reason": u.reason} for u in self.unrecognised_medicines
            ],
            "resource_types_ignored": dict(sorted(self.ignored.items())),
            "b12_estimates_skipped": self.derived,
        }


def import_fhir_file(
    store: DiaryStore,
    raw: bytes,
    knowledge: Knowledge,
    *,
    profile: str | None,
    home: Path,
    today: date,
    name: str = "file",
) -> ImportReport:
    """Read ``raw`` (a Bundle or NDJSON) and merge it into ``profile`` (default: the current
    one; a name not in the diary is created from the file's Patient)."""
    found = read_fhir(parse_resources(raw, name), knowledge, load_interop(knowledge))
    target, create = _target_profile(store, found, profile, home, today)
    added_labs, added_meds = store.merge_record(
        Record(target, list(found.labs), list(found.medicines)), create=create
    )
    return ImportReport(
        profile=target.name,
        created=create,
        labs_read=len(found.labs),
        labs_added=added_labs,
        medicines_read=len(found.medicines),
        medicines_added=added_meds,
        conditions=list(found.conditions),
        unread=found.unread,
        unrecognised_medicines=found.unrecognised_medicines,
        ignored=found.ignored,
        derived=found.derived,
    )


def _target_profile(
    store: DiaryStore, found: FhirRecord, explicit: str | None, home: Path, today: date
) -> tuple[Profile, bool]:
    """The profile as it will be after the import, and whether it is new."""
    from b12.diary.profiles import pick_profile

    names = {p.name: p for p in store.list_profiles()}
    if explicit is not None and explicit not in names:
        age = age_on(found.birth_date, today) if found.birth_date else found.age
        if age is None:
            raise InputError(
                f"profile {explicit!r} is new and the file gives no Patient.birthDate, so its "
                f"age is unknown: create it first (b12 profile add {explicit} --age N)",
                field="Patient.birthDate",
            )
        return (
            Profile(
                name=explicit,
                age=age,
                sex=found.sex,
                conditions=list(found.conditions),
            ),
            True,
        )
    current = pick_profile(store, home, explicit)
    if found.birth_date is not None:
        current.age = age_on(found.birth_date, today)
    elif found.age is not None:
        current.age = found.age
    if found.sex is not None:
        if found.sex == "male":
            current.pregnant = current.breastfeeding = False
        current.sex = found.sex
    current.conditions = list(dict.fromkeys([*current.conditions, *found.conditions]))
    return current, False
