"""Whose card is in the reader, and may it be accepted: a headline in the verdict's colour, the
enterprise the card belongs to, the card's number and state, and what to do."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

OK_COLOUR, BAD_COLOUR, NEUTRAL = "#1E8E3E", "#C62828", "#5B6573"


class VerdictPanel(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cardVerdictPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.headline = QLabel(objectName="cardVerdictHeadline")
        self.headline.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.message = QLabel(objectName="cardVerdictMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, title in (("name", self.tr("Enterprise")), ("uscc", self.tr("Credit code")),
                           ("legal_rep", self.tr("Legal representative")), ("entity_state", self.tr("Entity state")),
                           ("card_no", self.tr("Card no.")), ("serial", self.tr("Chip serial")),
                           ("generation", self.tr("Card generation")), ("card_state", self.tr("Card state"))):
            label = QLabel("—", objectName=f"cardVerdict_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = label
            form.addRow(self.tr("%1:").replace("%1", title), label)
        layout.addWidget(self.headline)
        layout.addWidget(self.message)
        layout.addLayout(form)
        self.show_waiting()

    def show_waiting(self, text: str | None = None) -> None:
        self._headline(text or self.tr("Insert a card into the reader"), NEUTRAL)
        self.message.clear()
        for label in self.values.values():
            label.setText("—")

    def show_reading(self) -> None:
        self._headline(self.tr("Reading the card…"), NEUTRAL)

    def show_error(self, text: str) -> None:
        self._headline(self.tr("The card could not be read"), BAD_COLOUR)
        self.message.setText(text)

    def show_verdict(self, verdict) -> None:
        """`verdict`: client.cards.verdict.CardVerdict."""
        self._headline(verdict.label, OK_COLOUR if verdict.ok else BAD_COLOUR)
        self.message.setText(verdict.message)
        entity, card = verdict.entity, verdict.card
        values = {
            "name": entity.name if entity else "—",
            "uscc": entity.credit_code if entity else "—",
            "legal_rep": entity.legal_rep if entity else "—",
            "entity_state": (entity.state_label + (self.tr(" (as the card says)") if entity.from_card else ""))
            if entity else "—",
            "card_no": card.card_no_text if card else "—",
            "serial": verdict.serial or "—",
            "generation": str(verdict.generation) if verdict.generation else "—",
            "card_state": card.state_label if card else "—",
        }
        for key, text in values.items():
            self.values[key].setText(text)

    def headline_text(self) -> str:
        return self.headline.text()

    def _headline(self, text: str, colour: str) -> None:
        self.headline.setText(text)
        self.headline.setStyleSheet(f"font-size: 18px; font-weight: bold; color: {colour};")
