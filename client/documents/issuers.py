"""Who issues an office's outgoing documents, as printed: its 机关代字 (穗天市监五山 in
穗天市监五山〔2026〕12号) and its 发文机关标志 (the red line at the top: ……文件).

Both are the bureau's to decide, office by office: an administrator sets them (`hongdun documents
issuer`, the command documents.set_issuer, audited like every command). Until then an office's are
derived from its names (rules.number_prefix, rules.authority_mark), so a fresh installation numbers
and prints at once. One function answers what an office's are (`issuer_of`): the numbering on the
centre and every print read it.

A 代字 is the whole key of a number with the year and serial, so no two offices may share one,
configured or derived; a change applies to the numbers given after it (numbers given before keep
theirs: they are the documents' own). An office may number its 函 as a series of their own under
a 代字 of their own (穗天市监五山函〔2026〕3号: `letter_mark`), as many bureaus do; without one its
函 are numbered with the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from client.documents import rules
from client.documents.models import DocumentIssuer
from client.documents.rules import DocKind
from client.kernel.errors import FieldError
from client.kernel.models import District, Office
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal

#: 机关代字: Chinese characters only (a number is parsed as 代字〔年份〕序号号: rules.parse_number)
MARK = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
MARK_RULE = "应为2至12个汉字，如 穗天市监五山"
#: 发文机关标志: the issuer's full or short name, usually followed by 文件 (GB/T 9704 7.2.4)
AUTHORITY = re.compile(r"^[\u4e00-\u9fff（）]{4,40}$")
AUTHORITY_RULE = "应为4至40个汉字（可含括号），如 广州市天河区市场监督管理局文件"


@dataclass(frozen=True)
class Issuer:
    office_code: str
    office_name: str
    district_code: str
    mark: str  # 机关代字
    authority: str  # 发文机关标志
    #: set by the bureau (else derived from the office's names)
    configured: bool
    #: the setting's version (a change names the one it saw); None while derived
    version: int | None = None
    #: the 代字 of its 函, a series of their own; None: numbered with the rest
    letter_mark: str | None = None

    def series(self, kind: str, year: int) -> tuple[str, str]:
        """(the 代字, the counter) a document of this 文种 is numbered under in `year`."""
        if kind == DocKind.LETTER.code and self.letter_mark:
            return self.letter_mark, f"document_no:{self.office_code}:函:{year}"  # (40 characters at most)
        return self.mark, f"document_no:{self.office_code}:{year}"


def _issuer(office: Office, setting: DocumentIssuer | None, district: District | None) -> Issuer:
    """The office's as set, or derived from its names and its district's."""
    if setting is not None:
        return Issuer(office.code, office.name, office.district_code, setting.mark, setting.authority, True,
                      setting.version, setting.letter_mark)
    mark = rules.number_prefix(district.short_name if district else "", office.short_name)
    return Issuer(office.code, office.name, office.district_code, mark, rules.authority_mark(office.name), False)


def issuer_of(session, office_code: str) -> Issuer:
    """The office's 机关代字 and 发文机关标志, as set or derived."""
    office = session.get(Office, office_code)
    return _issuer(office, session.get(DocumentIssuer, office_code), session.get(District, office.district_code))


def issuers(session, principal: Principal) -> list[Issuer]:
    """Every office in the principal's jurisdiction with its issuer, by office code."""
    return _of(session, sa.select(Office).where(in_jurisdiction(principal, Office.code, Office.district_code)))


def all_issuers(session, *, district_code: str | None = None) -> list[Issuer]:
    """Every office's (or one district's), by office code: the administrator's list."""
    query = sa.select(Office)
    if district_code:
        query = query.where(Office.district_code == district_code)
    return _of(session, query)


def _of(session, offices: sa.Select) -> list[Issuer]:
    districts = {d.code: d for d in session.scalars(sa.select(District))}
    settings = {s.office_code: s for s in session.scalars(sa.select(DocumentIssuer))}
    return [_issuer(office, settings.get(office.code), districts.get(office.district_code))
            for office in session.scalars(offices.order_by(Office.code))]


def issuer_problems(session, office_code: str, mark: str, authority: str,
                    letter_mark: str | None = None) -> list[FieldError]:
    """What is wrong with setting these for the office, each at its field (none: it may be set)."""
    problems = []
    if not MARK.match(mark or ""):
        problems.append(FieldError("mark", f"机关代字“{mark}”不对：{MARK_RULE}"))
    if letter_mark is not None and not MARK.match(letter_mark):
        problems.append(FieldError("letter_mark", f"函的代字“{letter_mark}”不对：{MARK_RULE}"))
    elif letter_mark is not None and letter_mark == mark:
        problems.append(FieldError("letter_mark", f"函的代字“{letter_mark}”与机关代字相同：函另编号时须用另一代字"
                                                  f"（如 {mark}函）"))
    if not AUTHORITY.match(authority or ""):
        problems.append(FieldError("authority", f"发文机关标志“{authority}”不对：{AUTHORITY_RULE}"))
    if not problems:
        others = [i for i in all_issuers(session) if i.office_code != office_code]
        for field, label, wanted in (("mark", "机关代字", mark), ("letter_mark", "函的代字", letter_mark)):
            taken = [i for i in others if wanted and wanted in (i.mark, i.letter_mark)]
            if taken:
                problems.append(FieldError(field, f"{label}“{wanted}”已是{taken[0].office_name}的代字：各单位的代字"
                                                  f"不能相同（规则：发文字号由代字、年份和序号组成，代字相同则字号会重复）"))
    return problems
