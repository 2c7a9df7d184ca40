"""拟稿, and a later hand's revision: the title, 主送 and 抄送 picked from the bureau's offices (or
typed, for bodies outside the system), the body (one paragraph a line; headings typed as
一、（一）1.（1）), the attachments' names, 密级 and urgency, and — for a new draft — the people
of other units who must 会签. A revision keeps the draft's history: who changed what at which step
(the signer is shown the differences), with a note saying why.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.documents import queries as dq
from client.documents import rules
from client.documents.checks import Draft
from client.documents.commands import draft_command, revise_command
from client.documents.rules import Classification, Urgency
from client.kernel.types import new_id
from widgets.app_context import AppContext
from widgets.common.action_dialog import ActionDialog
from widgets.documents.pickers import KindChoice, PeoplePicker, UnitPicker


def _names(text: str) -> list[str]:
    return [x.strip() for x in text.replace("；", "、").replace(";", "、").replace("，", "、").split("、") if x.strip()]


class DraftDialog(ActionDialog):
    drafted = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, detail: dq.DocumentDetail | None = None):
        title = self.tr("Revise the draft") if detail else self.tr("Draft a document")
        super().__init__(ctx, title, parent)
        self.setObjectName("documentDraftDialog")
        self.resize(1200, 820)
        self.detail = detail
        self.document_id = detail.document_id if detail else new_id()
        self.submit_button = self.add_action(self.tr("Save revision") if detail else self.tr("Save draft"),
                                             self.submit, name="draftSubmit", primary=True)
        form = self.standard_layout(title + (f"：{detail.title}" if detail else ""))
        self.title = QLineEdit(objectName="draftTitle")
        self.field("title", self.title, label=self.tr("Title"), form=form, required=True)
        self.kind = KindChoice("draftKind", self.title)
        self.field("kind", self.kind, label=self.tr("Document type"), form=form)
        units = QSplitter()
        self.main_units = UnitPicker(ctx, "draftMainTo")
        self.main_other = QLineEdit(objectName="draftMainOther")
        self.main_other.setPlaceholderText(self.tr("Other recipients, separated by 、"))
        self.copy_units = UnitPicker(ctx, "draftCopyTo")
        self.copy_other = QLineEdit(objectName="draftCopyOther")
        self.copy_other.setPlaceholderText(self.tr("Other copy recipients, separated by 、"))
        for picker, other, key in ((self.main_units, self.main_other, "main_to"), (self.copy_units, self.copy_other,
                                                                                  "copy_to")):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(picker, 1)
            column.addWidget(other)
            units.addWidget(self.field_box(key, box))
        units.setMinimumHeight(170)
        form.addRow(self.tr("To / copy to"), units)
        self.aliases.update({f"main_to.{i}": "main_to" for i in range(200)})
        self.aliases.update({f"copy_to.{i}": "copy_to" for i in range(200)})
        self.body = QPlainTextEdit(objectName="draftBody")
        self.body.setPlaceholderText(self.tr("One paragraph a line; headings as 一、 （一） 1. （1）"))
        self.body.setMinimumHeight(240)
        self.field("body", self.body, label=self.tr("Text"), form=form, required=True)
        self.attachment_names = QLineEdit(objectName="draftAttachments")
        self.attachment_names.setPlaceholderText(self.tr("Names of the attachments, separated by 、"))
        self.field("attachment_names", self.attachment_names, label=self.tr("Attachments"), form=form)
        self.aliases.update({f"attachment_names.{i}": "attachment_names" for i in range(50)})
        secrecy = QWidget()
        row = QHBoxLayout(secrecy)
        row.setContentsMargins(0, 0, 0, 0)
        self.classification = QComboBox(objectName="draftClassification")
        for c in Classification:
            self.classification.addItem(c.label, c.code)
        self.secret_years = QSpinBox(objectName="draftSecretYears")
        self.secret_years.setSuffix(self.tr(" years"))
        self.classification.currentIndexChanged.connect(self._classification_changed)
        self.urgency = QComboBox(objectName="draftUrgency")
        for u in (Urgency.NORMAL, Urgency.URGENT, Urgency.TOP):
            self.urgency.addItem(u.label, u.code)
        for w in (self.classification, self.secret_years, self.urgency):
            row.addWidget(w)
        row.addStretch(1)
        self.field("classification", secrecy, label=self.tr("Classification, urgency"), form=form)
        self.aliases.update({"secret_period": "classification", "urgency": "classification"})
        self.cosigners = None
        self.note = None
        if detail is None:
            self.cosigners = PeoplePicker(ctx, "draftCosigners", exclude_self=True)
            self.cosigners.setMinimumHeight(150)
            self.field("cosigners", self.cosigners, label=self.tr("Countersigned by"), form=form)
        else:
            self.note = QLineEdit(objectName="draftNote")
            self.note.setPlaceholderText(self.tr("What was changed, and why"))
            self.field("note", self.note, label=self.tr("Note"), form=form)
            self._fill(detail)
        self._classification_changed()
        self.title.setFocus()

    def _fill(self, d: dq.DocumentDetail) -> None:
        self.title.setText(d.title)
        self.kind.choose(d.kind)
        self.body.setPlainText(d.body or "")
        self.attachment_names.setText("、".join(d.attachment_names))
        self.classification.setCurrentIndex(self.classification.findData(d.classification))
        self.urgency.setCurrentIndex(self.urgency.findData(d.urgency))
        for picker, other, units in ((self.main_units, self.main_other, d.main_to),
                                     (self.copy_units, self.copy_other, d.copy_to)):
            other.setText("、".join(u["name"] for u in units if not u.get("code")))
        # revising: 密级 and urgency were settled when drafted (they decide who may read it)
        self.classification.setEnabled(False)
        self.urgency.setEnabled(False)
        self.secret_years.setValue(d.secret_years or 0)
        self._pending_units = {"main": {u["code"] for u in d.main_to if u.get("code")},
                               "copy": {u["code"] for u in d.copy_to if u.get("code")}}
        self.main_units.changed.connect(lambda: self._restore("main", self.main_units))
        self.copy_units.changed.connect(lambda: self._restore("copy", self.copy_units))

    def _restore(self, which: str, picker: UnitPicker) -> None:
        wanted = self._pending_units.pop(which, None)
        if wanted:
            for code in wanted:
                picker.check(code)

    def _classification_changed(self, *_args) -> None:
        code = self.classification.currentData()
        secret = code != Classification.NONE.code
        self.secret_years.setEnabled(secret and self.detail is None)
        if secret:
            self.secret_years.setRange(1, rules.SECRET_PERIOD_MAX[code])
            if self.detail is None:
                self.secret_years.setValue(rules.SECRET_PERIOD_MAX[code])
        else:
            self.secret_years.setRange(0, 0)

    def _units(self, picker: UnitPicker, other: QLineEdit) -> list[dict]:
        return ([{"code": code, "name": picker.units.get(code, code)} for code in picker.checked()]
                + [{"code": None, "name": name} for name in _names(other.text())])

    def draft(self) -> Draft:
        secret = self.classification.currentData() != Classification.NONE.code
        return Draft(title=self.title.text(), body=self.body.toPlainText(),
                     main_to=self._units(self.main_units, self.main_other),
                     copy_to=self._units(self.copy_units, self.copy_other),
                     attachment_names=_names(self.attachment_names.text()),
                     classification=self.classification.currentData(),
                     secret_years=self.secret_years.value() if secret else None, urgency=self.urgency.currentData(),
                     kind=self.kind.currentData())

    def submit(self) -> None:
        envelope = {"user_id": self.ctx.principal.user_id, "device_id": self.ctx.device_id}
        if self.detail is None:
            self.send(lambda: draft_command(self.draft(), document_id=self.document_id,
                                            cosigners=tuple(self.cosigners.checked()), **envelope))
        else:
            self.send(lambda: revise_command(self.draft(), document_id=self.document_id,
                                             base_version=self.detail.version,
                                             note=self.note.text().strip() or None, **envelope))

    def answered(self, outcome) -> None:
        if outcome.ok:
            self.drafted.emit({"document_id": self.document_id})
        super().answered(outcome)
