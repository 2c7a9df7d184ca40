"""Tables of contract certification and contract-dispute mediation.

An application, its parties and materials live in the office that certifies (office_code,
district_code), like the rest of an office's work. A party from the register is kept by its
credit code and the name and state the certifier saw; the handler judges the state against the
register (centrally: the whole city's). A natural person's ID number is kept only masked and
hashed. Materials (scans, PDFs) are stored with their SHA-256: the certificate vouches for
exactly these bytes.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.models import Base, Versioned
from client.kernel.types import Id, JsonText, Str, UtcDateTime, new_id


class ContractApplication(Base, Versioned):
    """One application for certification of one contract (合同鉴证申请)."""

    __tablename__ = "contract_application"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    #: 受理号, given by the centre (NULL: 待分配)
    application_no: Mapped[str | None] = mapped_column(Str(30), unique=True)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    state: Mapped[str] = mapped_column(Str(12))  # client.certification.rules.ApplicationState
    contract_title: Mapped[str] = mapped_column(Str(100))
    subject: Mapped[str] = mapped_column(Str(500))  # 标的
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))  # 元
    term_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    term_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    signed_place: Mapped[str] = mapped_column(Str(100))
    performance_place: Mapped[str] = mapped_column(Str(100))
    #: the examination checklist: {item key: finding}
    findings: Mapped[dict] = mapped_column(JsonText, default=dict)
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    applied_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: 鉴证书编号, given by the centre when certified
    certificate_no: Mapped[str | None] = mapped_column(Str(40), unique=True)
    certified_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    refusal_reasons: Mapped[str | None] = mapped_column(Str(1000))
    #: the certifiers who examined (names as printed)
    certifiers: Mapped[str | None] = mapped_column(Str(100))

    __table_args__ = (
        sa.Index("ix_contract_app_office", "office_code", "applied_at"),
        sa.Index("ix_contract_app_certified", "district_code", "certified_on"),
        sa.Index("ix_contract_app_amount", "amount"),
    )


class ContractParty(Base):
    """A party to the contract: a market entity of the register or a natural person."""

    __tablename__ = "contract_party"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("contract_application.id"))
    seq: Mapped[int] = mapped_column(sa.Integer)  # 0 甲方, 1 乙方, …
    kind: Mapped[str] = mapped_column(Str(10))  # rules.PartyKind
    name: Mapped[str] = mapped_column(Str(100))
    #: the credit code of a registered party; a person's number masked (440106**********1234)
    code: Mapped[str] = mapped_column(Str(18))
    person_id_hash: Mapped[str | None] = mapped_column(Str(64))
    #: the register's state when the certifier looked it up (judged again on the centre)
    entity_state: Mapped[str | None] = mapped_column(Str(12))
    representative: Mapped[str | None] = mapped_column(Str(40))
    address: Mapped[str | None] = mapped_column(Str(200))
    agent: Mapped[str | None] = mapped_column(Str(40))
    # (office and district copied from the application: the pull scopes a table by them)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))

    __table_args__ = (sa.Index("ix_contract_party_app", "application_id"),
                      sa.Index("ix_contract_party_name", "name"),
                      sa.Index("ix_contract_party_code", "code"))


class ContractMaterial(Base):
    """A file handed in with an application (the contract, licences, an authorisation…)."""

    __tablename__ = "contract_material"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(Id)  # an application's or a mediation's
    kind: Mapped[str] = mapped_column(Str(20))  # rules.MaterialKind
    party_seq: Mapped[int | None] = mapped_column(sa.Integer)  # whose (an authorisation: the agent's party)
    filename: Mapped[str] = mapped_column(Str(200))
    mime: Mapped[str] = mapped_column(Str(40))
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(Str(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    __table_args__ = (sa.Index("ix_contract_material_app", "application_id"),)


class MediationCase(Base, Versioned):
    """An application for administrative mediation of a contract dispute (合同争议调解)."""

    __tablename__ = "mediation_case"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    case_no: Mapped[str | None] = mapped_column(Str(30), unique=True)  # given by the centre
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    state: Mapped[str] = mapped_column(Str(12))  # rules.MediationState
    applicant: Mapped[str] = mapped_column(Str(100))
    respondent: Mapped[str] = mapped_column(Str(100))
    contract_title: Mapped[str] = mapped_column(Str(100))
    dispute: Mapped[str] = mapped_column(Str(2000))
    claim_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    applied_on: Mapped[dt.date] = mapped_column(sa.Date)
    accept_by: Mapped[dt.date] = mapped_column(sa.Date)  # 5 working days after applied_on
    applied_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    refusal: Mapped[str | None] = mapped_column(Str(12))  # rules.MediationRefusal
    refusal_note: Mapped[str | None] = mapped_column(Str(500))
    #: the mediators' user ids, comma-separated (one or two)
    mediators: Mapped[str | None] = mapped_column(Str(80))
    agreement: Mapped[str | None] = mapped_column(Str(4000))
    referral: Mapped[str | None] = mapped_column(Str(12))  # rules.Referral, on failure
    concluded_on: Mapped[dt.date | None] = mapped_column(sa.Date)

    __table_args__ = (sa.Index("ix_mediation_office", "office_code", "applied_on"),)


class MediationSession(Base):
    """One mediation session and its record (调解笔录)."""

    __tablename__ = "mediation_session"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("mediation_case.id"))
    held_on: Mapped[dt.date] = mapped_column(sa.Date)
    place: Mapped[str] = mapped_column(Str(100))
    record: Mapped[str] = mapped_column(Str(4000))
    recorded_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))

    __table_args__ = (sa.Index("ix_mediation_session_case", "case_id", "held_on"),)
