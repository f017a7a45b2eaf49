"""Who and what b12's guidance covers. A tiny module with no imports, so every adapter (including
the CLI at start-up) can share these bounds instead of writing the numbers again."""

from __future__ import annotations

MIN_AGE_YEARS = 16  # NICE NG239 covers people over 16; the assessment contract follows it
MAX_AGE_YEARS = 120  # an age above this is a typing error, not a person

# Plausibility limits: values no person could have taken or logged, refused whichever way
# they arrive (the case contract, CLI, web, API, import). Not clinical thresholds.
MAX_B12_DOSE_UG = 100_000  # the case contract's limit for one B12 dose (µg)
MAX_MEDICINE_MG_PER_DAY = 100_000  # the case contract's limit for a medicine's daily dose
MAX_FOOD_GRAMS = 10_000  # 10 kg of one food at one time
MAX_DRINK_ML = 10_000  # 10 L in one drink
MAX_CRAMP_MINUTES = 7 * 24 * 60  # a week, the case contract's limit
