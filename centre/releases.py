"""The centre's release policy: what it tells workstations about their versions.

An operator announces a release in a small JSON file (`hongdun centre serve --release-file`;
the packaged centre reads /etc/hongdun/release.json):

    {"latest": "0.3.0", "minimum": "0.2.0",
     "download": "https://soft.gz.gov.cn/hongdun/", "notes": "新增：……"}

- `latest`: the newest workstation version; a workstation older than it tells its user.
- `minimum` (optional): the oldest workstation version whose pushes are accepted; an older one
  (or one that names no version) is refused with a message saying what to install.
- `download`, `notes` (optional): where to get it (an address, or a share path in words) and what
  is new, shown to the user as written.

No file: the centre's own version is the latest and there is no minimum. The file is read again
when it changes (its modification time, size or inode), so the operator edits it without a
restart. A file that cannot be used is logged and the last good policy stays: a typo never stops
the centre, nor opens it to old workstations; `hongdun centre check` reports it.

The version header is a compatibility guard, not a security boundary: any program can send any
version. What protects the register is the signatures every command carries (centre.apply).
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from client.version import VERSION, Release, is_newer, meets, parse

log = logging.getLogger(__name__)

#: where the packaged centre keeps it (installer/; `--release-file` names another)
PACKAGED_FILE = "/etc/hongdun/release.json"
FIELDS = ("latest", "minimum", "download", "notes")
#: a policy is a few lines; a bigger file is not one
MAX_BYTES = 64 * 1024
MAX_LENGTH = {"download": 500, "notes": 2000}


class ReleaseFileError(ValueError):
    """The file cannot be used; the message (Chinese) names the file, the field and the rule."""


def parse_policy(data: Any, *, where: str, own_version: str = VERSION) -> Release:
    """The release a file's JSON announces; ReleaseFileError when it breaks a rule."""
    if not isinstance(data, dict):
        raise ReleaseFileError(f"发布说明文件 {where} 须为JSON对象（规则：形如 {{\"latest\": \"0.3.0\"}}）")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ReleaseFileError(f"发布说明文件 {where}：字段 {'、'.join(unknown)} 无法识别"
                               f"（规则：只能有 {'、'.join(FIELDS)}）")
    values: dict[str, str | None] = {}
    for name in FIELDS:
        value = data.get(name)
        if value is None or value == "":
            values[name] = None
            continue
        if not isinstance(value, str):
            raise ReleaseFileError(f"发布说明文件 {where}：字段 {name} 须为文本（规则：用双引号括起，如 \"0.3.0\"）")
        value = value.strip()
        if name in ("latest", "minimum") and parse(value) is None:
            raise ReleaseFileError(f"发布说明文件 {where}：字段 {name} 的值 {value} 不是版本号（规则：如 0.3.0）")
        if len(value) > MAX_LENGTH.get(name, 40):
            raise ReleaseFileError(f"发布说明文件 {where}：字段 {name} 长度不能超过{MAX_LENGTH.get(name, 40)}个字符")
        values[name] = value
    latest = values["latest"] or own_version
    minimum = values["minimum"]
    if minimum is not None and is_newer(minimum, latest):
        raise ReleaseFileError(f"发布说明文件 {where}：字段 minimum（{minimum}）高于最新版本 {latest}"
                               "（规则：最低版本不能高于最新版本，否则没有可以安装的版本）")
    return Release(latest=latest, minimum=minimum, download=values["download"], notes=values["notes"],
                   centre=own_version)


def read_release_file(path: str | Path, *, own_version: str = VERSION) -> Release | None:
    """The release the file announces; None when there is no such file; ReleaseFileError when it
    cannot be read or breaks a rule."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReleaseFileError(f"发布说明文件 {path} 无法读取：{exc.strerror or exc}"
                               "（规则：须为中心服务账号可读的文件）") from None
    if len(raw) > MAX_BYTES:
        raise ReleaseFileError(f"发布说明文件 {path} 过大（规则：不超过{MAX_BYTES // 1024}KB）")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReleaseFileError(f"发布说明文件 {path} 不是UTF-8编码的文本") from None
    except json.JSONDecodeError as exc:
        raise ReleaseFileError(f"发布说明文件 {path} 不是合法的JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") \
            from None
    return parse_policy(data, where=str(path), own_version=own_version)


def default_release(own_version: str = VERSION) -> Release:
    """No file: the centre's own version is the latest; every version may push."""
    return Release(latest=own_version, centre=own_version)


class ReleasePolicy:
    """The policy now in force: `current()` reads the file again when it changed; a bad file is
    logged once and the last good policy stays (`problem` says what is wrong with the file)."""

    def __init__(self, path: str | Path | None = None, *, own_version: str = VERSION):
        self.path = Path(path) if path else None
        self.own_version = own_version
        self._release = default_release(own_version)
        self._seen: object = None  # what the file looked like when last read ((mtime, size, inode) or None)
        self._problem: str | None = None
        self._lock = threading.Lock()
        if self.path is not None:
            self.current()

    @property
    def problem(self) -> str | None:
        """What is wrong with the file (None: it is good, or there is none)."""
        return self._problem

    def current(self) -> Release:
        if self.path is None:
            return self._release
        try:
            st = self.path.stat()
            seen: object = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            seen = None
        except OSError as exc:  # (e.g. a folder the service account may not enter)
            seen = ("unreadable", str(exc))
        with self._lock:
            if seen == self._seen:
                return self._release
            self._seen = seen
            try:
                release = read_release_file(self.path, own_version=self.own_version)
            except ReleaseFileError as exc:
                self._problem = str(exc)
                log.error("%s；继续使用此前的发布政策（最新 %s，最低 %s）", exc, self._release.latest,
                          self._release.minimum or "无")
                return self._release
            self._problem = None
            self._release = release or default_release(self.own_version)
            log.info("release policy: latest %s, minimum %s%s", self._release.latest, self._release.minimum or "none",
                     "" if release else f" ({self.path} absent: the centre's own version)")
            return self._release


def refusal(release: Release, version: str | None) -> str | None:
    """The message a push from a workstation of `version` (None: it named none) gets, or None
    when the policy accepts it."""
    if meets(version, release.minimum):
        return None
    where = f"（下载：{release.download}）" if release.download else "，安装包请向系统管理员索取"
    rule = "（规则：低于最低版本的工作台不能提交业务）"
    if parse(version) is None:
        return (f"本机红盾工作台未报告有效的版本号，中心要求的最低版本为 {release.minimum}{rule}，"
                f"请安装 {release.latest}{where}")
    return f"本机红盾工作台版本 {version} 低于中心要求的最低版本 {release.minimum}{rule}，请安装 {release.latest}{where}"


def for_workstation(release: Release, version: str | None) -> Release:
    """The announcement as the asking workstation gets it: with the refusal its pushes would get."""
    from dataclasses import replace

    return replace(release, refusal=refusal(release, version))
