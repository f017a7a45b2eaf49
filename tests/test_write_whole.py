"""Files b12 writes for a person (exports, reports) are written whole or not at all, and a
disk that is full, a folder that is missing or a special file is handled without harm."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from b12.errors import InputError
from b12.files import write_whole


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old")
    write_whole(target, b"new")
    assert target.read_bytes() == b"new" and list(tmp_path.iterdir()) == [target]


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot write .*No such file or directory"):
        write_whole(tmp_path / "nowhere" / "r.pdf", b"%PDF")


def test_a_full_disk_is_one_clear_error_and_the_device_stays() -> None:
    # Linux's /dev/full answers every write with "no space left on device"
    with pytest.raises(InputError, match="No space left on device; nothing was written"):
        write_whole(Path("/dev/full"), b"x" * 100_000)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)  # written to, never replaced
