"""Time of the intake analysis over a year of diary: ``analyse_intake`` on 365 days.

A synthetic year is built in memory (seeded, so every run times the same diary): five
foods a day (some fortified, some with missing values), a supplement on most days, drinks,
cramps and symptoms, about 3,500 entries. Each repetition analyses the whole year; the
figures are the best and the median repetition, so a busy neighbour on the machine shows
up as a gap between them rather than as a wrong number. Target: under 100 ms per year.
Run: ./dev python benchmarks/bench_intake.py [REPETITIONS]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from b12.core.absorption import estimate_absorption, intakes_from_entries
from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.intake import analyse_intake
from b12.core.timeline import build_timeline
from b12.knowledge import load_knowledge

START = date(2024, 1, 1)
DAYS = 365
MEALS = ((7.5, "Soy milk, fortified"), (12.5, "Lentil soup"), (15.0, "Breakfast cereal, fortified"),
         (19.0, "Salmon"), (21.0, "Yogurt"))  # fmt: skip


def _food(rng: random.Random, when: datetime, name: str) -> FoodEntry:
    fortified = "fortified" in name
    b12 = None if rng.random() < 0.05 else round(rng.uniform(0.0, 3.0), 2)
    added = None if b12 is None or rng.random() < 0.2 else (b12 if fortified else 0.0)
    nutrients: dict[str, float | None] = {
        "b12": b12,
        "b12_added": added,
        "energy": rng.uniform(50, 600),
        "water": None if rng.random() < 0.03 else rng.uniform(5, 400),
        "potassium": rng.uniform(50, 800),
        "sodium": None if rng.random() < 0.05 else rng.uniform(10, 900),
        "magnesium": rng.uniform(5, 120),
        "calcium": rng.uniform(10, 400),
    }
    return FoodEntry(when, "bench:" + name, name, "1 serving", 200.0, nutrients)


def synthetic_year(seed: int = 12) -> list[Entry]:
    rng = random.Random(seed)
    entries: list[Entry] = []
    for k in range(DAYS):
        day = datetime.combine(START + timedelta(days=k), datetime.min.time())
        for hour, name in MEALS:
            jitter = timedelta(minutes=rng.randint(-45, 45))
            entries.append(_food(rng, day + timedelta(hours=hour) + jitter, name))
        if rng.random() < 0.7:
            dose = rng.choice([5.0, 25.0, 50.0, 250.0, 1000.0])
            entries.append(SupplementEntry(day + timedelta(hours=8.5), dose))
        if k % 60 == 0:
            entries.append(
                SupplementEntry(day + timedelta(hours=10), 1000.0, route="intramuscular")
            )
        for hour in (9, 13, 17):
            entries.append(
                DrinkEntry(day + timedelta(hours=hour), rng.choice([250.0, 330.0, 500.0]))
            )
        if rng.random() < 0.4:
            severity = rng.randint(1, 10)
            entries.append(CrampEntry(day + timedelta(hours=3), "calf", "night", 2.0, severity))
        if rng.random() < 0.2:
            entries.append(SymptomEntry(day + timedelta(hours=11), "tingling_feet"))
    rng.shuffle(entries)  # a store may hand entries back in any order
    return entries


def timed(fn: Callable[[], object], reps: int) -> tuple[float, float]:
    """Best and median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    knowledge = load_knowledge()
    entries = synthetic_year()
    profile = Profile("bench", 34, "female", diet="vegetarian")
    end = START + timedelta(days=DAYS - 1)

    def analyse() -> object:
        return analyse_intake(entries, profile, knowledge, START, end)

    report = analyse_intake(entries, profile, knowledge, START, end)  # warm up
    intakes = intakes_from_entries(entries)
    rows = [
        ("analyse_intake (year)", timed(analyse, reps)),
        (
            "analyse_intake + to_dict",
            timed(lambda: analyse_intake(entries, profile, knowledge, START, end).to_dict(), reps),
        ),
        (
            "absorption model only (3 runs)",
            timed(lambda: estimate_absorption(intakes, knowledge.absorption), reps),
        ),
        ("build_timeline (from report)", timed(lambda: build_timeline(report, entries), reps)),
    ]
    advice = sum(len(d.advice) for d in report.days)
    print(
        f"diary: {len(entries)} entries over {DAYS} days ({len(intakes)} oral B12 intakes, "
        f"{advice} days' advice) x {reps} repetitions; target < 100 ms"
    )
    for label, (best, median) in rows:
        print(f"{label:32s} best {best:7.1f} ms   median {median:7.1f} ms")


if __name__ == "__main__":
    main()
