"""b12: is it B12, or something else? Lab reading, cramp triage and B12 intake tracking.

The package informs and points to care; it never diagnoses or prescribes.
"""

__version__ = "0.1.0"
