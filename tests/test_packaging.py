"""An installed bot (not an editable checkout) carries its knowledge base and migrations."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_knowledge_base_and_every_migration(tmp_path):
    # Build from a copy, so the build folder never lands in the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "data", "build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=300,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    knowledge = {f"knowledge/{p.name}" for p in (ROOT / "knowledge").glob("*.yaml")}
    migrations = {p.relative_to(ROOT).as_posix() for p in (ROOT / "storage" / "migrations").rglob("*.py")}
    assert knowledge and knowledge <= names
    assert migrations <= names and "storage/migrations/script.py.mako" in names
