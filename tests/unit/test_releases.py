"""Versions compared the PEP 440 way (client.version) and the centre's release policy file
(centre.releases): read again when it changes, a bad one logged and the last good one kept, the
refusal of an old workstation's push worded with the rule and what to install."""
from __future__ import annotations

import json
import logging
import os

import pytest

from centre.releases import ReleaseFileError, ReleasePolicy, for_workstation, read_release_file, refusal
from client.version import VERSION, Release, is_newer, meets, parse


def test_versions_compare_as_numbers_not_as_text():
    assert is_newer("0.10.0", "0.9.0")  # as text "0.10.0" < "0.9.0"
    assert is_newer("1.0", "0.99.9")
    assert not is_newer("0.2", "0.2.0")  # the same version, written two ways
    assert not is_newer("0.3.0rc1", "0.3.0")  # a release candidate comes before its release
    assert is_newer("0.3.0.post1", "0.3.0")
    # what is not a version never counts as newer: a typo never nags every user
    assert not is_newer("abc", "0.2.0") and not is_newer("0.3.0", "") and not is_newer(None, "0.2.0")
    assert parse(" 0.2.0 ") == parse("0.2.0") and parse("zwei") is None


def test_a_minimum_accepts_its_version_and_later_and_refuses_none():
    assert meets("0.2.0", "0.2.0") and meets("0.3.0", "0.2.0") and meets("0.2.1", "0.2")
    assert not meets("0.1.9", "0.2.0")
    assert not meets(None, "0.2.0") and not meets("garbled", "0.2.0")  # an old workstation that named none
    assert meets(None, None) and meets("0.0.1", None)  # no minimum announced: every version


def test_a_release_tells_whether_it_is_newer_and_round_trips_as_json():
    release = Release(latest="0.3.0", minimum="0.2.0", download="\\\\fs01\\软件\\红盾", notes="新增：证照打印校准",
                      centre="0.3.0")
    assert release.newer_than("0.2.0") and not release.newer_than("0.3.0")
    assert release.accepts("0.2.0") and not release.accepts("0.1.0")
    assert Release.from_json(json.loads(json.dumps(release.to_json()))) == release
    # an announcement without `latest` (an older centre's): its own version stands for it
    assert Release.from_json({"centre": "0.2.0"}).latest == "0.2.0"


def _write(path, data) -> None:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_no_file_means_the_centres_own_version_and_no_minimum(tmp_path):
    policy = ReleasePolicy(tmp_path / "release.json", own_version="0.2.0")
    current = policy.current()
    assert (current.latest, current.minimum, current.centre) == ("0.2.0", None, "0.2.0")
    assert policy.problem is None
    assert ReleasePolicy(None).current().latest == VERSION
    assert read_release_file(tmp_path / "absent.json") is None


def test_missing_fields_take_the_defaults(tmp_path):
    path = tmp_path / "release.json"
    _write(path, {"minimum": "0.1.0"})
    release = read_release_file(path, own_version="0.2.0")
    assert (release.latest, release.minimum, release.download, release.notes) == ("0.2.0", "0.1.0", None, None)
    _write(path, {"latest": "0.3.0", "download": "", "notes": None})
    assert read_release_file(path).download is None


@pytest.mark.parametrize("content, words", [
    ("{\"latest\": \"0.3.0\",", "不是合法的JSON（第1行"),
    ([1, 2], "须为JSON对象"),
    ({"latest": "0.3.0", "minumum": "0.2.0"}, "字段 minumum 无法识别"),
    ({"latest": "three"}, "字段 latest 的值 three 不是版本号"),
    ({"latest": 3}, "字段 latest 须为文本"),
    ({"latest": "0.3.0", "minimum": "0.4.0"}, "最低版本不能高于最新版本"),
    ({"latest": "0.3.0", "notes": "新" * 2001}, "字段 notes 长度不能超过2000个字符"),
])
def test_a_bad_file_is_refused_with_the_field_and_the_rule(tmp_path, content, words):
    path = tmp_path / "release.json"
    _write(path, content)
    with pytest.raises(ReleaseFileError) as refused:
        read_release_file(path)
    assert words in str(refused.value) and str(path) in str(refused.value)


def test_the_file_is_read_again_when_it_changes_and_a_bad_edit_keeps_the_last_good_policy(tmp_path, caplog):
    path = tmp_path / "release.json"
    _write(path, {"latest": "0.3.0", "minimum": "0.2.0", "download": "https://soft.example/hongdun/"})
    policy = ReleasePolicy(path, own_version="0.2.0")
    assert (policy.current().latest, policy.current().minimum) == ("0.3.0", "0.2.0")

    _write(path, {"latest": "0.4.0", "minimum": "0.3.0", "notes": "修正"})
    os.utime(path, ns=(1, 2_000_000_000))  # (a modification time of its own, whatever the clock's resolution)
    assert (policy.current().latest, policy.current().minimum, policy.current().notes) == ("0.4.0", "0.3.0", "修正")

    with caplog.at_level(logging.ERROR, logger="centre.releases"):
        _write(path, '{"latest": "0.5.0", "minimum": ')  # saved half-way through an edit
        os.utime(path, ns=(1, 3_000_000_000))
        assert (policy.current().latest, policy.current().minimum) == ("0.4.0", "0.3.0")
        assert policy.current().minimum == "0.3.0"  # asked again: still the last good one
    assert "不是合法的JSON" in policy.problem
    assert [r for r in caplog.records if "继续使用此前的发布政策" in r.getMessage()]
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 1  # logged once, not per request

    _write(path, {"latest": "0.5.0"})  # mended
    os.utime(path, ns=(1, 4_000_000_000))
    assert (policy.current().latest, policy.current().minimum) == ("0.5.0", None)
    assert policy.problem is None

    path.unlink()  # taken away: the centre's own version again
    assert (policy.current().latest, policy.current().minimum) == ("0.2.0", None)


def test_a_bad_file_at_start_leaves_the_defaults(tmp_path):
    path = tmp_path / "release.json"
    _write(path, "not json")
    policy = ReleasePolicy(path, own_version="0.2.0")
    assert (policy.current().latest, policy.current().minimum) == ("0.2.0", None)
    assert "不是合法的JSON" in policy.problem


def test_the_refusal_names_the_versions_the_rule_and_what_to_install():
    release = Release(latest="0.3.0", minimum="0.2.0", download="https://soft.example/hongdun/", centre="0.3.0")
    assert refusal(release, "0.2.0") is None and refusal(release, "0.3.1") is None
    assert refusal(release, "0.1.0") == ("本机红盾工作台版本 0.1.0 低于中心要求的最低版本 0.2.0"
                                         "（规则：低于最低版本的工作台不能提交业务），请安装 0.3.0"
                                         "（下载：https://soft.example/hongdun/）")
    missing = refusal(release, None)
    assert "未报告有效的版本号" in missing and "最低版本为 0.2.0" in missing and "请安装 0.3.0" in missing
    no_download = Release(latest="0.3.0", minimum="0.2.0")
    assert refusal(no_download, "0.1.0").endswith("请安装 0.3.0，安装包请向系统管理员索取")
    assert refusal(Release(latest="0.3.0"), None) is None  # no minimum: nobody is refused
    told = for_workstation(release, "0.1.0")
    assert told.refusal == refusal(release, "0.1.0") and told.latest == "0.3.0"
