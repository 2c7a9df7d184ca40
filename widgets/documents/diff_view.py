"""What changed in a draft, as the signer reads it: removed text struck through in red, added
text underlined in green, unchanged lines plain (client/documents/revisions.py compares)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from client.documents import queries as dq
from client.documents.revisions import ADDED, REMOVED, SAME, compare

_STYLE = {ADDED: "color:#1B5E20;background:#E8F5E9;text-decoration:underline",
          REMOVED: "color:#C62828;background:#FDECEA;text-decoration:line-through"}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def diff_html(old: str, new: str) -> str:
    lines = []
    for change in compare(old, new):
        pieces = "".join(_escape(p.text) if p.kind == SAME else f"<span style='{_STYLE[p.kind]}'>{_escape(p.text)}</span>"
                         for p in change.pieces)
        lines.append(f"<p style='margin:0 0 4px 0'>{pieces or '&nbsp;'}</p>")
    return "".join(lines)


class RevisionDiff(QWidget):
    """Two revisions picked (the first draft and the latest by default) and what changed between."""

    def __init__(self, revisions: list[dq.RevisionView], parent: QWidget | None = None):
        super().__init__(parent)
        self.revisions = revisions
        self.older = QComboBox(objectName="diffOlder")
        self.newer = QComboBox(objectName="diffNewer")
        for box in (self.older, self.newer):
            for r in revisions:
                box.addItem(self.tr("Draft %1 · %2 (%3)").replace("%1", str(r.seq)).replace("%2", r.author)
                            .replace("%3", r.step), r.seq)
            box.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel(objectName="diffSummary")
        self.view = QTextBrowser(objectName="diffView")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Compare")))
        row.addWidget(self.older, 1)
        row.addWidget(QLabel(self.tr("with")))
        row.addWidget(self.newer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.older.blockSignals(True)
        self.older.setCurrentIndex(0)
        self.older.blockSignals(False)
        self.newer.setCurrentIndex(max(0, len(revisions) - 1))
        self.refresh()

    def _text(self, r: dq.RevisionView) -> str:
        """A revision as compared: its title, units and attachments, then its body."""
        heads = [(self.tr("Title"), r.title), (self.tr("To"), "、".join(r.main_to)),
                 (self.tr("Copy to"), "、".join(r.copy_to) or "—"), (self.tr("Attachments"), "；".join(r.attachment_names) or "—")]
        return "\n".join([f"{label}：{value}" for label, value in heads] + [""] + r.body.splitlines())

    def refresh(self) -> None:
        if not self.revisions:
            self.summary.setText(self.tr("No revisions."))
            self.view.clear()
            return
        old = self.revisions[max(0, self.older.currentIndex())]
        new = self.revisions[max(0, self.newer.currentIndex())]
        changes = compare(self._text(old), self._text(new))
        count = sum(c.kind != SAME for c in changes)
        self.summary.setText(self.tr("%1 lines changed").replace("%1", str(count)) if count
                             else self.tr("No differences."))
        self.view.setHtml(diff_html(self._text(old), self._text(new)))

    def changed_pieces(self) -> list[tuple[str, str]]:
        """(kind, text) of every added or removed piece shown (tests)."""
        old = self.revisions[self.older.currentIndex()]
        new = self.revisions[self.newer.currentIndex()]
        return [(p.kind, p.text) for c in compare(self._text(old), self._text(new)) for p in c.pieces if p.kind in (ADDED, REMOVED)]
