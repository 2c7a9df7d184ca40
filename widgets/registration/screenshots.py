"""Screenshots of the registration screens (listed in widgets/screenshots.py).

The screens read in the background: a builder that needs what a screen has read waits for it
(`_until`), and the sample data goes in through the screens' own operations."""
from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QWidget

COMPANY = {
    "kind_code": "1130",
    "name": "广州市天河区瑞澜贸易有限公司",
    "legal_rep": "张晓明",
    "legal_rep_id_no": "11010519491231002X",
    "address": "广州市天河区天河路385号1201室",
    "capital_wan": "500",
    "business_scope": "日用百货销售；五金产品零售；电子产品销售；互联网销售（除销售需要许可的商品）",
}


def _until(condition, timeout_s: float = 20.0) -> None:
    """Run the event loop until `condition()` holds (background reads report by signal)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not finish reading")
        QApplication.processEvents()
        time.sleep(0.01)


def _apply(ctx, command):
    """Run a command through the context's serial writer and wait for its outcome."""
    from PySide6.QtCore import QObject

    owner, answer = QObject(), []
    ctx.ops.write(command, owner=owner, done=answer.append, failed=answer.append)
    _until(lambda: bool(answer))
    if isinstance(answer[0], BaseException) or not answer[0].ok:
        raise RuntimeError(f"sample data refused: {answer[0]}")
    return answer[0]


def search(env) -> QWidget:
    """The register of the whole city, sorted by name (pinyin)."""
    from widgets.registration.register_screen import RegisterScreen

    w = RegisterScreen(env.context("city"))
    w.resize(1360, 760)
    return w


def detail(env) -> QWidget:
    from client.kernel.lifecycle import EntityState
    from widgets.registration.register_screen import RegisterScreen

    w = RegisterScreen(env.context("clerk"))
    w.resize(1200, 760)
    model = w.search.model
    _until(lambda: model.counted and model.settled)
    # the first active company of the office: every action is open to it
    for i in range(model.rowCount()):
        row = model.entity_row(i)
        if row is None:  # a page not read yet
            _until(lambda i=i: model.entity_row(i) is not None)
            row = model.entity_row(i)
        if row.state == EntityState.ACTIVE.code and not row.kind_code.startswith("9"):
            detail = w.open_entity(row.id)
            _until(lambda: detail.detail is not None)
            break
    return w


def form_with_message(env) -> QWidget:
    """The establishment form half filled, with the messages a clerk would see."""
    from widgets.registration.application_form import ApplicationForm

    f = ApplicationForm(env.context("clerk"))
    f.resize(900, 820)
    for key, value in COMPANY.items():
        if key != "kind_code":
            f.fields[key].set_text(value)
    f.fields["legal_rep_id_no"].set_text("110105194912310021")  # wrong check character
    f.fields["legal_rep_id_no"].committed.emit()
    f.fields["capital_wan"].set_text("500000000")  # 万元 typed as 元
    f.fields["capital_wan"].committed.emit()
    f.fields["address"].setFocus()
    return f


def review_queue(env) -> QWidget:
    from client.kernel.types import new_id
    from client.registration.commands import SubmitChange, SubmitEstablishment
    from client.registration.register_list import RegisterList
    from client.registration.search import EntityFilter
    from widgets.registration.review_queue import ReviewQueueWidget

    clerk = env.context("clerk")
    _apply(clerk, SubmitEstablishment(user_id=clerk.principal.user_id, application_id=new_id(), items=COMPANY))
    active = RegisterList(clerk.principal, EntityFilter(states=("active",)), "name")
    rows = clerk.reads.run(active.page, 0, 2)
    for row, address in zip(rows, ("广州市天河区体育西路191号中石化大厦B座2001", "广州市天河区珠江新城华夏路8号")):
        _apply(clerk, SubmitChange(user_id=clerk.principal.user_id, application_id=new_id(),
                                   entity_id=row.id, base_version=row.version, items={"address": address}))
    q = ReviewQueueWidget(env.context("reviewer"))
    q.resize(1300, 640)
    _until(lambda: not q.loading)
    q.select_row(0)
    return q


def licence(env) -> QWidget:
    from client.kernel.types import new_id
    from client.registration.commands import ApproveApplication, SubmitEstablishment
    from widgets.registration.licence_dialog import LicenceDialog

    clerk, reviewer = env.context("clerk"), env.context("reviewer")
    out = _apply(clerk, SubmitEstablishment(user_id=clerk.principal.user_id, application_id=new_id(),
                                            items={**COMPANY, "name": "广州市天河区翎澄商贸有限公司"}))
    out = _apply(reviewer, ApproveApplication(user_id=reviewer.principal.user_id,
                                              application_id=out.result["subject_id"], base_version=1))
    dialog = LicenceDialog(reviewer, out.result["entity_id"])
    dialog.resize(1100, 700)
    _until(lambda: dialog.data is not None and not dialog.rendering)
    return dialog


SHOTS = [
    ("registration-search.png", search),
    ("registration-detail.png", detail),
    ("registration-form.png", form_with_message),
    ("registration-review.png", review_queue),
    ("registration-licence.png", licence),
]
