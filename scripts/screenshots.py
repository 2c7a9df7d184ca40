"""Render the screens listed in widgets/screenshots.py to docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py [--only NAME ...] [--out DIR]

Runs offscreen against a temporary demo database; touches no settings or keyring of
the user (config and data directories point into the temp dir).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def settle(app, ms: int = 400) -> None:
    """Let layouts, style polish and background queries (unit names) finish."""
    from widgets.common.tasks import tasks_running

    deadline = time.monotonic() + 10
    while tasks_running() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="file names to render (default: all)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--entities", type=int, default=500)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hongdun-shots-"))
    os.environ["HONGDUN_CONFIG_DIR"] = str(tmp / "config")
    os.environ["HONGDUN_DATA_DIR"] = str(tmp / "data")
    # a workstation's device key must be kept somewhere: a keyring file in the temp dir
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ["XDG_DATA_HOME"] = str(tmp / "keyring")

    from widgets.app import create_application
    from widgets.common.shots import ShotEnv, demo_database
    from widgets.screenshots import shots

    app = create_application(sys.argv[:1])
    url = f"sqlite:///{tmp / 'central.db'}"
    demo_database(url, entities=args.entities)

    centres = []  # stopped at the end

    def link():
        """An embedded centre over the demo database, as the program starts one."""
        from centre.embedded import Embedded
        from sync.link import CentreLink

        centre_link = CentreLink(embedded_database=url)
        centre = Embedded(url, centre_link)
        centre.start()
        centres.append(centre)
        return centre_link

    env = ShotEnv(url, link_factory=link)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, build in shots():
        if args.only and name not in args.only:
            continue
        widget = build(env)
        widget.show()
        settle(app)
        path = out / name
        widget.grab().save(str(path))
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  "
              f"{widget.width()}×{widget.height()}")
        widget.close()
        settle(app, 50)
    for window in env.windows:
        window.close()  # an office window stops its workstation
    for centre in centres:
        centre.stop()
        centre.link.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
