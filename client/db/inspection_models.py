"""Tables of supervision and inspections (监督检查). Filled in by issue 3."""
from __future__ import annotations
