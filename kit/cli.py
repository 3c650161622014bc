"""The ``kit`` command line: one sub-command per module in ``kit/commands/``.

Each module in ``kit.commands`` defines ``register(subparsers)``, which adds
its sub-command(s) and sets ``func`` to a function taking the parsed
arguments and returning an exit code.  ``kit --help`` lists them all.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__, commands

__all__ = ["main", "build_parser", "os_error"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="kit",
        description="The discourse kit: texts, exercises and grading for studying discourse in JupyterLab.",
    )
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"kit.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv=None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # a file or folder the user named is missing, is the wrong kind or cannot be written:
        # one line that names it, never a traceback
        print(f"kit {args.command}: {os_error(exc)}", file=sys.stderr)
        return 1


def os_error(exc: OSError) -> str:
    """One readable line for an operating-system error: what failed, on which path, and why.

    >>> os_error(NotADirectoryError(20, "Not a directory", "out/feedback"))
    "'out/feedback': not a directory (a file stands where a folder is needed)"
    >>> os_error(IsADirectoryError(21, "Is a directory", "/tmp"))
    "'/tmp': is a directory (a file name is needed here)"
    >>> os_error(OSError("disk on fire"))
    'disk on fire'
    """
    import errno
    why = (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)
    hint = {errno.ENOTDIR: " (a file stands where a folder is needed)",
            errno.EISDIR: " (a file name is needed here)",
            errno.EACCES: " (check the permissions)",
            errno.EROFS: " (the file system is read-only)",
            errno.ENOSPC: " (the disk is full)"}.get(exc.errno, "")
    if exc.filename is None:
        return why + hint
    where = repr(str(exc.filename))
    if getattr(exc, "filename2", None):
        where += f" -> {str(exc.filename2)!r}"
    return f"{where}: {why}{hint}"


if __name__ == "__main__":
    sys.exit(main())
