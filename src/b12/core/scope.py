"""Who b12's guidance covers. A tiny module with no imports, so every adapter (including
the CLI at start-up) can share these bounds instead of writing the numbers again."""

from __future__ import annotations

MIN_AGE_YEARS = 16  # NICE NG239 covers people over 16; the assessment contract follows it
MAX_AGE_YEARS = 120  # an age above this is a typing error, not a person
