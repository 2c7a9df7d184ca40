"""Commands of the flow engine: every step on a task, delegation, 督办, and publishing a flow.

A step carries the task's `base_version`: when someone else already decided the node (the task
was closed under the user while they worked offline), the centre finds the version moved and the
step comes back as a conflict the user sees, never as a second decision.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from client.flows.engine import Action
from client.kernel.commands import Command


@dataclass(frozen=True, kw_only=True)
class Step(Command):
    """A step on one task; the subclass says which."""

    action = ""
    task_id: str
    base_version: int
    opinion: str | None = None


@dataclass(frozen=True, kw_only=True)
class ApproveTask(Step):
    name = "flows.approve"
    title = "审批同意"
    action = Action.APPROVE


@dataclass(frozen=True, kw_only=True)
class RefuseTask(Step):
    name = "flows.refuse"
    title = "审批不同意"
    action = Action.REFUSE


@dataclass(frozen=True, kw_only=True)
class ReturnTask(Step):
    """退回 to an earlier node, with the reason."""

    name = "flows.return"
    title = "退回"
    action = Action.RETURN
    target: str


@dataclass(frozen=True, kw_only=True)
class WithdrawTask(Step):
    """撤回 one's approval while nobody after it has acted."""

    name = "flows.withdraw"
    title = "撤回"
    action = Action.WITHDRAW


@dataclass(frozen=True, kw_only=True)
class AddSigners(Step):
    """加签: more people decide at this node with the holder."""

    name = "flows.add_signers"
    title = "加签"
    action = Action.ADD_SIGNER
    users: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MarkCopyRead(Command):
    name = "flows.copy_read"
    title = "抄送已阅"
    task_id: str


@dataclass(frozen=True, kw_only=True)
class Delegate(Command):
    """委托: the acting user's tasks may be done by `delegate_id` for a period."""

    name = "flows.delegate"
    title = "委托办理"
    delegation_id: str
    delegate_id: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class EndDelegation(Command):
    name = "flows.end_delegation"
    title = "结束委托"
    delegation_id: str


@dataclass(frozen=True, kw_only=True)
class Supervise(Command):
    """督办: a supervisor's note on someone's task, and a new deadline."""

    name = "flows.supervise"
    title = "督办"
    task_id: str
    note: str
    due_on: dt.date


@dataclass(frozen=True, kw_only=True)
class PublishFlow(Command):
    """A new version of a flow (the editor's 发布): checked again here, where it cannot be skipped."""

    name = "flows.publish"
    title = "发布流程"
    body: str  # FlowDefinition.to_json()
