"""Tests of the diary store, each run on SQLite and on PostgreSQL."""
