"""Handlers of the flow engine's own commands (client/flows/commands.py): the 待办 list's steps,
委托, 督办, 抄送已阅 and publishing a flow version. Each runs on the workstation and again on the
centre, where permission and jurisdiction are checked against the database, not the screen."""
from __future__ import annotations

import sqlalchemy as sa

from client.flows import definition, service
from client.flows.commands import (
    AddSigners,
    ApproveTask,
    Delegate,
    EndDelegation,
    MarkCopyRead,
    PublishFlow,
    RefuseTask,
    ReturnTask,
    Step,
    Supervise,
    WithdrawTask,
)
from client.flows.engine import COPY, Action, TaskState
from client.flows.models import FlowDefinitionRow, FlowDelegation, FlowInstance, FlowTask
from client.kernel.clock import beijing_date
from client.kernel.errors import FieldError, InvalidInput, PermissionDenied, RuleViolation
from client.kernel.models import AppUser
from client.kernel.permissions import require_role, require_scope
from client.kernel.roles import Role
from client.kernel.text import check_text
from client.kernel.uow import UnitOfWork

OPINION_MAX = 1000


def _opinion(text: str | None) -> str | None:
    value, problem = check_text(text, label="办理意见", minimum=0, maximum=OPINION_MAX, keep_lines=True)
    if problem:
        raise InvalidInput([FieldError("opinion", problem)])
    return value or None


def handle_step(cmd: Step, uow: UnitOfWork) -> dict:
    uow.principal(cmd.user_id)  # an unknown or disabled user acts on nothing
    if cmd.action in (Action.APPROVE, Action.REFUSE):
        task = uow.get(FlowTask, cmd.task_id, label="待办事项", for_update=False)
        instance = uow.get(FlowInstance, task.instance_id, label="流程", for_update=False)
        node = service.flow_version(uow.session, instance.flow_key, instance.flow_version).node(task.node_key)
        if node.form:
            raise RuleViolation(f"“{node.title}”环节须在业务界面中办理（要记录本环节所需的内容，"
                                f"如审查要点），不能在待办中直接{Action.LABELS[cmd.action]}")
    instance = service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version, action=cmd.action,
                            actor_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at,
                            opinion=_opinion(cmd.opinion), target=getattr(cmd, "target", None),
                            users=tuple(getattr(cmd, "users", ()) or ()))
    uow.changes.add("flows")
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=instance.office_code, op_id=cmd.op_id,
              subject_id=instance.id, details={"summary": f"{cmd.title}：{instance.title}"})
    return {"instance_id": instance.id, "outcome": instance.outcome}


def handle_copy_read(cmd: MarkCopyRead, uow: UnitOfWork) -> dict:
    row = uow.get(FlowTask, cmd.task_id, label="抄送事项")
    if row.assignee_id != cmd.user_id:
        raise PermissionDenied("只能标记抄送给自己的事项")
    if row.kind == COPY and row.state == TaskState.UNREAD:
        row.state, row.decided_at, row.decided_by = TaskState.READ, cmd.issued_at, cmd.user_id
        row.version += 1
        uow.changes.add("flows")
    return {}


def handle_delegate(cmd: Delegate, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    errors = []
    delegate = uow.session.get(AppUser, cmd.delegate_id)
    if delegate is None or delegate.disabled:
        errors.append(FieldError("delegate_id", "受托人：请选择本单位在职的人员"))
    elif delegate.id == cmd.user_id:
        errors.append(FieldError("delegate_id", "受托人：不能委托给自己"))
    elif (delegate.office_code, delegate.district_code) != (principal.office_code, principal.district_code):
        errors.append(FieldError("delegate_id", "受托人：只能委托给本单位的人员"))
    if cmd.ends_on < cmd.starts_on:
        errors.append(FieldError("ends_on", "委托结束日期：不能早于开始日期"))
    elif (cmd.ends_on - cmd.starts_on).days > 366:
        errors.append(FieldError("ends_on", "委托期限：不能超过一年"))
    reason, problem = check_text(cmd.reason, label="委托事由", minimum=0, maximum=200)
    if problem:
        errors.append(FieldError("reason", problem))
    if errors:
        raise InvalidInput(errors)
    uow.session.add(FlowDelegation(id=cmd.delegation_id, user_id=cmd.user_id, delegate_id=cmd.delegate_id,
                                   starts_on=cmd.starts_on, ends_on=cmd.ends_on, reason=reason or None,
                                   office_code=principal.office_code, district_code=principal.district_code,
                                   created_at=cmd.issued_at))
    uow.changes.add("flows")
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=principal.office_code, op_id=cmd.op_id,
              subject_id=cmd.delegation_id,
              details={"summary": f"委托{delegate.full_name}办理待办（{cmd.starts_on}至{cmd.ends_on}）"})
    return {}


def handle_end_delegation(cmd: EndDelegation, uow: UnitOfWork) -> dict:
    row = uow.get(FlowDelegation, cmd.delegation_id, label="委托")
    if row.user_id != cmd.user_id:
        raise PermissionDenied("只能结束自己的委托")
    if row.ended_at is None:
        row.ended_at = cmd.issued_at
        uow.changes.add("flows")
    return {}


def handle_supervise(cmd: Supervise, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.OFFICE_HEAD, Role.ADMIN)
    row = uow.get(FlowTask, cmd.task_id, label="待办事项")
    require_scope(principal, office_code=row.office_code, district_code=row.district_code, what="该事项")
    errors = []
    note, problem = check_text(cmd.note, label="督办意见", minimum=2, maximum=500)
    if problem:
        errors.append(FieldError("note", problem))
    if cmd.due_on < beijing_date(cmd.issued_at):
        errors.append(FieldError("due_on", "新的办理期限：不能早于今天"))
    if errors:
        raise InvalidInput(errors)
    if row.state != TaskState.OPEN:
        raise RuleViolation("该事项已经办理，无需督办")
    row.supervised_by, row.supervised_at, row.supervise_note, row.due_on = cmd.user_id, cmd.issued_at, note, cmd.due_on
    row.version += 1
    uow.changes.add("flows")
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=row.office_code, op_id=cmd.op_id,
              subject_id=row.id, details={"summary": f"督办：{row.node_title}（期限{cmd.due_on}）"})
    return {}


def handle_publish(cmd: PublishFlow, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.ADMIN)
    try:
        flow = definition.FlowDefinition.from_json(cmd.body)
    except ValueError as e:
        raise InvalidInput([FieldError("body", str(e))]) from None
    if found := definition.problems(flow):
        raise InvalidInput([FieldError("body", "流程不能发布：" + "；".join(found))])
    session = uow.session
    if unknown := _unknown_users(session, flow):
        raise InvalidInput([FieldError("body", "流程不能发布：" + "；".join(unknown))])
    latest = session.scalar(sa.select(sa.func.max(FlowDefinitionRow.version))
                            .where(FlowDefinitionRow.flow_key == flow.key)) or 0
    built = service.built_in_flows().get(flow.key)
    version = max(latest, built.version if built else 0) + 1
    flow = flow.with_version(version)
    session.add(FlowDefinitionRow(id=FlowDefinitionRow.key_of(flow.key, version), flow_key=flow.key, version=version, title=flow.title[:100], body=flow.to_json(),
                                  published_at=cmd.issued_at, published_by=cmd.user_id))
    uow.changes.add("flow_definitions")
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=principal.office_code, op_id=cmd.op_id,
              subject_id=flow.key, details={"summary": f"发布流程“{flow.title}”第{version}版"})
    return {"version": version}


def _unknown_users(session, flow: definition.FlowDefinition) -> list[str]:
    """Named assignees that are no enabled user (an instance reaching the node would find nobody)."""
    found = []
    for node in flow.nodes:
        named = [u for u in (node.assignees.users if node.assignees else ()) if not u.startswith("@")]
        if not named:
            continue
        known = set(session.scalars(sa.select(AppUser.id).where(AppUser.disabled.is_(False), AppUser.id.in_(named))))
        known |= set(session.scalars(sa.select(AppUser.username).where(AppUser.disabled.is_(False),
                                                                       AppUser.username.in_(named))))
        if missing := [u for u in named if u not in known]:
            found.append(f"节点“{node.title}”的指定人员{'、'.join(missing)}不是在用的账号")
    return found


HANDLERS = {
    ApproveTask: handle_step,
    RefuseTask: handle_step,
    ReturnTask: handle_step,
    WithdrawTask: handle_step,
    AddSigners: handle_step,
    MarkCopyRead: handle_copy_read,
    Delegate: handle_delegate,
    EndDelegation: handle_end_delegation,
    Supervise: handle_supervise,
    PublishFlow: handle_publish,
}
