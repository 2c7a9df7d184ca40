"""What the inspection reports print, as plain dataclasses: the queries fill them (on a replica or
on the centre, which sends them over the wire), client.inspections.reports draws them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    result: str  # 符合 / 不符合 / 不适用 / "" (not filled)
    note: str


@dataclass(frozen=True)
class InspectionRecordData:
    record_no: str | None
    authority: str  # the office, e.g. 天河分局五山工商所
    plan: str  # "plan title（plan no）" or "" for an inspection outside a plan
    entity_name: str
    uscc: str | None
    legal_rep: str
    address: str
    place: str
    inspected_at: dt.datetime | None
    inspectors: list[str]
    checklist: list[ChecklistLine]
    findings: str
    result: str  # the result's label
    party_name: str
    party_ack: str  # the acknowledgement's label
    photo_count: int


@dataclass(frozen=True)
class DrawnEntity:
    pos: int
    name: str
    uscc: str | None
    address: str
    inspectors: str  # "赵敏、孙立军"


@dataclass(frozen=True)
class DrawListData:
    plan_no: str | None
    title: str
    authority: str
    population_size: int
    seed: str
    method: str
    drawn_on: dt.datetime | None
    entities: list[DrawnEntity]
