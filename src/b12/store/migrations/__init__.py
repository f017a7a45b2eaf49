"""Alembic scripts for the diary database (run through ``b12.store.migrate``)."""
