"""reportlab is not thread-safe (client/kernel/pdf_lock.py): documents drawn from many threads at
once — as the centre's worker threads serve prints, and a workstation's read pool renders
previews — are drawn one at a time, and each comes out whole."""
from __future__ import annotations

import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from reportlab.pdfgen.canvas import Canvas

from client.documents.printing import outgoing_print
from client.registration.calibration import render_calibration
from tests.tools import require_tool
from tests.unit.test_document_printing import outgoing


@pytest.fixture
def drawing(monkeypatch):
    """How many reportlab documents are open (made and not yet saved) at once, at most."""
    state = {"open": 0, "most": 0}
    guard = threading.Lock()
    made, saved = Canvas.__init__, Canvas.save

    def init(self, *args, **kwargs):
        with guard:
            state["open"] += 1
            state["most"] = max(state["most"], state["open"])
        made(self, *args, **kwargs)

    def save(self):
        saved(self)
        with guard:
            state["open"] -= 1

    monkeypatch.setattr(Canvas, "__init__", init)
    monkeypatch.setattr(Canvas, "save", save)
    return state


def test_documents_asked_from_eight_threads_are_drawn_one_at_a_time_and_whole(drawing, tmp_path):
    require_tool("pdftotext", "poppler-utils")
    jobs = [lambda n=n: outgoing_print(outgoing(title=f"关于第{n}批年报工作的通知")) for n in range(6)]
    jobs += [lambda: render_calibration("original"), lambda: render_calibration("duplicate")]
    start = threading.Barrier(len(jobs))

    def run(job):
        start.wait()
        return job()

    with ThreadPoolExecutor(len(jobs)) as pool:
        pdfs = list(pool.map(run, jobs))

    assert drawing["most"] == 1 and drawing["open"] == 0
    for n, pdf in enumerate(pdfs[:6]):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout.replace(" ", "")
        assert f"关于第{n}批年报工作的通知" in text and "穗工商天五山〔2026〕3号" in text
    assert all(pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") for pdf in pdfs)
