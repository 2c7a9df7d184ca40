"""文种 (client/documents/rules.DocKind): a title says what it is by its ending; the forms and the
handler take that unless one was chosen, and refuse a code they do not know, at its field."""
from __future__ import annotations

import datetime as dt

import pytest

from client.documents import rules
from client.documents.checks import Draft, Incoming, draft_problems, incoming_problems


@pytest.mark.parametrize("title, kind", [
    ("关于开展2027年度企业年报工作的通知", "notice"),
    ("关于商请协助核查有关企业登记情况的函", "letter"),
    ("关于某企业登记事项的复函", "letter"),  # 复函 is a 函
    ("关于增加执法车辆的请示", "request"),
    ("关于2026年上半年工作情况的报告", "report"),
    ("关于同意设立五山市场监管所的批复", "reply"),
    ("关于加强网络交易监管的意见", "opinion"),
    ("关于一起违法广告案件查处情况的通报", "bulletin"),  # not a 报告
    ("关于表彰先进集体的决定", "decision"),
    ("关于企业年度报告公示的公告", "announcement"),
    ("关于禁止占道经营的通告", "circular"),
    ("所务会议纪要", "minutes"),
    ("  关于开展检查的通知。 ", "notice"),  # spaces and a stray full stop
    ("2026年度工作要点", "other"),
    ("", "other"),
])
def test_the_kind_a_title_ends_with(title, kind):
    assert rules.kind_of_title(title) == kind


def test_a_chosen_kind_stands_and_an_unknown_one_is_refused_at_its_field():
    today = dt.date(2026, 12, 7)
    base = dict(sender="广州市市场监督管理局", doc_number="穗市监〔2026〕88号", title="关于开展检查的通知",
                received_on=today)
    assert incoming_problems(Incoming(**base), today)[0]["kind"] == "notice"
    assert incoming_problems(Incoming(**base, kind="bulletin"), today)[0]["kind"] == "bulletin"
    _, errors = incoming_problems(Incoming(**base, kind="memo"), today)
    assert [(e.field, e.message) for e in errors] == [
        ("kind", "文种“memo”无法识别：应为通知、函、请示、报告、批复、意见、通报、决定、公告、通告、纪要、其他之一")]
    values, errors = draft_problems(Draft(title="关于商请协助核查的函", body="正文", main_to=[{"code": None, "name": "某局"}]))
    assert not errors and values["kind"] == "letter"
