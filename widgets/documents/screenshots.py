"""Screenshots of incoming and outgoing documents (listed in widgets/screenshots.py).

The builders share the demo database: the first one makes the sample documents through the real
commands, as the screens send them — an incoming notice handled to 办结 by two 承办人, one waiting
for the head's 批示, an outgoing notice revised at 核稿, signed, numbered, sealed and distributed
to the Yuexiu office, and one waiting for its 签发 — and waits for them here.
"""
from __future__ import annotations

import io

from widgets.common.shots import ask as _ask
from widgets.common.shots import send as _sent
from widgets.common.shots import settle as _settle

DONE_TITLE = "关于做好2027年度企业年度报告公示工作的通知"
WAITING_TITLE = "关于开展元旦春节期间食品安全专项检查的通知"
SENT_TITLE = "关于加强辖区电动自行车销售企业监督检查的通知"
SIGNING_TITLE = "关于调整登记窗口服务时间的通知"
BODY = ("为进一步加强辖区电动自行车销售企业监督管理，保障消费者安全，现就有关事项通知如下。\n"
        "一、检查范围\n辖区内全部电动自行车销售企业及维修网点。\n"
        "二、检查内容\n（一）产品质量。重点检查是否销售未获得强制性产品认证的电动自行车。\n"
        "（二）经营行为。检查是否存在非法改装、虚假宣传等行为。\n"
        "三、工作要求\n各科室要高度重视，于12月25日前将检查情况报送所办公室。")


def _send(ctx, command):
    out = _sent(ctx, command)
    if not out.ok:
        raise RuntimeError(f"{command.name}: {out.message}")
    return out


def notice_pdf(title: str) -> bytes:
    """An incoming notice's scan: its title and a few lines on A4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from client.kernel.fonts import draw_text, register_cjk_font

    register_cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    draw_text(pdf, 90, height - 120, "广州市市场监督管理局文件", 26)
    draw_text(pdf, 72, height - 190, title, 15)
    for n in range(12):
        draw_text(pdf, 72, height - 240 - n * 26, f"{n + 1}. 各单位应按照有关规定认真组织落实，确保工作按时完成。", 11)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _detail(ctx, doc_id):
    from client.documents import queries as dq

    return _ask(ctx, dq.document_detail, ctx.principal, doc_id)


def _approve(ctx, doc_id, opinion=None):
    from client.flows.commands import ApproveTask

    d = _detail(ctx, doc_id)
    _send(ctx, ApproveTask(user_id=ctx.principal.user_id, task_id=d.my_task_id, base_version=d.my_task_version,
                           opinion=opinion))


def _register(env, title: str, number: str) -> str:
    from client.documents.checks import Attachment, Incoming
    from client.documents.commands import register_command
    from client.kernel.clock import beijing_today
    from client.kernel.types import new_id

    ctx = env.context("secretary")
    cmd = register_command(Incoming(sender="广州市市场监督管理局", doc_number=number, title=title, urgency="urgent",
                                    received_on=beijing_today(), page_count=3,
                                    attachments=[Attachment(f"{title[:12]}.pdf", notice_pdf(title))]),
                           document_id=new_id(), today=beijing_today(), user_id=ctx.principal.user_id)
    _send(ctx, cmd)
    return cmd.document_id


def _draft(env, title: str) -> str:
    from client.documents.checks import Draft
    from client.documents.commands import draft_command
    from client.kernel.reference import offices_of
    from client.kernel.types import new_id

    yuexiu = offices_of("440104")[0]
    ctx = env.context("clerk")
    cmd = draft_command(Draft(title=title, body=BODY, main_to=[{"code": yuexiu.code, "name": yuexiu.name},
                                                                {"code": None, "name": "各科室"}],
                              copy_to=[{"code": None, "name": "天河分局办公室"}],
                              attachment_names=["电动自行车销售企业检查记录表"]),
                        document_id=new_id(), user_id=ctx.principal.user_id)
    _send(ctx, cmd)
    _approve(ctx, cmd.document_id, "请审核")
    return cmd.document_id


def sample_documents(env) -> dict:
    """The sample documents (made once per demo database): their ids by role."""
    from client.documents import queries as dq
    from client.documents.checks import Draft
    from client.documents.commands import InstructIncoming, SignOutgoing, revise_command

    head = env.context("head")
    found = {r.title: r.document_id for direction in ("in", "out")
             for r in _ask(head, dq.document_list, head.principal, dq.DocumentFilter(direction=direction)).rows}
    if {DONE_TITLE, WAITING_TITLE, SENT_TITLE, SIGNING_TITLE} <= set(found):
        return {"done": found[DONE_TITLE], "waiting": found[WAITING_TITLE], "sent": found[SENT_TITLE],
                "signing": found[SIGNING_TITLE]}
    secretary, clerk, reviewer = env.context("secretary"), env.context("clerk"), env.context("reviewer")
    done = _register(env, DONE_TITLE, "穗市监〔2026〕88号")
    _approve(secretary, done, "拟请黄所长阅示，由登记、审核岗位分别落实")
    d = _detail(head, done)
    _send(head, InstructIncoming(user_id=head.principal.user_id, document_id=done, task_id=d.my_task_id,
                                 base_version=d.my_task_version, opinion="请李晓梅、王建华按通知要求抓好落实，年底前报结果",
                                 undertakers=(clerk.principal.user_id, reviewer.principal.user_id)))
    _approve(clerk, done, "已通知辖区企业按时报送年报，发放告知书326份")
    _approve(reviewer, done, "已完成审核岗位部署，对逾期企业建立台账")
    waiting = _register(env, WAITING_TITLE, "穗市监食〔2026〕41号")
    _approve(secretary, waiting, "拟请黄所长阅示，由检查岗位办理")

    sent = _draft(env, SENT_TITLE)
    d = _detail(reviewer, sent)
    _send(reviewer, revise_command(
        Draft(title=d.title, body=d.body.replace("12月25日", "12月20日").replace("全部", "所有"), main_to=d.main_to,
              copy_to=d.copy_to, attachment_names=d.attachment_names),
        document_id=sent, base_version=d.version, note="报送时间提前", user_id=reviewer.principal.user_id))
    _approve(reviewer, sent, "核稿无误")
    d = _detail(head, sent)
    _send(head, SignOutgoing(user_id=head.principal.user_id, document_id=sent, task_id=d.my_task_id,
                             base_version=d.my_task_version, approve=True, opinion="同意印发"))
    for _ in range(3):  # 编号, 用印, 分发
        _approve(secretary, sent)
    signing = _draft(env, SIGNING_TITLE)
    d = _detail(reviewer, signing)
    _send(reviewer, revise_command(
        Draft(title=d.title, body=d.body.replace("所办公室", "所综合办公室"), main_to=d.main_to, copy_to=d.copy_to,
              attachment_names=d.attachment_names),
        document_id=signing, base_version=d.version, note="报送部门名称", user_id=reviewer.principal.user_id))
    _approve(reviewer, signing, "请所长签发")
    _settle()
    return {"done": done, "waiting": waiting, "sent": sent, "signing": signing}


# --- the builders ----------------------------------------------------------------------------------


def incoming_screen(env):
    from widgets.documents.document_screen import IncomingScreen

    docs = sample_documents(env)
    screen = IncomingScreen(env.context("head"))
    screen.resize(1400, 900)
    _settle()
    screen.select(docs["done"])
    _settle()
    env.windows.append(screen)
    return screen


def register_dialog(env):
    from client.documents.checks import Attachment
    from widgets.documents.register_dialog import RegisterDialog

    ctx = env.context("secretary")
    dialog = RegisterDialog(ctx)
    dialog.sender.setText("广州市市场监督管理局")
    dialog.doc_number.setText("穗市监〔2026〕102号")
    dialog.title.setText("关于印发《2027年市场监管领域重点工作安排》的通知")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("urgent"))
    dialog.page_count.setValue(6)
    dialog._add(Attachment("重点工作安排.pdf", notice_pdf("2027年市场监管领域重点工作安排")))
    _settle()
    env.windows.append(dialog)
    return dialog


def instruct_dialog(env):
    from client.documents import queries as dq
    from widgets.documents.step_dialogs import InstructDialog

    docs = sample_documents(env)
    ctx = env.context("head")
    detail = _ask(ctx, dq.document_detail, ctx.principal, docs["waiting"])
    dialog = InstructDialog(ctx, detail, "批示")
    _settle()
    dialog.opinion.setPlainText("请赵敏、孙立军牵头办理，节前完成全部检查并报结果")
    for inspector in ("inspector", "inspector2"):
        dialog.people.check(env.context(inspector).principal.user_id)
    env.windows.append(dialog)
    return dialog


def outgoing_screen(env):
    from widgets.documents.document_screen import OutgoingScreen

    docs = sample_documents(env)
    screen = OutgoingScreen(env.context("secretary"))
    screen.resize(1400, 900)
    _settle()
    screen.select(docs["sent"])
    _settle()
    env.windows.append(screen)
    return screen


def sign_dialog(env):
    from client.documents import queries as dq
    from widgets.documents.step_dialogs import SignDialog

    docs = sample_documents(env)
    ctx = env.context("head")
    detail = _ask(ctx, dq.document_detail, ctx.principal, docs["signing"])
    dialog = SignDialog(ctx, detail, "签发")
    _settle()
    env.windows.append(dialog)
    return dialog


def document_pdf(env):
    """The distributed sample printed in the GB/T 9704 layout, as the print preview shows it."""
    from client.documents import queries as dq
    from widgets.common.pdf_dialog import PdfPreviewDialog

    docs = sample_documents(env)
    ctx = env.context("secretary")
    pdf = _ask(ctx, dq.outgoing_pdf, ctx.principal, docs["sent"])
    dialog = PdfPreviewDialog(pdf, title="公文", suggested_name="document.pdf")
    dialog.resize(820, 1000)
    return dialog


def processing_sheet(env):
    from client.documents import queries as dq
    from widgets.common.pdf_dialog import PdfPreviewDialog

    docs = sample_documents(env)
    ctx = env.context("head")
    pdf = _ask(ctx, dq.processing_sheet_pdf, ctx.principal, docs["done"])
    dialog = PdfPreviewDialog(pdf, title="收文处理单", suggested_name="sheet.pdf")
    dialog.resize(820, 1000)
    return dialog


#: what the office received and sent over the year before the samples (the statistics' shot)
HISTORY_IN = ("关于开展{}专项检查的通知", "关于做好{}工作的通知", "关于商请协助核查{}有关情况的函",
              "关于{}工作情况的通报")
HISTORY_OUT = ("关于{}工作情况的报告", "关于开展{}专项检查的请示", "关于做好{}工作的通知")
HISTORY_TOPICS = ("春节期间食品安全", "消费者权益保护", "计量器具", "特种设备安全", "网络交易监管", "广告监测",
                  "价格监督检查", "年度报告公示", "农资市场", "校园周边食品安全", "电梯安全", "商标保护")


def year_history(env) -> None:
    """The office's documents of this year's earlier months, each step taken at its own past time
    (hours to days apart, from a fixed seed), so the statistics have months and step times to
    show. Made once per demo database."""
    import datetime as dt
    import random

    from client.documents import queries as dq
    from client.documents.checks import Draft, Incoming
    from client.documents.commands import InstructIncoming, SignOutgoing, draft_command, register_command
    from client.flows.commands import ApproveTask
    from client.kernel.clock import CHINA_TZ, beijing_today
    from client.kernel.types import new_id

    head = env.context("head")
    marker = HISTORY_IN[0].format(HISTORY_TOPICS[0])
    if _ask(head, dq.document_list, head.principal, dq.DocumentFilter(direction="in", words=marker)).total:
        return
    secretary, clerk, reviewer = env.context("secretary"), env.context("clerk"), env.context("reviewer")
    rng, today = random.Random(2026), beijing_today()

    def step(ctx, doc_id, when, opinion="同意"):
        d = _detail(ctx, doc_id)
        _send(ctx, ApproveTask(user_id=ctx.principal.user_id, task_id=d.my_task_id, base_version=d.my_task_version,
                               opinion=opinion, issued_at=when))

    def later(when, low, high):  # a few working hours to days on
        return when + dt.timedelta(minutes=rng.randint(low, high))

    n = 0
    for month in range(1, today.month):
        for _ in range(rng.randint(2, 4)):
            n += 1
            when = dt.datetime(today.year, month, rng.randint(1, 27), 9, rng.randint(0, 59), tzinfo=CHINA_TZ)
            title = rng.choice(HISTORY_IN).format(HISTORY_TOPICS[n % len(HISTORY_TOPICS)])
            cmd = register_command(Incoming(sender="广州市市场监督管理局", doc_number=f"穗市监〔{today.year}〕{n}号",
                                            title=title, received_on=when.date(), page_count=2),
                                   document_id=new_id(), today=when.date(), user_id=secretary.principal.user_id,
                                   issued_at=when)
            _send(secretary, cmd)
            when = later(when, 30, 300)
            step(secretary, cmd.document_id, when, "拟请所长阅示")
            when = later(when, 60, 1800)
            d = _detail(head, cmd.document_id)
            read_only = rng.random() < 0.3
            _send(head, InstructIncoming(
                user_id=head.principal.user_id, document_id=cmd.document_id, task_id=d.my_task_id,
                base_version=d.my_task_version, opinion="阅知" if read_only else "请按要求办理",
                undertakers=() if read_only else (rng.choice((clerk, reviewer)).principal.user_id,), issued_at=when))
            if not read_only:
                who = next(c for c in (clerk, reviewer) if _detail(c, cmd.document_id).my_task_id)
                step(who, cmd.document_id, later(when, 240, 4800), "已办理")
        if rng.random() < 0.7:
            when = dt.datetime(today.year, month, rng.randint(1, 25), 10, 0, tzinfo=CHINA_TZ)
            title = rng.choice(HISTORY_OUT).format(HISTORY_TOPICS[(n + 5) % len(HISTORY_TOPICS)])
            cmd = draft_command(Draft(title=title, body="各科室：\n现将有关事项通知如下。\n一、工作要求\n按时完成。",
                                      main_to=[{"code": None, "name": "天河分局"}]),
                                document_id=new_id(), user_id=clerk.principal.user_id, issued_at=when)
            _send(clerk, cmd)
            when = later(when, 20, 120)
            step(clerk, cmd.document_id, when, "请审核")
            when = later(when, 60, 900)
            step(reviewer, cmd.document_id, when, "核稿无误")
            when = later(when, 60, 1500)
            d = _detail(head, cmd.document_id)
            _send(head, SignOutgoing(user_id=head.principal.user_id, document_id=cmd.document_id, task_id=d.my_task_id,
                                     base_version=d.my_task_version, approve=True, opinion="同意", issued_at=when))
            for _ in range(3):  # 编号, 用印, 分发
                when = later(when, 10, 240)
                step(secretary, cmd.document_id, when)


def stats_screen(env):
    from widgets.documents.stats_screen import DocumentStatsScreen

    year_history(env)
    sample_documents(env)
    screen = DocumentStatsScreen(env.context("head"))
    screen.resize(1400, 900)
    _settle()
    env.windows.append(screen)
    return screen


SHOTS = [
    ("documents-incoming.png", incoming_screen),
    ("documents-register.png", register_dialog),
    ("documents-instruct.png", instruct_dialog),
    ("documents-outgoing.png", outgoing_screen),
    ("documents-sign.png", sign_dialog),
    ("documents-pdf.png", document_pdf),
    ("documents-processing-sheet.png", processing_sheet),
    ("documents-statistics.png", stats_screen),
]
