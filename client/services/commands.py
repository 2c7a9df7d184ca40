"""Commands: every user action that changes data, as a small frozen record.

A command is made on the workstation (op_id, who, where, when) and may be executed
twice — locally and centrally — so it carries everything its handler needs and
nothing about where it runs. `to_dict`/`from_dict` give the outbox its wire form.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from client.db.types import new_id, utcnow

_REGISTRY: dict[str, type["Command"]] = {}


@dataclass(frozen=True, kw_only=True)
class Command:
    name: ClassVar[str] = ""

    user_id: str
    device_id: str = "local"
    op_id: str = field(default_factory=new_id)
    issued_at: dt.datetime = field(default_factory=utcnow)

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        if cls.name:
            if cls.name in _REGISTRY:
                raise TypeError(f"command name {cls.name} used twice")
            _REGISTRY[cls.name] = cls

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        data["name"] = self.name
        return data


def from_dict(data: dict[str, Any]) -> Command:
    cls = _REGISTRY[data["name"]]
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _typed(data[f.name], hints[f.name])
    return cls(**kwargs)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # slow (evaluates every annotation); a push parses thousands


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    if hint is dt.datetime or dt.datetime in typing.get_args(hint):
        return dt.datetime.fromisoformat(value)
    return value


#: what the sync window calls each command (the queue and the refused list)
TITLES = {
    "registration.submit_establishment": "设立登记申请",
    "registration.submit_change": "变更登记申请",
    "registration.submit_deregistration": "注销登记申请",
    "registration.approve": "核准登记",
    "registration.reject": "驳回申请",
    "registration.revoke": "吊销营业执照",
    "registration.licence_printed": "打印营业执照",
    "inspections.create_plan": "新建抽查计划",
    "inspections.draw_plan": "随机抽取",
    "inspections.publish_plan": "公布抽查名单",
    "inspections.save_record": "保存检查记录",
    "inspections.complete": "完成检查",
    "inspections.add_photo": "添加现场照片",
    "inspections.remove_photo": "删除现场照片",
    "inspections.open_lead": "移送案件线索",
    "inspections.confirm_abnormal": "列入经营异常名录",
    "inspections.decline_abnormal": "不予列入经营异常名录",
    "inspections.remove_abnormal": "移出经营异常名录",
    "cards.make": "制卡",
    "cards.issue": "发卡",
    "cards.rewrite": "修改卡片",
    "cards.report_loss": "卡片挂失",
    "cards.withdraw_loss": "卡片解挂",
    "cards.replace": "补卡",
    "cards.suspend": "卡片暂吊",
    "cards.restore": "卡片恢复",
    "cards.cancel": "卡片注销",
    "cards.register_key": "登记制卡密钥",
    "cards.revoke_key": "停用制卡密钥",
}


def command_title(name: str) -> str:
    return TITLES.get(name, name)
