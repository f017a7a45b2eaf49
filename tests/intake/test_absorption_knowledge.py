"""absorption.toml is complete, cited, and rejects numbers that point the wrong way."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from b12.core.diary import ABSORPTION_CONDITIONS
from b12.knowledge import Knowledge, KnowledgeError
from b12.knowledge.loader import cited_source_ids, validate
from b12.knowledge.models import AbsorptionModel, parse, to_data


def test_every_absorption_condition_of_the_diary_is_modelled(knowledge: Knowledge) -> None:
    assert set(knowledge.absorption.conditions) == set(ABSORPTION_CONDITIONS)


def test_every_parameter_and_assumption_cites_known_sources(knowledge: Knowledge) -> None:
    cited = {p: ids for p, ids in cited_source_ids(knowledge).items() if p.startswith("absorption")}
    for name in ("if_capacity_ug", "if_fraction", "passive_fraction", "recovery_hours",
                 "doets_slope", "doets_intercept", "reference_absorption", "advice"):  # fmt: skip
        assert cited[f"absorption.{name}.sources"], name
    assert "absorption.conditions.autoimmune_gastritis.sources" in cited
    assert "absorption.assumptions.injection.sources" in cited
    for path, ids in cited.items():
        assert all(sid in knowledge.references for sid in ids), path


def test_parameters_hold_the_fact_sheet_numbers(knowledge: Knowledge) -> None:
    a = knowledge.absorption
    assert (a.if_capacity_ug.central, a.if_capacity_ug.for_low, a.if_capacity_ug.for_high) == (
        1.5, 1.0, 2.0,
    )  # fmt: skip
    assert (a.doets_slope.central, a.doets_intercept.central) == (0.7694, -0.9614)
    assert a.passive_fraction.central == 0.01
    assert (a.recovery_hours.central, a.recovery_hours.for_low) == (4, 6)
    assert a.reference_absorption.assumed == {"us-iom": 0.5}


def test_a_range_pointing_the_wrong_way_is_rejected(knowledge: Knowledge) -> None:
    raw = to_data(knowledge.absorption)
    raw["recovery_hours"].update(for_low=3.0)
    with pytest.raises(ValidationError, match="recovery_hours"):
        parse(AbsorptionModel, raw)
    raw = to_data(knowledge.absorption)
    raw["conditions"]["gastrectomy"]["if_capacity_factor"]["for_high"] = 1.5
    with pytest.raises(ValidationError, match=r"conditions\.gastrectomy"):
        parse(AbsorptionModel, raw)


def test_a_parameter_without_sources_or_reference_fails_validation(knowledge: Knowledge) -> None:
    a = knowledge.absorption
    silent = dataclasses.replace(a, if_fraction=dataclasses.replace(a.if_fraction, sources=[]))
    with pytest.raises(KnowledgeError, match=r"absorption\.if_fraction\.sources: cites no source"):
        validate(dataclasses.replace(knowledge, absorption=silent))
    stray = dataclasses.replace(
        a, reference_absorption=dataclasses.replace(a.reference_absorption, assumed={"who": 0.5})
    )
    with pytest.raises(KnowledgeError, match="unknown intake reference 'who'"):
        validate(dataclasses.replace(knowledge, absorption=stray))


def test_mineral_target_method(knowledge: Knowledge) -> None:
    us = knowledge.intake_targets.reference("us-iom")
    assert us.adult_min_age() == 19
    assert us.mineral_target("magnesium", 25, "male") == 400
    assert us.mineral_target("magnesium", 35, None, pregnant=True) == 360
    assert us.mineral_target("potassium", 30, "female", lactating=True) == 2800
    assert us.mineral_target("water", 30, "male") == 3.7
    assert us.mineral_target("calcium", 80, "male") == 1200
    assert us.mineral_target("sodium", 16, "female") is None  # the adult block starts at 19
