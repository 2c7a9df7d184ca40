"""Write the centre's OpenAPI schema to docs/api/openapi.json (what /openapi.json serves), for the
bureau's other systems (12315, the e-archive) to connect to. Run after changing an endpoint or a
query; tests/integration/test_centre_api.py fails while the published copy is stale.

    .venv/bin/python scripts/openapi.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from centre.app import create_app
    from client.db.engine import make_engine, make_session_factory

    # the schema does not depend on the database: an in-memory one serves to build the app
    schema = create_app(make_session_factory(make_engine("sqlite://"))).openapi()
    out = ROOT / "docs" / "api" / "openapi.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out.relative_to(ROOT)}: {len(schema['paths'])} paths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
