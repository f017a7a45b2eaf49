"""The compiled knowledge cache: reused when it matches, rebuilt when stale, torn, edited or
writable by others, and never a reason for different output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from b12.knowledge import Knowledge
from b12.knowledge.compiled import KEEP, MAGIC, compiled_path, knowledge_key, load_compiled
from b12.knowledge.loader import build_knowledge

KEY = knowledge_key()
FILE_NAME = compiled_path(Path(), KEY).name


class Builds:
    """``build_knowledge`` that counts its calls, to tell a cache hit from a rebuild."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Knowledge:
        self.calls += 1
        return build_knowledge()


def load(path: Path, builds: Builds, key: bytes = KEY) -> Knowledge:
    return load_compiled(path, key, builds, Knowledge)


def test_the_first_load_compiles_owner_only_and_the_next_reuses_it(tmp_path: Path) -> None:
    path = tmp_path / "cache" / FILE_NAME
    builds = Builds()
    fresh = load(path, builds)
    assert builds.calls == 1 and path.read_bytes().startswith(MAGIC + KEY)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    again = load(path, builds)
    assert builds.calls == 1
    assert again == fresh and again is not fresh


def test_a_cache_compiled_under_another_key_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    builds = Builds()
    load(path, builds, key=bytes(len(KEY)))  # e.g. the knowledge files have changed since
    rebuilt = load(path, builds)
    assert builds.calls == 2 and path.read_bytes().startswith(MAGIC + KEY)
    assert rebuilt == build_knowledge()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda b: b[:-1] + bytes([b[-1] ^ 1]), id="one-bit-edited"),
        pytest.param(lambda b: b[: len(b) // 2], id="torn"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b[: len(MAGIC) + len(KEY)] + b"\0" * 40, id="no-payload"),
    ],
)
def test_a_damaged_or_edited_cache_is_rebuilt(tmp_path: Path, spoil: object) -> None:
    path = tmp_path / FILE_NAME
    builds = Builds()
    fresh = load(path, builds)
    path.write_bytes(spoil(path.read_bytes()))  # type: ignore[operator]
    assert load(path, builds) == fresh
    assert builds.calls == 2
    load(path, builds)
    assert builds.calls == 2, "the rebuilt file is whole again"


def test_a_cache_others_could_have_written_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    builds = Builds()
    load(path, builds)
    path.chmod(0o620)
    load(path, builds)
    assert builds.calls == 2


def test_installs_side_by_side_keep_their_own_files_and_old_ones_go(tmp_path: Path) -> None:
    builds = Builds()
    keys = [bytes([n]) * len(KEY) for n in range(KEEP + 2)]
    for n, key in enumerate(keys):
        path = compiled_path(tmp_path, key)
        load(path, builds, key=key)
        os.utime(path, (n, n))  # written in this order
    load(compiled_path(tmp_path, keys[-1]), builds, key=keys[-1])
    assert builds.calls == len(keys), "the newest is reused"
    kept = {p.name for p in tmp_path.glob("knowledge-*.pickle")}
    assert kept == {compiled_path(tmp_path, k).name for k in keys[-KEEP:]}


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    builds = Builds()
    assert load(blocker / FILE_NAME, builds) == build_knowledge()
    assert builds.calls == 1


def test_the_key_changes_with_any_knowledge_file_or_its_code(tmp_path: Path) -> None:
    """Hashing the whole package is what makes a stale cache impossible to miss."""
    import shutil
    from importlib import resources

    package = Path(str(resources.files("b12.knowledge")))
    copy = Path(shutil.copytree(package, tmp_path / "knowledge"))
    assert knowledge_key(copy) == KEY
    for name in ("lab_tests.toml", "models.py"):
        original = (copy / name).read_bytes()
        (copy / name).write_bytes(original + b"\n")
        assert knowledge_key(copy) != KEY, name
        (copy / name).write_bytes(original)
    assert knowledge_key(copy) == KEY


def b12(cache: Path, *args: str) -> bytes:
    env = {**os.environ, "B12_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-m", "b12", *args], capture_output=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("labs", "interpret", "--json", "b12_total=250 pg/mL", "mma=620 nmol/L"),
        ("labs", "interpret", "b12_total=140 pmol/L (145-569)", "ck=1450 U/L (<200)"),
    ],
)
def test_output_is_byte_for_byte_the_same_cold_warm_and_after_tampering(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Whole processes, since the cache is what one process leaves for the next."""
    cold = b12(tmp_path, *args)
    compiled = tmp_path / FILE_NAME
    written = compiled.read_bytes()
    warm = b12(tmp_path, *args)
    assert compiled.read_bytes() == written, "a warm start reads the cache, not rewrites it"
    tampered = written[:-8] + b"tampered"
    compiled.write_bytes(tampered)
    after = b12(tmp_path, *args)
    assert cold == warm == after
    builds = Builds()
    load(compiled, builds)
    assert compiled.read_bytes() != tampered and builds.calls == 0, "rebuilt whole"
