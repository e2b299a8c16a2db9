"""What every command of `python -m bot` is: a name, its arguments, and what it runs."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.settings import Settings

Run = Callable[[Settings, argparse.Namespace], Awaitable[int]]


@dataclass(frozen=True)
class CliCommand:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Run
    # Chatty start-up logs are for the bot itself; administration commands print only results.
    quiet: bool = True


def no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [min(max(len(row[i]) for row in cells), 48) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(value[:48].ljust(width) for value, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
