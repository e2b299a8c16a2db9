"""The layering rule of design.md: bot/ → handlers/ → storage/; platform libraries only in
bot/channels/; database and file-format libraries only in the modules whose job they are."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBRARIES = {"telegram", "aiogram", "httpx", "aiohttp", "apscheduler"}
DATABASE_LIBRARIES = {"sqlalchemy", "sqlmodel", "alembic", "asyncpg", "aiosqlite"}
# Each library a use case may need, and the only handlers/ modules that may import it.
OWNED_LIBRARIES = {
    "openpyxl": {"handlers/core/spreadsheets.py", "handlers/schools/school_file.py"},
    "yaml": {"handlers/answers/knowledge.py"},
    "segno": {"handlers/schools/slips.py"},  # QR codes on the registration slips
}
FORBIDDEN = {
    "handlers": PLATFORM_LIBRARIES | DATABASE_LIBRARIES | {"bot"},
    "storage": PLATFORM_LIBRARIES | {"handlers", "bot"},
    "bot": PLATFORM_LIBRARIES,  # except bot/channels/, checked below
}
# bot/ modules outside bot/channels/ allowed one platform library, and why.
BOT_EXCEPTIONS = {
    # The reminder scheduler is APScheduler's AsyncIOScheduler; it reaches every platform through
    # the outbox, so it is no channel, and no other bot/ module may use APScheduler.
    "bot/scheduler.py": {"apscheduler"},
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def python_files(package: str) -> list[Path]:
    return [
        path for path in sorted((ROOT / package).rglob("*.py"))
        if "channels" not in path.parts and "migrations" not in path.parts
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(package):
    crossings = []
    for path in python_files(package):
        modules = imported_modules(path)
        bad = top_level(modules) & FORBIDDEN[package]
        bad -= BOT_EXCEPTIONS.get(path.relative_to(ROOT).as_posix(), set())
        crossings += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(bad)]
    assert crossings == []


def test_file_format_libraries_stay_in_the_modules_whose_job_they_are():
    crossings = []
    for path in python_files("handlers"):
        relative = path.relative_to(ROOT).as_posix()
        for library in top_level(imported_modules(path)) & OWNED_LIBRARIES.keys():
            if relative not in OWNED_LIBRARIES[library]:
                crossings.append(f"{relative} imports {library}")
    assert crossings == []


def test_the_domain_vocabulary_imports_only_the_standard_library():
    imported = top_level(imported_modules(ROOT / "handlers" / "core" / "domain.py")) - {"__future__"}
    assert imported <= set(sys.stdlib_module_names)
