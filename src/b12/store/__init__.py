"""The diary database: profiles and their food, supplement, drink, cramp, symptom and lab
entries, in SQLite (default) or PostgreSQL, with Alembic migrations packaged inside b12.

The small public API the rest of the app uses (CLI, web)::

    from b12.store import DiaryStore, export_json, import_json

    with DiaryStore.from_settings() as store:        # or DiaryStore(url); migrates first
        store.create_profile(Profile(name="Ana", age=34))
        store.add_entry("Ana", SupplementEntry(at=datetime.now().astimezone(), dose_ug=250))
        store.list_entries("Ana", start, end, kinds=["food", "supplement"])
        document = export_json(store)                # {"format": "b12-diary", "version": 1, ...}
        import_json(other_store, document, replace=False)

Times must carry a timezone; they come back in the offset they were written in. Schema
control: ``upgrade_to_head(url)``, ``current_revision(url)``, ``head_revision()``.

Names resolve lazily so that importing this package does not load SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b12.store.migrate import current_revision as current_revision
    from b12.store.migrate import downgrade_to_base as downgrade_to_base
    from b12.store.migrate import head_revision as head_revision
    from b12.store.migrate import upgrade_to_head as upgrade_to_head
    from b12.store.models import ENTRY_KINDS as ENTRY_KINDS
    from b12.store.repository import DiaryStore as DiaryStore
    from b12.store.transfer import export_json as export_json
    from b12.store.transfer import import_json as import_json

_WHERE = {
    "DiaryStore": "b12.store.repository",
    "ENTRY_KINDS": "b12.store.models",
    "current_revision": "b12.store.migrate",
    "downgrade_to_base": "b12.store.migrate",
    "export_json": "b12.store.transfer",
    "head_revision": "b12.store.migrate",
    "import_json": "b12.store.transfer",
    "upgrade_to_head": "b12.store.migrate",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'b12.store' has no attribute {name!r}")
    return getattr(import_module(module), name)
