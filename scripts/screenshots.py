"""Before/after screenshots of the b12 web app's main pages, at desktop and phone size.

    ./dev python scripts/screenshots.py --before 82059fa --out docs/screenshots

"after" is this working tree; "before" is a git worktree of ``--before`` made in a temp
folder (removed at the end). Each version runs its own server (``python -m b12 serve``
with its own ``src`` first on ``PYTHONPATH``, the same virtualenv) on a fresh B12_HOME
holding a copy of the food index (``~/.local/share/b12/foods.sqlite3`` or ``--foods``),
and the same demo person is written in through that version's own CLI: Ana, 70, female,
type 2 diabetes, on metformin, with three weeks of diary. Then Chromium (Playwright;
``B12_CHROMIUM`` or /usr/bin/chromium) opens each page at 1280 and 390 px wide and takes
a full-page PNG, cropped to the first ``--max-height`` pixels and reduced to 256 colours
so the whole set stays small.

Files are named ``{page}-{desktop|phone}-{before|after}.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# The self-check answers of tests/web/test_browser_metformin.py: 70, on metformin for six
# years, type 2 diabetes, tingling feet (paresthesia).
PERSON: dict[str, Any] = {
    "age": "70",
    "sex": "female",
    "symptoms": ["paresthesia"],
    "has_cramps": "no",
    "diet": "omnivore",
    "supplement": "none",
    "medications": "metformin 6 years",
    "conditions": ["type_2_diabetes"],
    "exposures": [],
    "examined": "no",
    "labs": "",
}
# The version before the overhaul did not read a duration in this answer ("'metformin 6
# years' is not a medicine b12 recognises"), so it is given the bare name there.
BEFORE_ANSWERS: dict[str, Any] = {"medications": "metformin"}
ANSWERS: dict[str, Any] = dict(PERSON)
LAB_REPORT = "Vitamin B12 150 pg/mL (200-900)\nPotassium 6.8 mmol/L"


# The demo person ----------------------------------------------------------------------


def demo_commands(today: dt.date) -> list[list[str]]:
    """CLI calls (after ``b12``) that both versions understand: profile, medicine, diary."""
    start = today - dt.timedelta(days=20)
    calls: list[list[str]] = [
        ["profile", "add", "Ana", "--age", "70", "--sex", "female", "--diet", "omnivore",
         "--condition", "type_2_diabetes"],
        ["profile", "use", "Ana"],
        ["med", "add", "metformin", "--dose", "1000 mg twice a day",
         "--started", str(today.year - 6)],
    ]
    breakfasts = ["1 cup soy milk", "2 eggs", "1 cup oatmeal", "1 cup soy milk"]
    lunches = ["3 oz tuna", "1 cup yogurt", "2 slices cheddar cheese"]
    dinners = ["3 oz chicken", "1 cup rice", "3 oz salmon", "1 cup lentils"]
    for n in range(21):
        day = start + dt.timedelta(days=n)
        at = day.isoformat()
        calls.append(["log", "food", breakfasts[n % 4], "--meal", "breakfast",
                      "--at", f"{at}T08:00"])
        calls.append(["log", "food", lunches[n % 3], "--meal", "lunch", "--at", f"{at}T13:00"])
        if n % 2 == 0:
            calls.append(["log", "food", dinners[(n // 2) % 4], "--meal", "dinner",
                          "--at", f"{at}T19:30"])
        if n >= 10 and n % 3 == 1:
            calls.append(["log", "supplement", "--dose", "1000 mcg", "--at", f"{at}T09:00"])
        if n in (2, 5, 9, 16):
            calls.append(["log", "cramp", "--location", "calf", "--timing", "night",
                          "--duration", "2m", "--severity", str(4 + n % 4),
                          "--at", f"{at}T03:00"])
        if n in (4, 12):
            calls.append(["log", "symptom", "paresthesia", "--note", "tingling feet",
                          "--at", f"{at}T20:00"])
    calls.append(["log", "lab", "b12_total=180 pg/mL", "--date",
                  (start + dt.timedelta(days=7)).isoformat()])
    return calls


def version_env(src: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("B12_")}
    env.update(
        PYTHONPATH=str(src),
        B12_HOME=str(home),
        B12_CACHE_DIR=str(home / "cache"),  # each version compiles its own knowledge
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def seed(src: Path, home: Path, foods: Path, log: Callable[[str], None]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(foods, home / "foods.sqlite3")
    env = version_env(src, home)
    calls = demo_commands(dt.date.today())
    failed = 0
    for call in calls:
        done = subprocess.run([str(PYTHON), "-m", "b12", *call], env=env, capture_output=True,
                              text=True)
        if done.returncode != 0 and call[:2] == ["log", "food"]:  # ambiguous: take the first
            done = subprocess.run([str(PYTHON), "-m", "b12", *call, "--choose", "1"], env=env,
                                  capture_output=True, text=True)
        if done.returncode != 0:
            failed += 1
            log(f"  ! b12 {' '.join(call)}: {(done.stderr or done.stdout).strip()[:200]}")
    log(f"  seeded {len(calls) - failed}/{len(calls)} CLI calls")


# Servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(src: Path, home: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([str(PYTHON), "-m", "b12", "serve", "--port", str(port)],
                            env=version_env(src, home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server for {src} did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# Pages --------------------------------------------------------------------------------


def answer_until(page: Any, stop: Callable[[int], bool]) -> None:
    """Answer the self-check as PERSON would, until ``stop(screens)`` or the result."""
    screens = 0
    while (form := page.locator("#question-form")).count() and not stop(screens):
        screens += 1
        key, kind = form.get_attribute("data-key"), form.get_attribute("data-kind")
        value = ANSWERS.get(key or "")
        with page.expect_navigation():
            if value is None:
                page.get_by_role("button", name="Don't know").click()
                continue
            if kind in ("choice", "yes_no", "multi"):
                for option in [value] if isinstance(value, str) else value:
                    box = page.locator(f'input[name="value"][value="{option}"]')
                    if box.count():
                        box.first.check()
            elif value:
                page.locator("#answer").fill(value)
            page.get_by_role("button", name="Next").click()
        if screens > 25:
            break


def goto(path: str) -> Callable[[Any], None]:
    return lambda page: page.goto(path)


def self_check_question(page: Any) -> None:
    page.goto("/self-check")
    answer_until(page, lambda screens: screens >= 1)


def self_check_result(page: Any) -> None:
    page.goto("/self-check")
    answer_until(page, lambda screens: False)


def lab_result(page: Any) -> None:
    page.goto("/labs")
    page.locator("#results").fill(LAB_REPORT)
    with page.expect_navigation():
        page.get_by_role("button", name="Read my results").click()


PAGES: list[tuple[str, str, Callable[[Any], None]]] = [
    ("home", "Home", goto("/")),
    ("self-check-start", "Self-check: first screen", goto("/self-check")),
    ("self-check-question", "Self-check: a question (after answering the first)",
     self_check_question),
    ("self-check-result", "Self-check result (70, metformin, tingling feet)", self_check_result),
    ("labs-result", "Lab reader with a pasted report read", lab_result),
    ("diary", "Diary", goto("/diary")),
    ("intake", "Intake chart", goto("/intake")),
    ("timeline", "Timeline", goto("/timeline")),
    ("profile", "Profile", goto("/profile")),
    ("medicines", "Medicines", goto("/medicines")),
    ("plan", "Meal plan", goto("/plan")),
]


def shrink(path: Path) -> None:
    """256 colours (adaptive palette, no dithering): UI screenshots barely change."""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                           dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shoot(browser: Any, url: str, label: str, out: Path, max_height: int,
          log: Callable[[str], None]) -> dict[str, str]:
    """Every page at every size; returns {file name: status} (status 'ok' or the problem)."""
    results: dict[str, str] = {}
    for size, viewport in SIZES.items():
        phone = size == "phone"
        context = browser.new_context(base_url=url, viewport=viewport, device_scale_factor=1,
                                      is_mobile=phone, has_touch=phone)
        for slug, _title, drive in PAGES:
            name = f"{slug}-{size}-{label}.png"
            page = context.new_page()
            page.set_default_timeout(15_000)
            try:
                drive(page)
                page.wait_for_load_state("networkidle")
                page.evaluate("document.fonts.ready")
                height = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": viewport["width"],
                        "height": min(int(height), max_height)}
                page.screenshot(path=str(out / name), full_page=True, clip=clip,
                                animations="disabled", caret="hide")
                shrink(out / name)
                results[name] = "ok"
                log(f"  {name} ({height}px tall{', cropped' if height > max_height else ''})")
            except Exception as exc:  # a page the version lacks, or a step that failed
                results[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                log(f"  ! {name}: {results[name]}")
            finally:
                page.close()
        context.close()
    return results


def page_exists(url: str, path: str) -> bool:
    try:
        urllib.request.urlopen(url + path, timeout=10).read()
        return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="82059fa", help="commit for 'before'")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--foods", type=Path,
                        default=Path.home() / ".local/share/b12/foods.sqlite3")
    parser.add_argument("--max-height", type=int, default=2500)
    parser.add_argument("--only", choices=["before", "after"], help="just one version")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    log = lambda text: print(text, flush=True)  # noqa: E731
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("B12_CHROMIUM", "/usr/bin/chromium")
    work = Path(tempfile.mkdtemp(prefix="b12-shots-"))
    before_tree = work / "before"
    versions: list[tuple[str, Path]] = []
    try:
        if args.only != "after":
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach",
                            str(before_tree), args.before], check=True, capture_output=True)
            versions.append(("before", before_tree / "src"))
        if args.only != "before":
            versions.append(("after", REPO / "src"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            for label, src in versions:
                log(f"{label}: {src}")
                home = work / f"home-{label}"
                seed(src, home, args.foods, log)
                ANSWERS.clear()
                ANSWERS.update(PERSON, **(BEFORE_ANSWERS if label == "before" else {}))
                with serving(src, home) as url:
                    missing = {s for s, _t, _d in PAGES
                               if s in ("plan", "medicines")
                               and not page_exists(url, "/" + s)}
                    for slug in sorted(missing):
                        log(f"  ({label} has no /{slug} page)")
                    saved = PAGES[:]
                    PAGES[:] = [pg for pg in PAGES if pg[0] not in missing]
                    try:
                        shoot(browser, url, label, out, args.max_height, log)
                    finally:
                        PAGES[:] = saved
            browser.close()
    finally:
        if before_tree.exists():
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                            str(before_tree)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    total = sum(f.stat().st_size for f in out.glob("*.png"))
    log(f"{len(list(out.glob('*.png')))} images, {total / 1e6:.1f} MB in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
