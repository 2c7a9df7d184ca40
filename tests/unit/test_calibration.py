"""The calibration page for pre-printed licence paper (client.registration.calibration): its marks
sit exactly where the pre-printed licence prints its fields, moved by the same offset, and the
page itself says so when read back with poppler."""
from __future__ import annotations

import re
import subprocess

import pytest

from client.registration.calibration import (
    ARM_MM,
    SCALE_BAR_MM,
    calibration_marks,
    field_name,
    render_calibration,
)
from client.registration.reports import ITEMS, field_boxes, field_values, render_licence
from tests.tools import require_tool
from tests.unit.test_licence_pdf import COMPANY, INDIVIDUAL

MM = 72 / 25.4
PAGE_MM = {"original": (420.0, 297.0), "duplicate": (297.0, 210.0)}
OFFSETS = [(0.0, 0.0), (1.5, -0.8), (-12.3, 7.0)]
DATA = {"company": COMPANY, "individual": INDIVIDUAL}


@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")


def _words(pdf: bytes, tmp_path, name: str) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in mm from the page's top-left corner."""
    path = tmp_path / name
    path.write_bytes(pdf)
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [(w, *(float(v) / MM for v in box))
            for *box, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                                      bbox)]


def _mark_of(marks, layout: str, key: str):
    found = [m for m in marks if (layout, key) in m.fields]
    assert len(found) == 1, (layout, key, found)
    return found[0]


@pytest.mark.parametrize("copy", ["original", "duplicate"])
@pytest.mark.parametrize("offset", OFFSETS)
def test_every_field_of_both_layouts_has_one_mark_and_the_offset_moves_it_exactly(copy, offset):
    still = calibration_marks(copy)
    moved = calibration_marks(copy, offset)
    dx, dy = offset
    for layout in ("company", "individual"):
        for key in field_boxes(layout, copy):
            a, b = _mark_of(still, layout, key), _mark_of(moved, layout, key)
            assert (b.x_mm, b.y_mm) == pytest.approx((a.x_mm + dx, a.y_mm + dy), abs=1e-6), key
            assert field_name(layout, key) in b.label.split("／")
    width, height = PAGE_MM[copy]
    for mark in still:  # on the paper, with room for the crosshair's arms
        assert ARM_MM <= mark.x_mm <= width - ARM_MM and ARM_MM <= mark.y_mm <= height - ARM_MM, mark
    # one place, one mark: the two layouts share the places they print at
    assert len({(m.x_mm, m.y_mm) for m in still}) == len(still)


def test_the_original_is_the_duplicate_scaled_like_the_licence():
    scale = 420 / 297
    duplicate = {m.fields: m for m in calibration_marks("duplicate")}
    for mark in calibration_marks("original"):
        other = duplicate[mark.fields]
        assert (mark.x_mm, mark.y_mm) == pytest.approx((other.x_mm * scale, other.y_mm * scale), abs=1e-6)


def test_the_places_are_the_licence_s_own():
    """Each variable field of the company and the individual licence, as render_licence prints it
    on pre-printed paper, starts at its mark: left-aligned text at the mark's x, the centred date
    centred on it, the right-aligned serial ending at it; every first line's baseline on the
    mark's y (the words' boxes, read back by poppler, hang from the baseline by the same share)."""
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp())
    for copy in ("original", "duplicate"):
        for offset in OFFSETS:
            marks = calibration_marks(copy, offset)
            for layout, data in DATA.items():
                words = _words(render_licence(data, copy=copy, preprinted=True, offset_mm=offset), tmp,
                               f"{layout}-{copy}.pdf")
                values = field_values(data)
                shares = []
                for key, text in values.items():
                    first = text.split("\n")[0].split(" ")[0]
                    if not first or key not in field_boxes(layout, copy):
                        continue
                    # the longest printed word the value starts with (a date may start a longer one)
                    hits = sorted((w for w in words if w[0] and first.startswith(w[0])), key=lambda w: -len(w[0]))
                    assert hits, (layout, key, first)
                    word, x0, y0, x1, y1 = hits[0]
                    mark = _mark_of(marks, layout, key)
                    x = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[mark.align]
                    assert x == pytest.approx(mark.x_mm, abs=0.15 if mark.align == "center" else 0.05), \
                        (copy, offset, layout, key)
                    assert y0 < mark.y_mm < y1, (copy, offset, layout, key)
                    shares.append((y1 - mark.y_mm) / (y1 - y0))
                assert len(shares) >= 8
                assert max(shares) - min(shares) < 0.02, shares  # one font: one descent below the baseline


@pytest.mark.parametrize("copy", ["original", "duplicate"])
def test_the_page_reads_back_with_its_labels_at_the_marks(copy, tmp_path):
    offset = (1.5, -0.8)
    pdf = render_calibration(copy, offset)
    path = tmp_path / "calibration.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (w / MM, h / MM) == pytest.approx(PAGE_MM[copy], abs=0.2)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert ("正本（A3 横向）" if copy == "original" else "副本（A4 横向）") in text
    assert "水平 +1.5 mm，垂直 −0.8 mm" in text  # the offset the page was drawn with
    assert f"比例尺：{int(SCALE_BAR_MM)} 毫米" in text
    words = _words(pdf, tmp_path, "words.pdf")
    for mark in calibration_marks(copy, offset):
        label = [wd for wd in words if wd[0] == mark.label]
        assert len(label) == 1, mark.label
        _word, x0, _y0, x1, y1 = label[0]
        # the name sits just above the crosshair's arm, on the side the field's text runs
        near_x = x1 if mark.align == "right" else x0
        assert abs(near_x - mark.x_mm) < 2.0 and mark.y_mm - 2.0 < y1 < mark.y_mm + 0.5, (mark, label)
    # the scale bar's numbers, 10 mm apart (the page is drawn at actual size)
    numbers = {wd[0]: (wd[1] + wd[3]) / 2 for wd in words if wd[0] in ("0", "50", "100")}
    assert numbers["100"] - numbers["0"] == pytest.approx(SCALE_BAR_MM, abs=0.05)


def test_an_unknown_copy_is_refused():
    with pytest.raises(ValueError):
        calibration_marks("triplicate")
    with pytest.raises(ValueError):
        render_calibration("triplicate")


def test_the_labels_name_the_form_s_own_words():
    company = {label for _key, label, _slot in ITEMS["company"]}
    individual = {label for _key, label, _slot in ITEMS["individual"]}
    labels = {part for m in calibration_marks("duplicate") for part in m.label.split("／")}
    assert company | individual | {"统一社会信用代码", "编号", "登记机关", "发照日期", "二维码"} == labels
