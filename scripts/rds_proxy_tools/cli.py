"""What the three console scripts share: argparse errors and ToolErrors leave the same way, one line on stderr
(`<prog>: error: <message>`) and exit status 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from rds_proxy_tools.errors import ToolError

USAGE_ERROR = 2


class UsageError(ToolError):
    """The command line itself is wrong (argparse's message, which names the argument)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, whose errors become a UsageError instead of printing the whole usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def run(prog: str, command: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None) -> int:
    """command(argv)'s exit status; a ToolError it raises is printed as one line, with exit status 2."""
    try:
        return command(argv)
    except ToolError as error:
        print(f"{prog}: error: {one_line(error)}", file=sys.stderr)
        return USAGE_ERROR
