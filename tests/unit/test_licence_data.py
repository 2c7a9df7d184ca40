"""The licence's values come from the register, the kind table, the district and settings."""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
import sqlalchemy as sa

from client.kernel import clock
from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from client.kernel.models import AppUser, District
from client.db.seed import seed_reference
from client.kernel.types import new_id
from client.kernel import codes
from client.kernel.roles import Principal, parse_roles
from client.registration.reports import field_values, render_licence
from client.kernel.errors import PermissionDenied, RuleViolation
from client.registration.licence_data import build_licence_data, licence_data
from client.registration.commands import ApproveApplication, RevokeLicence, SubmitEstablishment
from client.kernel.users import add_demo_accounts
from client.kernel.bus import CommandBus

BASE_URL = "https://gsxt.example.cn/entity/"


@dataclass
class Entity:
    uscc: str | None = "91440106MA5CXXXX00"
    name: str = "广州市天河区华盛贸易有限公司"
    kind_code: str = "1130"
    legal_rep: str = "张三"
    address: str = "广州市天河区天河路123号"
    business_scope: str = "日用百货销售"
    capital_wan: Decimal | None = Decimal("100")
    established_on: dt.date = dt.date(2020, 3, 5)
    term_end: dt.date | None = None
    composition_form: str | None = None


def test_company_licence_prints_capital_term_and_company_layout():
    data = build_licence_data(Entity(term_end=dt.date(2040, 3, 4)), authority="广州市天河区市场监督管理局",
                              public_base_url=BASE_URL, issued_on=dt.date(2021, 1, 2))
    assert data.layout == "company"
    assert data.kind_label == "有限责任公司（自然人投资或控股）"
    assert data.registered_capital_wan == Decimal("100")
    assert data.public_url == BASE_URL + "91440106MA5CXXXX00"
    values = field_values(data)
    assert values["term"] == "2020年03月05日至2040年03月04日"
    assert values["registered_capital"] == "人民币壹佰万元"


def test_individual_business_prints_composition_form_and_no_amount():
    entity = Entity(kind_code="9600", name="广州市天河区老王五金店", capital_wan=Decimal("5"),
                    composition_form="家庭经营", term_end=dt.date(2040, 1, 1))
    data = build_licence_data(entity, authority="X局", public_base_url=BASE_URL, issued_on=dt.date.today())
    assert data.layout == "individual"
    assert data.composition_form == "家庭经营"
    assert data.registered_capital_wan is None and data.term_end is None


def test_branch_prints_no_capital():
    data = build_licence_data(Entity(kind_code="2100", capital_wan=None), authority="X局",
                              public_base_url=BASE_URL, issued_on=dt.date.today())
    assert data.registered_capital_wan is None
    assert field_values(data)["registered_capital"] == ""


def test_entity_without_credit_code_has_no_licence():
    with pytest.raises(RuleViolation, match="统一社会信用代码"):
        build_licence_data(Entity(uscc=None), authority="X局", public_base_url=BASE_URL,
                           issued_on=dt.date.today())


# --- from the database ------------------------------------------------------------------


@pytest.fixture
def register(sqlite_url):
    upgrade(sqlite_url)
    sf = make_session_factory(make_engine(sqlite_url))
    with sf() as s:
        seed_reference(s)
        add_demo_accounts(s)
        s.commit()

    def principal(username: str) -> Principal:
        with sf() as s:
            u = s.scalar(sa.select(AppUser).where(AppUser.username == username))
            return Principal(u.id, u.username, u.full_name, parse_roles(u.roles), u.office_code,
                             u.district_code)

    return sf, CommandBus(sf), principal


def _approved_entity(sf, bus, principal) -> str:
    clerk, reviewer = principal("clerk"), principal("reviewer")
    out = bus.dispatch(SubmitEstablishment(user_id=clerk.user_id, application_id=new_id(), items={
        "kind_code": "1130", "name": "广州市天河区华盛贸易有限公司", "legal_rep": "张三",
        "legal_rep_id_no": "11010519491231002X", "address": "广州市天河区天河路123号",
        "capital_wan": "100", "business_scope": "日用百货销售；五金产品零售"}))
    assert out.ok, out.message
    out = bus.dispatch(ApproveApplication(user_id=reviewer.user_id, application_id=out.result["subject_id"],
                                          base_version=1))
    assert out.ok, out.message
    return out.result["entity_id"]


def test_licence_of_an_approved_entity_names_the_district_authority_and_renders(register):
    sf, bus, principal = register
    entity_id = _approved_entity(sf, bus, principal)
    with sf() as s:
        s.get(District, "440106").authority = "广州市天河区市场监督管理局（测试）"
        s.commit()
        data = licence_data(s, principal("reviewer"), entity_id, public_base_url=BASE_URL)
    assert data.authority == "广州市天河区市场监督管理局（测试）"
    assert codes.validate_uscc(data.uscc)
    assert data.public_url.endswith(data.uscc)
    assert data.issued_on == clock.beijing_today()
    pdf = render_licence(data, copy="duplicate")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "华盛贸易" in text and data.uscc in text


def test_licence_outside_jurisdiction_or_after_revocation_is_refused(register):
    sf, bus, principal = register
    entity_id = _approved_entity(sf, bus, principal)
    with sf() as s, pytest.raises(PermissionDenied):
        licence_data(s, principal("baiyun"), entity_id, public_base_url=BASE_URL)
    out = bus.dispatch(RevokeLicence(user_id=principal("head").user_id, entity_id=entity_id, base_version=1,
                                     reason="长期未开展经营活动"))
    assert out.ok, out.message
    with sf() as s, pytest.raises(RuleViolation, match="吊销"):
        licence_data(s, principal("head"), entity_id, public_base_url=BASE_URL)
