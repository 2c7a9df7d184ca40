"""Which change-log rows a workstation takes: its office, its district's unit-less rows, reference data."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from client.kernel.models import ChangeLog


@dataclass(frozen=True)
class Scope:
    office_code: str | None
    district_code: str | None

    def condition(self, office_col=ChangeLog.office_code, district_col=ChangeLog.district_code):
        reference = sa.and_(office_col.is_(None), district_col.is_(None))
        if self.office_code:
            return sa.or_(reference, office_col == self.office_code,
                          sa.and_(office_col.is_(None), district_col == self.district_code)
                          if self.district_code else sa.false())
        if self.district_code:  # a district bureau sees its district
            return sa.or_(reference, district_col == self.district_code)
        return sa.true()  # the city sees everything
