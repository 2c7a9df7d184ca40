"""Inspection records: what a saved and a completed record must hold, and what a result leads to."""
from __future__ import annotations

import datetime as dt

import pytest

from client.inspections.rules import (AbnormalGround, InspectionResult, RecordDraft, blank_checklist,
    checklist_template, completion_errors, consequence_of, draft_errors, parse_day)

NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)


def filled(result_of_items="pass", **over) -> RecordDraft:
    checklist = blank_checklist()
    for entry in checklist:
        entry["result"] = result_of_items
    values = dict(place="广州市天河区天河路385号", inspected_at=NOW - dt.timedelta(hours=1),
                  inspector_ids=["u1", "u2"], checklist=checklist, findings="", result="no_problem",
                  party_name="李明华", party_ack="signed")
    values.update(over)
    return RecordDraft(**values)


def test_the_checklist_template_has_items_with_codes_and_text():
    items = checklist_template()
    assert len(items) >= 8
    assert len({i.code for i in items}) == len(items)
    assert all(i.text for i in items)


def test_a_complete_record_has_no_errors():
    assert completion_errors(filled(), now=NOW) == {}


def test_at_least_two_distinct_inspectors():
    assert "至少2名" in draft_errors(filled(inspector_ids=["u1"]), now=NOW)["inspector_ids"]
    assert "不能重复" in draft_errors(filled(inspector_ids=["u1", "u1"]), now=NOW)["inspector_ids"]


def test_inspection_time_may_not_be_in_the_future():
    errors = draft_errors(filled(inspected_at=NOW + dt.timedelta(days=1)), now=NOW)
    assert errors["inspected_at"] == "检查时间不能晚于当前时间"


def test_a_draft_may_be_incomplete_but_completion_names_what_is_missing():
    draft = filled(result=None, place="", party_ack=None)
    assert draft_errors(draft, now=NOW) == {}
    errors = completion_errors(draft, now=NOW)
    assert errors["place"] == "请填写检查地点"
    assert errors["result"] == "请选择检查结果"


def test_every_checklist_item_needs_a_result_when_someone_was_there():
    checklist = blank_checklist()
    errors = completion_errors(filled(checklist=checklist), now=NOW)
    assert "尚未填写结果" in errors["checklist"]
    # unreachable: nothing could be checked
    assert "checklist" not in completion_errors(
        filled(checklist=checklist, result="unreachable", party_ack="absent", party_name=""), now=NOW)


def test_a_failed_item_contradicts_no_problem_found():
    errors = completion_errors(filled(result_of_items="fail"), now=NOW)
    assert "不能为“未发现问题”" in errors["result"]


@pytest.mark.parametrize("result", ["corrected", "follow_up"])
def test_problems_found_must_be_described(result):
    errors = completion_errors(filled(result_of_items="fail", result=result, findings=""), now=NOW)
    assert "请在检查情况中写明发现的问题" in errors["findings"]
    assert completion_errors(filled(result_of_items="fail", result=result,
                                    findings="经营场所未悬挂营业执照，已当场责令改正"), now=NOW) == {}


def test_the_party_is_absent_only_when_nobody_could_be_found():
    errors = completion_errors(filled(party_ack="absent", party_name=""), now=NOW)
    assert "当事人应在场签字或注明拒签" in errors["party_ack"]
    assert completion_errors(filled(party_ack="refused", party_name=""), now=NOW)["party_name"] \
        == "请填写当事人（或其代理人）姓名"


def test_unknown_codes_are_refused():
    bad = blank_checklist()
    bad[0]["result"] = "maybe"
    assert "结果无效" in draft_errors(filled(checklist=bad), now=NOW)["checklist"]
    assert draft_errors(filled(result="great"), now=NOW)["result"] == "检查结果无效"
    unknown = [{"item": "nope", "result": "pass"}]
    assert "不在检查事项清单中" in draft_errors(filled(checklist=unknown), now=NOW)["checklist"]


def test_unreachable_proposes_the_abnormal_list():
    c = consequence_of(InspectionResult.UNREACHABLE, already_listed=False)
    assert c.propose_abnormal is AbnormalGround.UNREACHABLE
    assert not c.suggest_lead


def test_no_second_proposal_for_an_entity_already_listed_or_proposed():
    assert consequence_of(InspectionResult.UNREACHABLE, already_listed=True).propose_abnormal is None


@pytest.mark.parametrize("result", [r for r in InspectionResult if r is not InspectionResult.UNREACHABLE])
def test_other_results_propose_no_listing(result):
    assert consequence_of(result, already_listed=False).propose_abnormal is None


def test_problems_left_for_later_suggest_a_case_lead():
    assert consequence_of(InspectionResult.FOLLOW_UP, already_listed=False).suggest_lead
    assert not consequence_of(InspectionResult.CORRECTED, already_listed=False).suggest_lead


def test_result_labels_are_those_of_the_domain():
    assert [r.label for r in InspectionResult] == [
        "未发现问题", "发现问题已责令改正", "未发现开展经营活动", "通过登记的住所无法联系", "发现问题待后续处理"]


def test_dates_are_parsed_with_a_message_naming_the_field():
    assert parse_day("2026-11-20", field_label="列入日期") == (dt.date(2026, 11, 20), None)
    assert parse_day("2026-13-01", field_label="列入日期")[1] == "列入日期“2026-13-01”不是有效日期（应为YYYY-MM-DD）"
    assert parse_day("", field_label="列入日期")[1] == "请填写列入日期"
