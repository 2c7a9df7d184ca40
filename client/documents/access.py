"""Who may read a document. One rule, in Python for one document and in SQL for a list:

- an ordinary document: everyone whose jurisdiction covers its unit, and everyone its flow names;
- a classified one (秘密, 机密): only the people its flow names (whoever had a task on it, and
  in its unit the registrar or drafter) and the heads of its unit (所长, and the district's or city's heads
  above it). Every opening of a classified document is audited (commands.OpenDocument)."""
from __future__ import annotations

import sqlalchemy as sa

from client.documents.models import OfficialDocument
from client.documents.rules import Classification
from client.flows.models import FlowTask
from client.kernel.errors import PermissionDenied
from client.kernel.permissions import covers, in_jurisdiction
from client.kernel.roles import Principal, Role


def named_in_flow(session, doc: OfficialDocument, user_id: str) -> bool:
    if doc.flow_instance_id is None:
        return False
    return session.scalar(sa.select(sa.literal(1)).where(
        FlowTask.instance_id == doc.flow_instance_id, FlowTask.assignee_id == user_id).limit(1)) is not None


def may_read(session, principal: Principal, doc: OfficialDocument) -> bool:
    in_unit = covers(principal, office_code=doc.office_code, district_code=doc.district_code)
    if in_unit and (doc.classification == Classification.NONE.code or principal.has(Role.OFFICE_HEAD)
                    or doc.created_by == principal.user_id):
        return True
    return named_in_flow(session, doc, principal.user_id)


def require_read(session, principal: Principal, doc: OfficialDocument) -> None:
    if not may_read(session, principal, doc):
        what = "该涉密文件仅限流程办理人员和本单位负责人查阅" if doc.classification != Classification.NONE.code \
            else "该文件不在您的管辖范围内"
        raise PermissionDenied(what)


def readable(principal: Principal, d=OfficialDocument):
    """The SQL twin of `may_read` over the documents table (aliased as `d`)."""
    named = sa.exists().where(FlowTask.instance_id == d.flow_instance_id, FlowTask.assignee_id == principal.user_id)
    unit = in_jurisdiction(principal, d.office_code, d.district_code)
    if principal.has(Role.OFFICE_HEAD):
        return sa.or_(unit, named)
    return sa.or_(sa.and_(unit, sa.or_(d.classification == Classification.NONE.code,
                                       d.created_by == principal.user_id)), named)
