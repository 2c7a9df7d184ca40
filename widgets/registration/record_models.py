"""The registration screens' short tables: the review queue, an entity's applications and history."""
from __future__ import annotations

from client.registration.rules import ApplicationKind, ApplicationState
from widgets.common import formatting as fmt
from widgets.common.record_models import Column, RecordTableModel


def application_kind_text(code: str) -> str:
    return ApplicationKind.label_of(code)


def application_state_text(code: str) -> str:
    return ApplicationState.label_of(code)


class ApplicationQueueModel(RecordTableModel):
    """The reviewer's queue: client.registration.queries.ApplicationRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Acceptance no."), lambda a: fmt.number_text(a.app_no)),
            (self.tr("Kind"), lambda a: application_kind_text(a.kind)),
            (self.tr("Name"), lambda a: a.title),
            (self.tr("Accepted by"), lambda a: a.submitted_by_name),
            (self.tr("Accepted at"), lambda a: fmt.datetime_text(a.submitted_at)),
            (self.tr("Office"), lambda a: fmt.office_name(a.office_code)),
        ]

    def row_of(self, application_id: str) -> int | None:
        return next((i for i, a in enumerate(self._records) if a.id == application_id), None)


class EntityApplicationsModel(RecordTableModel):
    """Every application an entity has had: ApplicationRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Acceptance no."), lambda a: fmt.number_text(a.app_no)),
            (self.tr("Kind"), lambda a: application_kind_text(a.kind)),
            (self.tr("State"), lambda a: application_state_text(a.state)),
            (self.tr("Date"), lambda a: fmt.datetime_text(a.decided_at or a.submitted_at)),
            (self.tr("Handled by"), lambda a: _handlers(a)),
        ]


def _handlers(app) -> str:
    names = [app.submitted_by_name]
    if app.decided_by_name:
        names.append(app.decided_by_name)
    return " / ".join(n for n in names if n)


class EntityEventsModel(RecordTableModel):
    """An entity's history: client.registration.search.EventRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Time"), lambda e: fmt.datetime_text(e.occurred_at)),
            (self.tr("Event"), lambda e: e.summary),
        ]
