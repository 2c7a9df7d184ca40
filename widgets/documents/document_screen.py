"""收文 and 发文: a unit's documents of one direction, searched by title words, number, sender,
date and state (or only the overdue), newest first a page at a time; the document selected
below — its facts, its text or scans, the trail of every step with who wrote what and when,
the draft's revisions, where it came from or went — with the reader's own step on it.

What the reader may do follows the flow: the detail says which task of the document's flow is
the reader's (`my_node`), and that step's button is offered (拟办, 批示, 承办, 送审, 核稿, 会签,
签发, 编号, 用印, 分发: step_dialogs.py), besides 修改文稿 while the reader holds the draft,
查看流程 (the flow drawn, and the engine's other actions: 退回, 加签, 撤回) and the printed
document or 收文处理单. Opening a classified document is told to the centre, which audits it.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHeaderView, QLabel, QLineEdit, QPushButton, QWidget

from client.documents import flows as dflows
from client.documents import queries as dq
from client.documents.commands import OpenDocument
from client.documents.rules import Direction, IncomingState, OutgoingState
from client.kernel.clock import beijing_today
from client.kernel.roles import Role
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common import formatting as fmt
from widgets.common.detail_pane import MUTED, DetailPane, InfoGrid, group_box, rich_text, state_html
from widgets.common.ledger import LedgerScreen
from widgets.common.material_preview import MaterialDialog, size_text
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tables import fill_table, make_table
from widgets.common.tasks import failure_text


RED, GREEN, AMBER, GREY = "#C62828", "#1B5E20", "#B26A00", "#616161"
DONE_STATES = {IncomingState.DONE.code, OutgoingState.DISTRIBUTED.code}
STOPPED_STATES = {IncomingState.CLOSED.code, OutgoingState.REFUSED.code}


def state_colour(state: str) -> str:
    if state == IncomingState.RECALLED.code:  # nothing went wrong: nothing is asked any more
        return GREY
    return GREEN if state in DONE_STATES else RED if state in STOPPED_STATES else AMBER


class DocumentsModel(RecordTableModel):
    def __init__(self, direction: str, parent=None):
        self.direction = direction
        super().__init__(parent)

    def columns(self) -> list[Column]:
        incoming = self.direction == Direction.INCOMING.code
        return [
            (self.tr("Number"), lambda d: d.doc_number),
            (self.tr("Title"), lambda d: d.title),
            (self.tr("Sender") if incoming else self.tr("Issued by"), lambda d: d.sender),
            (self.tr("Classification"), lambda d: d.classification_text),
            (self.tr("Urgency"), lambda d: d.urgency_label if d.urgency != "normal" else ""),
            (self.tr("Received") if incoming else self.tr("Date"), lambda d: fmt.date_text(d.day)),
            (self.tr("State"), lambda d: d.state_label),
            (self.tr("Due"), lambda d: fmt.date_text(d.due_on) if d.due_on else ""),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < self.rowCount() and role == Qt.ItemDataRole.ForegroundRole:
            d = self.record(index.row())
            if index.column() == 6:
                return QColor(state_colour(d.state))
            if index.column() == 7 and d.overdue:
                return QColor(RED)
            if index.column() in (3, 4) and (d.classification != "none" or d.urgency != "normal"):
                return QColor(RED)
        return super().data(index, role)


class DocumentPane(DetailPane):
    """One document: heading and actions, its facts, text or scans, trail, revisions and links."""

    def __init__(self, screen: "DocumentScreen"):
        super().__init__("detailSubline")
        self.screen = screen
        self.step_button = QPushButton(objectName="primaryButton")
        self.revise_button = QPushButton(self.tr("Revise draft…"), objectName="docRevise")
        self.supervise_button = QPushButton(self.tr("Supervise…"), objectName="docSupervise")
        self.flow_button = QPushButton(self.tr("Flow…"), objectName="docFlow")
        self.print_button = QPushButton(objectName="docPrint")
        self.facts = InfoGrid()
        self.facts_box = group_box(self.tr("Document"), self.facts)
        self.body = rich_text("docBody")
        self.body_box = group_box(self.tr("Text"), self.body)
        self.attachments = make_table([self.tr("File"), self.tr("Size"), "SHA-256"], "docAttachments")
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.attachments.horizontalHeader().setStretchLastSection(False)
        self.attachments.setCursor(Qt.CursorShape.PointingHandCursor)
        self.attachments_box = group_box(self.tr("Attachments (click one to view it)"), self.attachments)
        self.trail = rich_text("docTrail")
        self.trail_box = group_box(self.tr("Handling"), self.trail)
        # a 会签件/承办件: what was decided on the original before it came here (its 拟办, 批示)
        self.original_trail = rich_text("docOriginalTrail")
        self.original_trail_box = group_box(self.tr("Handling of the original"), self.original_trail)
        self.revisions = rich_text("docRevisions")
        self.revisions_box = group_box(self.tr("Revisions"), self.revisions)
        self.links = rich_text("docLinks")
        self.links_box = group_box(self.tr("Distribution"), self.links)
        self.lay_out(self.tr("Select a document to see it here."),
                     [self.step_button, self.revise_button, self.supervise_button, self.flow_button,
                      self.print_button],
                     [self.facts_box, self.body_box, self.attachments_box],
                     [self.original_trail_box, self.trail_box, self.revisions_box, self.links_box])
        self.show_detail(None)

    def show_detail(self, d: dq.DocumentDetail | None) -> None:
        self.set_shown(d is not None)
        if d is None:
            return
        parts = [d.doc_number, state_html(d.state_label, state_colour(d.state))]
        if d.classification_text:
            parts.append(state_html(d.classification_text, RED))
        if d.urgency != "normal":
            parts.append(state_html(d.urgency_label, RED))
        self.set_heading(d.title, parts)
        incoming = d.direction == Direction.INCOMING.code
        rows = []
        if incoming:
            rows += [("sender", self.tr("Sender"), d.sender), ("number", self.tr("Number"), d.doc_number),
                     ("received", self.tr("Received"), fmt.date_text(d.received_on)),
                     ("pages", self.tr("Pages"), str(d.page_count or ""))]
        else:
            rows += [("sender", self.tr("Issued by"), d.sender),
                     ("main_to", self.tr("To"), "、".join(u["name"] for u in d.main_to)),
                     ("copy_to", self.tr("Copy to"), "、".join(u["name"] for u in d.copy_to) or "—"),
                     ("signer", self.tr("Signed by"),
                      f"{d.signer}（{fmt.date_text(d.signed_on)}）" if d.signer else self.tr("Not signed yet")),
                     ("sealed", self.tr("Seal"), self.tr("Sealed") if d.sealed else self.tr("Not sealed yet"))]
            if d.attachment_names:
                rows.append(("attachment_names", self.tr("Attachments"), "；".join(d.attachment_names)))
        rows += [("kind", self.tr("Document type"), d.kind_label),
                 ("classification", self.tr("Classification"), d.classification_text or self.tr("Ordinary")),
                 ("urgency", self.tr("Urgency"), d.urgency_label)]
        if d.related:
            rows.append(("related", self.tr("Related"), "、".join(d.related)))
        rows.append(("created", self.tr("Registered by") if incoming else self.tr("Drafted by"),
                     f"{d.created_by} {fmt.datetime_text(d.created_at)}"))
        self.facts.set_rows(rows)
        # an outgoing draft's text, and a 会签件's (the text asked to be agreed)
        self.body_box.setVisible(bool(d.body))
        if d.body:
            self.body.setText("".join(f"<p style='margin:0 0 6px 0'>{_html(line)}</p>"
                                      for line in (d.body or "").splitlines()))
        self.attachments_box.setVisible(incoming or bool(d.attachments))
        fill_table(self.attachments, [(a.filename, size_text(a.size), a.sha256[:16] + "…") for a in d.attachments])
        self.trail.setText(self._trail_html(d))
        self.original_trail_box.setVisible(bool(d.original_trail))
        self.original_trail.setText("<br>".join(
            f"<b>{s.step}</b> {_html(s.by)} {s.decision}"
            f" <span style='color:{MUTED}'>{fmt.datetime_text(s.decided_at) if s.decided_at else ''}</span>"
            + (f"<br>&nbsp;&nbsp;{_html(s.opinion)}" if s.opinion else "") for s in d.original_trail))
        self.revisions_box.setVisible(not incoming)
        draft = self.tr("Draft %1")
        self.revisions.setText("<br>".join(
            f"<b>{draft.replace('%1', str(r.seq))}</b> {r.author}（{r.step}）"
            f" <span style='color:{MUTED}'>{fmt.datetime_text(r.made_at)}</span>"
            + (f"<br>&nbsp;&nbsp;{_html(r.note)}" if r.note else "") for r in d.revisions))
        links = []
        if d.source is not None:
            links.append(self.tr("Sent by %1 as %2 (%3)").replace("%1", d.source.unit)
                         .replace("%2", d.source.doc_number).replace("%3", d.source.state_label))
        for target in d.distributed_to:
            links.append(f"{target.unit}：{target.state_label}")
        self.links_box.setVisible(bool(links))
        self.links.setText("<br>".join(_html(x) for x in links))

    def _done_label(self, node: str) -> str | None:
        """What an approval at a step means, said as the step says it (承办 李晓梅 已办理)."""
        return {dflows.PROPOSE: self.tr("proposed"), dflows.INSTRUCT: self.tr("instructed"),
                dflows.UNDERTAKE: self.tr("handled"), dflows.DRAFT: self.tr("submitted"),
                dflows.SIGN: self.tr("signed"), dflows.NUMBER: self.tr("numbered"), dflows.SEAL: self.tr("sealed"),
                dflows.DISTRIBUTE: self.tr("distributed")}.get(node)

    def _trail_html(self, d: dq.DocumentDetail) -> str:
        lines = []
        # a step someone else took for the holders of a role (one of them acts for all) is no
        # part of what happened to the document
        for t in (t for t in d.trail if t.state != "closed"):
            who = t.actor or t.assignee
            if t.actor and t.actor != t.assignee:
                who = self.tr("%1 for %2").replace("%1", t.actor).replace("%2", t.assignee)
            when = fmt.datetime_text(t.decided_at) if t.decided_at else (
                self.tr("due %1").replace("%1", fmt.date_text(t.due_on)) if t.due_on else "")
            colour = AMBER if t.state == "open" else RED if t.state in ("refused", "returned") else GREEN \
                if t.state == "approved" else MUTED
            label = (self._done_label(t.node_key) if t.state == "approved" else None) or t.state_label
            line = (f"<b>{t.node_title}</b> {who} <span style='color:{colour}'>{label}</span>"
                    f" <span style='color:{MUTED}'>{when}</span>")
            if t.opinion:
                line += f"<br>&nbsp;&nbsp;{_html(t.opinion)}"
            if t.supervise_note:
                line += f"<br>&nbsp;&nbsp;<span style='color:{RED}'>{self.tr('Supervision')}：{_html(t.supervise_note)}</span>"
            lines.append(line)
        return "<br>".join(lines) or self.tr("No steps yet")


def _html(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class DocumentScreen(LedgerScreen):
    """The list and pane of one direction (`DIRECTION`); the subclasses say what is new."""

    CHANGES = {"documents", "flows"}
    STRETCH = 1
    WIDTHS = ((0, 220), (2, 200), (3, 90), (4, 60), (5, 96), (6, 80), (7, 96))
    DIRECTION = Direction.INCOMING.code
    detail_query = staticmethod(dq.document_detail)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.detail: dq.DocumentDetail | None = None
        self.page: dq.DocumentPage | None = None
        self.attachment_dialog: MaterialDialog | None = None
        self._opened: set[str] = set()  # classified documents whose opening was told this session
        self.start()

    # --- the ledger's parts ---------------------------------------------------------------------

    def search_placeholder(self) -> str:
        return self.tr("Words of the title")

    def states(self) -> list:
        return list(IncomingState if self.DIRECTION == Direction.INCOMING.code else OutgoingState)

    def filter_widgets(self) -> list[QWidget]:
        p = self.PREFIX
        self.number_filter = QLineEdit(objectName=f"{p}Number")
        self.number_filter.setPlaceholderText(self.tr("Number"))
        self.number_filter.setMaximumWidth(170)
        self.sender_filter = QLineEdit(objectName=f"{p}Sender")
        self.sender_filter.setPlaceholderText(self.tr("Sender"))
        self.sender_filter.setMaximumWidth(150)
        self.sender_filter.setVisible(self.DIRECTION == Direction.INCOMING.code)
        for edit in (self.number_filter, self.sender_filter):
            edit.returnPressed.connect(self.search)
        self.date_filter = QCheckBox(self.tr("From"), objectName=f"{p}DateFilter")
        today = dates.today()
        self.date_from = QDateEdit(today.addMonths(-1), objectName=f"{p}DateFrom")
        self.date_to = QDateEdit(today, objectName=f"{p}DateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            self.date_filter.toggled.connect(edit.setEnabled)
        self.overdue_filter = QCheckBox(self.tr("Overdue only"), objectName=f"{p}Overdue")
        self.overdue_filter.toggled.connect(self.search)
        return [self.number_filter, self.sender_filter, self.date_filter, self.date_from, QLabel("–"),
                self.date_to, self.overdue_filter]

    def make_model(self) -> DocumentsModel:
        return DocumentsModel(self.DIRECTION, self)

    def make_pane(self) -> DocumentPane:
        p = DocumentPane(self)
        p.step_button.clicked.connect(self.take_step)
        p.revise_button.clicked.connect(self.revise)
        p.flow_button.clicked.connect(self.show_flow)
        p.supervise_button.clicked.connect(self.supervise)
        p.print_button.clicked.connect(self.print_document)
        p.attachments.cellClicked.connect(lambda row, _col: self.show_attachment(row))
        return p

    def row_id(self, row: dq.DocumentRow) -> str:
        return row.document_id

    def count_text(self, count: int) -> str:
        total = self.page.total if self.page is not None else count
        if total > count:
            return self.tr("%1 documents, the newest %2 shown").replace("%1", str(total)).replace("%2", str(count))
        return self.tr("%1 documents").replace("%1", str(total))

    # --- reads ----------------------------------------------------------------------------------

    def document_filter(self) -> dq.DocumentFilter:
        return dq.DocumentFilter(
            direction=self.DIRECTION, words=self.search_box.text().strip(), number=self.number_filter.text(),
            sender=self.sender_filter.text(), state=self.state_filter.currentData(),
            date_from=dates.to_date(self.date_from.date()) if self.date_filter.isChecked() else None,
            date_to=dates.to_date(self.date_to.date()) if self.date_filter.isChecked() else None,
            overdue_only=self.overdue_filter.isChecked())

    def search(self) -> None:
        self._list_token += 1
        token = self._list_token
        self._read(dq.document_list, self.ctx.principal, self.document_filter(),
                   done=lambda page: self._show_page(page) if token == self._list_token else None)

    def _show_page(self, page: dq.DocumentPage) -> None:
        self.page = page
        self._show_rows(page.rows)

    def select(self, document_id: str) -> None:
        self.select_row(document_id)
        super().select(document_id)

    def _show_detail(self, detail) -> None:
        super()._show_detail(detail)
        if detail is not None and detail.classified and detail.document_id not in self._opened:
            # the centre's audit log keeps every opening of a classified document
            self._opened.add(detail.document_id)
            self.ctx.ops.write(OpenDocument(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                            document_id=detail.document_id), owner=self, done=lambda _o: None)

    # --- what the reader may do -----------------------------------------------------------------

    def step_title(self, node: str | None) -> str:
        if node == dflows.HANDLE:  # a 会签件 or 承办件 from another office
            d = self.detail
            return self.tr("Countersign") if d is not None and d.handoff == "cosign" else self.tr("Report handling")
        return {dflows.PROPOSE: self.tr("Propose"), dflows.INSTRUCT: self.tr("Instruct"),
                dflows.UNDERTAKE: self.tr("Report handling"), dflows.DRAFT: self.tr("Submit for review"),
                dflows.REVIEW: self.tr("Review"), dflows.COSIGN: self.tr("Countersign"),
                dflows.SIGN: self.tr("Sign"), dflows.NUMBER: self.tr("Assign number"), dflows.SEAL: self.tr("Seal"),
                dflows.DISTRIBUTE: self.tr("Distribute")}.get(node or "", node or "")

    def _update_buttons(self) -> None:
        p, d = self.pane, self.detail
        node = d.my_node if d is not None else None
        p.step_button.setVisible(bool(node))
        if node:
            p.step_button.setText(self.step_title(node) + "…")
        p.revise_button.setVisible(d is not None and d.may_revise)
        p.supervise_button.setVisible(self.overdue_step() is not None)
        p.flow_button.setEnabled(d is not None and d.instance_id is not None)
        p.print_button.setVisible(d is not None)
        p.print_button.setText(self.print_text())

    def print_text(self) -> str:
        raise NotImplementedError

    def overdue_step(self) -> dq.TrailStep | None:
        """The step a head may 督办 here: someone else's open step past its deadline."""
        d = self.detail
        if d is None or not self.ctx.principal.has(Role.OFFICE_HEAD):
            return None
        today = beijing_today()
        late = [t for t in d.trail if t.state == "open" and t.due_on and t.due_on < today
                and t.node_key != d.my_node]
        return min(late, key=lambda t: t.due_on) if late else None

    def supervise(self):
        """督办 through the engine (the flows area's dialog): a note and a new deadline."""
        from types import SimpleNamespace

        from widgets.flows.step_dialogs import SuperviseDialog

        step, d = self.overdue_step(), self.detail
        if step is None:
            return None
        item = SimpleNamespace(task_id=step.task_id, node_title=step.node_title, instance_title=d.title,
                               assignee_name=step.assignee, due_on=step.due_on)
        dialog = SuperviseDialog(self.ctx, item, self)
        dialog.sent.connect(lambda _outcome: self._applied(None))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def _applied(self, outcome) -> None:
        self.banner.show_success(self.tr("Done."), None)
        if self._selected_id:
            self.load_detail(self._selected_id)
        self._refresh_timer.start()

    def take_step(self):
        from widgets.documents.step_dialogs import dialog_for

        d = self.detail
        if d is None or not d.my_node:
            return None
        return self._open(dialog_for(self.ctx, d, self.step_title(d.my_node), self))

    def revise(self):
        from widgets.documents.draft_dialog import DraftDialog

        d = self.detail
        if d is None or not d.may_revise:
            return None
        return self._open(DraftDialog(self.ctx, self, detail=d))

    def show_attachment(self, row: int) -> MaterialDialog | None:
        d = self.detail
        if d is None or not 0 <= row < len(d.attachments):
            return None
        a = d.attachments[row]
        dialog = MaterialDialog(a.filename, self)
        if self.attachment_dialog is not None:
            self.attachment_dialog.deleteLater()
        self.attachment_dialog = dialog
        self.ctx.ops.read(dq.attachment_content, self.ctx.principal, a.attachment_id, owner=dialog,
                          done=lambda content: dialog.preview.show_material(a.filename, content,
                                                                            expected_sha256=a.sha256),
                          failed=lambda exc: dialog.preview.show_error(failure_text(exc)))
        dialog.open()
        return dialog

    def print_document(self) -> None:
        raise NotImplementedError

    def _new_done(self, result: dict) -> None:
        self._selected_id = result["document_id"]
        self.state_filter.setCurrentIndex(0)
        self.refresh()


class IncomingScreen(DocumentScreen):
    PREFIX = "incoming"
    DIRECTION = Direction.INCOMING.code

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("incomingScreen")

    def new_text(self) -> str:
        return self.tr("Register a document…")

    def print_text(self) -> str:
        return self.tr("Print processing sheet…")

    def new_application(self):
        from widgets.documents.register_dialog import RegisterDialog

        dialog = RegisterDialog(self.ctx, self)
        dialog.registered.connect(self._registered)
        return self._open(dialog)

    def _registered(self, result: dict) -> None:
        self.banner.show_success(self.tr("Registered; it waits for the proposal (拟办)."), None)
        self._new_done(result)

    def print_document(self) -> None:
        d = self.detail
        if d is not None:
            self._print(dq.processing_sheet_pdf, d.document_id, self.tr("Processing sheet"),
                        f"processing_{d.document_id[:8]}.pdf", "documentPdfDialog")


class OutgoingScreen(DocumentScreen):
    PREFIX = "outgoing"
    DIRECTION = Direction.OUTGOING.code

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("outgoingScreen")

    def new_text(self) -> str:
        return self.tr("Draft a document…")

    def print_text(self) -> str:
        return self.tr("Print document…")

    def new_application(self):
        from widgets.documents.draft_dialog import DraftDialog

        dialog = DraftDialog(self.ctx, self)
        dialog.drafted.connect(self._drafted)
        return self._open(dialog)

    def _drafted(self, result: dict) -> None:
        self.banner.show_success(self.tr("Drafted; submit it for review when it is ready."), None)
        self._new_done(result)

    def print_document(self) -> None:
        d = self.detail
        if d is not None:
            self._print(dq.outgoing_pdf, d.document_id, self.tr("Official document"),
                        f"document_{(d.doc_number if d.numbered else d.document_id[:8])}.pdf", "documentPdfDialog")
