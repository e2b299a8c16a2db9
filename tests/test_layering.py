"""The layering rule of design.md: bot/ → handlers/ → storage/, platform libraries only in bot/channels/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBRARIES = {"telegram", "aiogram", "httpx", "aiohttp", "apscheduler"}
FORBIDDEN = {
    "handlers": PLATFORM_LIBRARIES | {"bot"},
    "storage": PLATFORM_LIBRARIES | {"bot", "handlers"},
    "bot": PLATFORM_LIBRARIES,  # except bot/channels/, checked below
}


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(package):
    crossings = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "channels" in path.parts or "migrations" in path.parts:
            continue
        bad = imported_packages(path) & FORBIDDEN[package]
        crossings += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(bad)]
    assert crossings == []
