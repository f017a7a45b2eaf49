"""The one adapter around the solver: a ``Program`` handed to HiGHS (highspy).

HiGHS prints a banner to the C-level standard output when it starts, which would corrupt
``b12 plan --json``; the file descriptor is pointed at /dev/null while the solver object is
made and runs. The MIP stops at a 5% relative gap (``MIP_GAP``) or the time limit: the
realism rules and targets are constraints, so any feasible answer keeps them; the gap only
bounds how much simpler, or closer to the diary, a plan could still be. Closing it to 1%
roughly doubles a week's solve time for days a person could not tell apart.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from b12.planner.program import Program, Solution

MIP_GAP = 0.05


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    sys.stdout.flush()
    fd = 1  # the C library writes to the process's descriptor 1, whatever sys.stdout is
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(devnull)
        os.close(saved)


def solve(program: Program, *, time_limit_s: float = 30.0, relax: bool = False) -> Solution:
    """Solve ``program`` (its LP relaxation when ``relax``)."""
    import highspy
    import numpy as np

    started = time.perf_counter()
    starts, index, value = [0], [], []
    lower, upper = [], []
    for coefs, lo, hi in program.rows:
        for col, coef in coefs.items():
            index.append(col)
            value.append(coef)
        starts.append(len(index))
        lower.append(lo)
        upper.append(hi)
    lp = highspy.HighsLp()
    lp.num_col_ = program.columns
    lp.num_row_ = len(program.rows)
    lp.col_cost_ = np.array(program.cost, dtype=float)
    lp.col_lower_ = np.array(program.lower, dtype=float)
    lp.col_upper_ = np.array(program.upper, dtype=float)
    lp.row_lower_ = np.array(lower, dtype=float)
    lp.row_upper_ = np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    if not relax:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in program.integer
        ]
    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", float(time_limit_s))
        h.setOptionValue("mip_rel_gap", MIP_GAP)
        h.setOptionValue("random_seed", 1)
        h.setOptionValue("threads", 1)
        h.passModel(lp)
        h.run()
    status = h.getModelStatus()
    name = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
    }.get(status, h.modelStatusToString(status).lower())
    info = h.getInfo()
    solution = h.getSolution()
    has_values = bool(solution.value_valid) and name in ("optimal", "time_limit")
    gap = None if relax else float(info.mip_gap)
    return Solution(
        status=name,
        values=tuple(float(v) for v in solution.col_value) if has_values else (),
        objective=float(info.objective_function_value) if has_values else float("nan"),
        seconds=time.perf_counter() - started,
        gap=gap if gap is not None and gap < 1e30 else None,
        relaxed=relax,
    )
