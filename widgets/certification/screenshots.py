"""Screenshots of contract certification and mediation (listed in widgets/screenshots.py).

The builders share the demo database: the first one makes the sample cases — a contract
certified, one waiting for the certifier's examination, a mediation settled and one waiting to
be accepted — through the real commands, as the screens send them, and waits for them here.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from widgets.common.shots import ask as _ask
from widgets.common.shots import send as _sent
from widgets.common.shots import settle as _settle


CONTRACT_TITLE = "办公家具采购合同"
PENDING_TITLE = "软件定制开发合同"
MEDIATION_TITLE = "仓储服务合同"


def _send(ctx, command):
    out = _sent(ctx, command)
    if not out.ok:
        raise RuntimeError(f"{command.name}: {out.message}")
    return out


# --- sample materials ------------------------------------------------------------------------------


def contract_pdf(title: str = CONTRACT_TITLE, pages: int = 2) -> bytes:
    """A contract's scan as the parties bring it: a few lines of text on A4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from client.kernel.fonts import draw_text, register_cjk_font

    register_cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    for page in range(pages):
        y = height - 110
        if page == 0:
            draw_text(pdf, width / 2 - 90, y, title, 20)
            y -= 50
        for n in range(14):
            draw_text(pdf, 72, y, f"第{page * 14 + n + 1}条  甲乙双方经友好协商，就本合同所涉事项达成如下约定。", 11)
            y -= 26
        draw_text(pdf, width / 2 - 20, 50, f"— {page + 1} —", 10)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def licence_png(name: str = "广州市天河区示例科技有限公司") -> bytes:
    """A licence's scan (a PNG drawn here: no file of a real licence is shipped)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    image = QImage(900, 640, QImage.Format.Format_RGB32)
    image.fill(QColor("#FBF7EE"))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("#B8860B"), 10))
    painter.drawRect(20, 20, 860, 600)
    painter.setPen(QColor("#C8161D"))
    font = QFont()
    font.setPixelSize(54)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, 60, 900, 80), Qt.AlignmentFlag.AlignCenter, "营 业 执 照")
    font.setPixelSize(26)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#1F2329"))
    for i, line in enumerate((f"名    称  {name}", "类    型  有限责任公司（自然人投资或控股）",
                              "法定代表人  陈志远", "住    所  广州市天河区天河路385号")):
        painter.drawText(90, 240 + i * 60, line)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


# --- sample cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    name: str
    uscc: str


#: the parties made per demo database (url -> parties)
_PARTIES: dict[str, list[Party]] = {}
PARTY_NAMES = ("广州市天河区宏泰家具有限公司", "广州市天河区恒信软件科技有限公司")


def parties(env) -> list[Party]:
    """Two companies registered in the certifier's office (设立登记 submitted and approved), once."""
    from client.kernel.codes import new_resident_id
    from client.kernel.types import new_id
    from client.registration.commands import ApproveApplication, SubmitEstablishment

    if env.url in _PARTIES:
        return _PARTIES[env.url]
    clerk, reviewer = env.context("clerk"), env.context("reviewer")
    made = []
    for i, name in enumerate(PARTY_NAMES):
        app_id = new_id()
        _send(clerk, SubmitEstablishment(user_id=clerk.principal.user_id, application_id=app_id, items={
            "name": name, "kind_code": "1130", "legal_rep": ("陈志远", "林嘉怡")[i],
            "legal_rep_id_no": new_resident_id("440106", dt.date(1980 + i, 3, 14), 123 + i),
            "address": f"广州市天河区天河路{385 + i}号", "capital_wan": "500", "business_scope": "家具销售；软件开发",
            "industry_code": "65", "term_end": "", "phone": "020-38881234"}))
        out = _send(reviewer, ApproveApplication(user_id=reviewer.principal.user_id, application_id=app_id,
                                                 base_version=1))
        made.append(Party(name, out.result["uscc"]))
    _PARTIES[env.url] = made
    return made


def _apply(ctx, title: str, amount: str, entities, *, agent: str | None = None):
    from client.certification.commands import MaterialInput, PartyInput, apply_command
    from client.kernel.clock import beijing_today
    from client.kernel.types import new_id

    today = beijing_today()
    materials = [MaterialInput("contract", f"{title}.pdf", contract_pdf(title)),
                 MaterialInput("licence", "甲方营业执照.png", licence_png(entities[0].name), party_seq=0)]
    if agent:
        materials.append(MaterialInput("authorisation", "乙方授权委托书.pdf", contract_pdf("授权委托书", 1), party_seq=1))
    command = apply_command(
        application_id=new_id(), contract_title=title, subject="办公桌椅、文件柜等办公家具一批，含运输及安装",
        amount=amount, term_start=today, term_end=today + dt.timedelta(days=364), signed_place="广州市天河区",
        performance_place="广州市天河区天河路385号", parties=[
            PartyInput("entity", entities[0].uscc), PartyInput("entity", entities[1].uscc, agent=agent)],
        materials=materials, today=today, new_id=new_id, user_id=ctx.principal.user_id)
    _send(ctx, command)
    return command.application_id


def _step(ctx, application_id: str, command_for):
    from client.certification import queries as cq

    d = _ask(ctx, cq.application_detail, ctx.principal, application_id)
    _send(ctx, command_for(d))


def sample_cases(env) -> dict:
    """The sample cases (made once per demo database): their ids by role."""
    from client.certification import queries as cq
    from client.certification import rules
    from client.certification.commands import (
        AcceptMediation,
        ApplyForMediation,
        ConcludeMediation,
        ExamineContract,
        RecordMediationSession,
    )
    from client.flows.commands import ApproveTask
    from client.kernel.clock import beijing_today
    from client.kernel.types import new_id

    certifier, head = env.context("certifier"), env.context("head")
    rows = _ask(certifier, cq.search_applications, certifier.principal)
    existing = {r.contract_title: r.application_id for r in rows}
    mediations = {c.contract_title: c.case_id for c in _ask(certifier, cq.mediation_cases, certifier.principal)}
    if CONTRACT_TITLE in existing and PENDING_TITLE in existing and MEDIATION_TITLE in mediations:
        return {"certified": existing[CONTRACT_TITLE], "pending": existing[PENDING_TITLE],
                "mediation": mediations[MEDIATION_TITLE]}
    entities = parties(env)
    user = certifier.principal.user_id
    certified = _apply(certifier, CONTRACT_TITLE, "860000.00", entities, agent="周海涛")
    _step(certifier, certified, lambda d: ApproveTask(user_id=user, task_id=d.my_task_id,
                                                      base_version=d.my_task_version, opinion="材料齐全，予以受理"))
    _step(certifier, certified, lambda d: ExamineContract(
        user_id=user, application_id=d.application_id, task_id=d.my_task_id, base_version=d.my_task_version,
        findings={k: "符合" for k, _ in rules.CHECKLIST}, approve=True, opinion="经审查，合同真实合法，同意鉴证"))
    _step(head, certified, lambda d: ApproveTask(user_id=head.principal.user_id, task_id=d.my_task_id,
                                                 base_version=d.my_task_version, opinion="同意"))
    pending = _apply(certifier, PENDING_TITLE, "480000.00", list(reversed(entities)))
    _step(certifier, pending, lambda d: ApproveTask(user_id=user, task_id=d.my_task_id,
                                                    base_version=d.my_task_version, opinion="受理"))

    today = beijing_today()
    settled_id = new_id()
    _send(certifier, ApplyForMediation(user_id=user, case_id=settled_id, applicant=entities[0].name,
                                       respondent=entities[1].name, contract_title=MEDIATION_TITLE,
                                       dispute="被申请人逾期支付第三季度仓储费用，双方对滞纳金计算方式存在争议。",
                                       claim_amount="126000.00", applied_on=today))
    d = _ask(certifier, cq.mediation_detail, certifier.principal, settled_id)
    _send(certifier, AcceptMediation(user_id=user, case_id=settled_id, task_id=d.my_task_id,
                                     base_version=d.my_task_version, mediators=(user,)))
    _send(certifier, RecordMediationSession(
        user_id=user, case_id=settled_id, session_id=new_id(), held_on=today, place="天河工商所调解室",
        record="双方到场。申请人请求支付仓储费12.6万元及滞纳金；被申请人承认欠款，请求减免滞纳金。经调解，双方同意分两期付清。"))
    d = _ask(certifier, cq.mediation_detail, certifier.principal, settled_id)
    _send(certifier, ConcludeMediation(user_id=user, case_id=settled_id, task_id=d.my_task_id,
                                       base_version=d.my_task_version, settled=True,
                                       agreement="被申请人于本月底前支付仓储费6.3万元，下月底前支付余款6.3万元；申请人放弃滞纳金。"))
    _send(certifier, ApplyForMediation(user_id=user, case_id=new_id(), applicant=entities[1].name,
                                       respondent="广州市白云区示例物流有限公司", contract_title="货物运输合同",
                                       dispute="承运方运输途中货物受损，双方对赔偿金额无法达成一致。",
                                       claim_amount="38500.00", applied_on=today))
    return {"certified": certified, "pending": pending, "mediation": settled_id}


# --- the builders ----------------------------------------------------------------------------------


def certification_screen(env):
    from widgets.certification.certification_screen import CertificationScreen

    cases = sample_cases(env)
    screen = CertificationScreen(env.context("certifier"))
    screen.resize(1400, 860)
    _settle()
    screen.select(cases["certified"])
    _settle()
    env.windows.append(screen)
    return screen


def application_form(env):
    from widgets.certification.application_form import ApplicationForm

    entities = parties(env)
    ctx = env.context("certifier")
    form = ApplicationForm(ctx)
    form.resize(1180, 1040)
    form.contract_title.setText("设备维护保养服务合同")
    form.subject.setText("中央空调系统年度维护保养服务，含季度巡检及应急维修")
    form.amount.setText("1,280,000.00")
    form.signed_place.setText("广州市天河区")
    form.performance_place.setText("广州市天河区珠江新城")
    for block, entity in zip(form.parties, entities):
        block.code.setText(entity.uscc)
        block.check_code()
    form.parties[1].agent.setText("周海涛")
    _settle()
    form.parties[1].agent_changed.emit()
    form._add_material("设备维护保养服务合同.pdf", contract_pdf("设备维护保养服务合同"))
    form._add_material("甲方营业执照.png", licence_png(entities[0].name))
    form.set_material(1, "licence", 0)
    form._update_authorisation_hints()
    form.material_table.selectRow(0)
    env.windows.append(form)
    return form


def examine_dialog(env):
    from client.certification import queries as cq
    from widgets.certification.examine_dialog import ExamineDialog

    cases = sample_cases(env)
    ctx = env.context("certifier")
    detail = _ask(ctx, cq.application_detail, ctx.principal, cases["pending"])
    dialog = ExamineDialog(ctx, detail)
    dialog.set_finding("wording", "不符合：第七条付款期限“尽快”表述不明确，建议改为具体日期")
    dialog.opinion.setPlainText("合同主体适格，内容合法；第七条付款期限表述不明确，请当事人补正后再行审查。")
    _settle()
    env.windows.append(dialog)
    return dialog


def mediation_screen(env):
    from widgets.certification.mediation_screen import MediationScreen

    cases = sample_cases(env)
    screen = MediationScreen(env.context("certifier"))
    screen.resize(1400, 860)
    _settle()
    screen.select(cases["mediation"])
    _settle()
    env.windows.append(screen)
    return screen


def stats_screen(env):
    from widgets.certification.stats_screen import CertificationStatsScreen

    sample_cases(env)
    screen = CertificationStatsScreen(env.context("head"))
    screen.resize(1400, 860)
    _settle()
    env.windows.append(screen)
    return screen


def certificate_pdf(env):
    """The 合同鉴证书 of the certified sample, as the print preview shows it."""
    from client.certification import queries as cq
    from widgets.common.pdf_dialog import PdfPreviewDialog

    cases = sample_cases(env)
    ctx = env.context("certifier")
    pdf = _ask(ctx, cq.certificate_pdf, ctx.principal, cases["certified"])
    dialog = PdfPreviewDialog(pdf, title="合同鉴证书", suggested_name="certificate.pdf")
    dialog.resize(820, 1000)
    return dialog


SHOTS = [
    ("certification.png", certification_screen),
    ("certification-application-form.png", application_form),
    ("certification-examine.png", examine_dialog),
    ("certification-mediation.png", mediation_screen),
    ("certification-statistics.png", stats_screen),
    ("certificate-pdf.png", certificate_pdf),
]
