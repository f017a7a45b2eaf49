"""Time of the clinician report for a year-long diary, and of the diary-to-case build.

The year is bench_intake's synthetic diary (seeded: about 3,500 foods, supplements, drinks,
cramps and symptoms) plus a B12, MMA and haemoglobin result every two months and three
medicines, written to a fresh SQLite diary. Each phase of ``b12 report --pdf`` is timed on
its own, in-process: reading the record, building the report (assessment, lab readings,
intake, timeline), rendering the HTML and laying out the PDF; then the whole command as a
new process (Python start-up and imports included); then ``build_record_case`` on
the year's record as of its last day. Beside them, as baselines in the same run:
``analyse_intake`` on the same year (what ``b12 intake`` computes) and ``parse_case`` of the
case the record yields (what ``b12 assess CASE`` starts from).
Targets: the whole report under 2 s; the diary-to-case build under 50 ms.
Run: ./dev python benchmarks/bench_report.py [REPETITIONS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path

from bench_intake import DAYS, START, synthetic_year, timed
from weasyprint import HTML

from b12.core.case import parse_case
from b12.core.diary import Entry, LabEntry, Medicine, Profile
from b12.core.intake import analyse_intake
from b12.core.models import LabInput, ReferenceRange
from b12.core.record_case import build_record_case
from b12.knowledge import load_knowledge
from b12.reports.clinician import build_report
from b12.reports.render import report_html, report_pdf
from b12.store import DiaryStore

END = START + timedelta(days=DAYS - 1)


def cli(folder: str, args: list[str], reps: int) -> tuple[float, float]:
    """The command as a person runs it, on the benchmark's diary: a new process each time."""
    env = {**os.environ, "B12_HOME": folder, "B12_PROFILE": "bench",
           "B12_DATABASE_URL": f"sqlite:///{folder}/diary.sqlite3"}  # fmt: skip
    b12 = str(Path(sys.executable).with_name("b12"))

    def run() -> None:
        subprocess.run([b12, *args], env=env, check=True, capture_output=True)

    return timed(run, reps)


def labs() -> list[Entry]:
    out: list[Entry] = []
    for k in range(0, DAYS, 60):
        on = START + timedelta(days=k)
        out += [
            LabEntry(on, LabInput(test="b12_total", value=320 - k / 2, unit="pg/mL",
                                  reference_range=ReferenceRange(low=200, high=900))),
            LabEntry(on, LabInput(test="mma", value=0.3 + k / 1000, unit="µmol/L")),
            LabEntry(on, LabInput(test="hemoglobin", value=12.5, unit="g/dL")),
        ]  # fmt: skip
    return out


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    knowledge = load_knowledge()
    entries = [
        replace(e, at=e.at.replace(tzinfo=UTC)) if hasattr(e, "at") else e for e in synthetic_year()
    ]
    entries += labs()
    medicines = [
        Medicine("metformin", "metformin", "1000 mg twice a day", 2000, date(2019, 3, 1)),
        Medicine("omeprazole", "omeprazole", "20 mg/day", 20, date(2021, 1, 1)),
        Medicine("simvastatin", "simvastatin", "40 mg", 40, date(2015, 1, 1)),
    ]
    with tempfile.TemporaryDirectory() as folder:
        store = DiaryStore(f"sqlite:///{Path(folder) / 'diary.sqlite3'}")
        with store:
            store.create_profile(Profile("bench", 67, "female", diet="vegetarian"))
            store.add_entries("bench", entries)
            for medicine in medicines:
                store.add_medicine("bench", medicine)
            record = store.read_record("bench")

            def report() -> object:
                return build_report(record, knowledge, START, END, generated=END, version="bench")

            def intake() -> object:
                return analyse_intake(record.entries, record.profile, knowledge, START, END)

            built = build_report(record, knowledge, START, END, generated=END, version="bench")
            report_pdf(built)  # warm up: WeasyPrint's import and font set-up
            case = build_record_case(record, knowledge, END)
            phases = [
                ("read the record (SQLite)", timed(lambda: store.read_record("bench"), reps)),
                ("build the report", timed(report, reps)),
                ("render HTML (charts, template)", timed(lambda: report_html(built), reps)),
                ("lay out the PDF (WeasyPrint)", timed(lambda: report_pdf(built), reps)),
            ]
            total = sum(median for _, (_, median) in phases)
            case_reps = max(reps * 10, 20)
            process = [
                ("b12 report --pdf (whole process)", cli(folder, ["report", "--days", "365",
                 "--to", END.isoformat(), "--pdf", f"{folder}/r.pdf"], reps)),
                ("baseline: b12 intake --days 365", cli(folder, ["intake", "--days", "365",
                 "--to", END.isoformat()], reps)),
            ]  # fmt: skip
            rows = [
                *phases,
                ("= b12 report --pdf, in-process", (float("nan"), total)),
                *process,
                ("baseline: analyse_intake (year)", timed(intake, reps)),
                (
                    "build_record_case (year)",
                    timed(lambda: build_record_case(record, knowledge, END), case_reps),
                ),
                (
                    "baseline: parse_case of its case",
                    timed(lambda: parse_case(case.data), case_reps),
                ),
            ]
    pages = len(HTML(string=report_html(built)).render().pages)
    print(
        f"record: {len(record.entries)} entries over {DAYS} days, {len(medicines)} medicines, "
        f"{len(built.labs)} lab results; report {pages} page(s); {reps} repetitions "
        f"({case_reps} for the case build)\n"
        "targets: report < 2000 ms, build_record_case < 50 ms"
    )
    for label, (best, median) in rows:
        best_text = "        " if best != best else f"{best:8.2f}"
        print(f"{label:36s} best {best_text} ms   median {median:8.2f} ms")


if __name__ == "__main__":
    main()
