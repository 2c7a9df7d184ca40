"""The `hongdun` command: client/cli.py's tasks, plus the workstation's (sync.cli) and the
centre's (centre.cli). Composed here because neither program's package may import the other
(DESIGN.md "Layers and folders")."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from centre import cli as centre_cli
    from client import cli as base
    from sync import cli as sync_cli

    def extend(sub) -> None:
        sync_cli.register(sub)
        centre_cli.register(sub)

    return base.main(argv, extend=extend)


if __name__ == "__main__":
    sys.exit(main())
