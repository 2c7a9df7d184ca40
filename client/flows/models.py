"""Tables of the flow engine: published flow versions, running instances, their tasks, and
delegations (委托).

`flow_definition` is reference data (every workstation needs the version its instances run on).
An instance and its tasks live in the office of the case they belong to (office_code,
district_code copied from the case), so an office's workstation has its own work offline; a
district or city user asks the centre. A task row is the history too: who had it, when it came,
what they decided and how long it took (`took_minutes`, kept so that statistics over 100,000
instances are a GROUP BY, not a scan of timestamps in Python).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.clock import utcnow
from client.kernel.models import Base, Versioned
from client.kernel.types import Flag, Id, JsonText, Str, UtcDateTime, new_id


class FlowDefinitionRow(Base):
    """One published version of a flow (the definition's JSON, client/flows/definition.py)."""

    __tablename__ = "flow_definition"

    #: "<flow_key>:<version>" (replicated rows have one key column)
    id: Mapped[str] = mapped_column(Str(70), primary_key=True)
    flow_key: Mapped[str] = mapped_column(Str(60))
    version: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(Str(100))
    body: Mapped[str] = mapped_column(sa.Text)  # FlowDefinition.to_json()
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))

    __table_args__ = (sa.UniqueConstraint("flow_key", "version", name="uq_flow_definition_version"),)

    @staticmethod
    def key_of(flow_key: str, version: int) -> str:
        return f"{flow_key}:{version}"


class FlowInstance(Base, Versioned):
    """One case going through a flow (a contract's certification, a mediation…)."""

    __tablename__ = "flow_instance"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    flow_key: Mapped[str] = mapped_column(Str(60))
    flow_version: Mapped[int] = mapped_column(sa.Integer)
    #: the business area and record the instance decides (e.g. "certification", application id)
    subject_area: Mapped[str] = mapped_column(Str(30))
    subject_id: Mapped[str] = mapped_column(Id)
    title: Mapped[str] = mapped_column(Str(200))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    started_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: None while running; client.flows.definition.Outcome code once ended
    outcome: Mapped[str | None] = mapped_column(Str(12))
    end_node: Mapped[str | None] = mapped_column(Str(40))
    #: the case's fields conditions read (amount, party kinds…), as the area gave them
    fields: Mapped[dict] = mapped_column(JsonText, default=dict)
    #: tokens waiting at parallel joins: {join key: count}
    waiting: Mapped[dict] = mapped_column(JsonText, default=dict)

    __table_args__ = (
        sa.Index("ix_flow_instance_subject", "subject_id"),
        sa.Index("ix_flow_instance_unit", "office_code", "started_at"),
        sa.Index("ix_flow_instance_started", "started_at"),
    )


class FlowTask(Base, Versioned):
    """One person's part at one node of an instance: a 待办 while open, a history line after."""

    __tablename__ = "flow_task"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    instance_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("flow_instance.id"))
    #: the instance's flow, copied: statistics group tasks by flow and node without a join
    flow_key: Mapped[str] = mapped_column(Str(60))
    node_key: Mapped[str] = mapped_column(Str(40))
    node_title: Mapped[str] = mapped_column(Str(100))
    round: Mapped[int] = mapped_column(sa.Integer)  # the node's n-th visit (a return makes another)
    kind: Mapped[str] = mapped_column(Str(10))  # approve | copy
    state: Mapped[str] = mapped_column(Str(12))  # client.flows.engine.TaskState
    assignee_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    due_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    opened_by: Mapped[str | None] = mapped_column(Id)  # the task whose decision opened it
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    opinion: Mapped[str | None] = mapped_column(Str(1000))
    added_by: Mapped[str | None] = mapped_column(Id)  # 加签
    passed_to: Mapped[str | None] = mapped_column(Str(60))
    took_minutes: Mapped[int | None] = mapped_column(sa.Integer)
    decided_late: Mapped[bool] = mapped_column(Flag("decided_late"), default=False)
    #: 督办: the supervisor's note and when; the new deadline is due_on
    supervised_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    supervised_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    supervise_note: Mapped[str | None] = mapped_column(Str(500))

    __table_args__ = (
        sa.Index("ix_flow_task_assignee", "assignee_id", "state", "due_on"),
        # an instance's tasks, and whether someone holds one there (the documents' access rule)
        sa.Index("ix_flow_task_instance_user", "instance_id", "assignee_id"),
        sa.Index("ix_flow_task_unit", "office_code", "state", "due_on"),
        # what is overdue now, city-wide (statistics, 催办): without it SQLite walks instances
        sa.Index("ix_flow_task_open", "state", "due_on"),
    )


class FlowDelegation(Base):
    """委托: `user_id`'s tasks may be done by `delegate_id` from `starts_on` to `ends_on`."""

    __tablename__ = "flow_delegation"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    delegate_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date] = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(Str(200))
    office_code: Mapped[str | None] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str | None] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (sa.Index("ix_flow_delegation_user", "user_id", "ends_on"),
                      sa.Index("ix_flow_delegation_delegate", "delegate_id", "ends_on"))
