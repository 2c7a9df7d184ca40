"""Render sample business licences to PDF and PNG, to look at the layout.

    .venv/bin/python scripts/render_licence_samples.py [--pdf-dir build/licence-samples]

PNGs (pdftoppm -r 60) go to docs/screenshots/licence-{original,duplicate,individual,
preprinted}.png; the PDFs to --pdf-dir. Prints each render time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from client.kernel.fonts import register_cjk_font  # noqa: E402
from client.registration.reports import LicenceData, public_url_for, render_licence  # noqa: E402

PUBLIC_BASE = "https://www.gsxt.gov.cn/gz/entity"  # the real base address comes from settings

COMPANY = LicenceData(
    uscc="91440106MA5CKL2R7A",
    name="广州市红棉智慧科技有限公司",
    kind_label="有限责任公司(自然人投资或控股)",
    layout="company",
    legal_rep="陈志强",
    address="广州市天河区天河路385号太古汇一座2301室（仅限办公）",
    business_scope=(
        "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；"
        "信息系统集成服务；计算机系统服务；数据处理服务；人工智能应用软件开发；网络技术服务；"
        "信息技术咨询服务；会议及展览服务；办公设备销售；计算机软硬件及辅助设备零售。"
        "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
        "许可项目：第二类增值电信业务。（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
        "具体经营项目以相关部门批准文件或许可证件为准）"
    ),
    established_on=date(2019, 3, 5),
    registered_capital_wan=Decimal("500"),
    term_start=date(2019, 3, 5),
    term_end=None,
    composition_form=None,
    authority="广州市天河区市场监督管理局",
    issued_on=date(2026, 11, 24),
    public_url=public_url_for(PUBLIC_BASE, "91440106MA5CKL2R7A"),
    licence_serial="S2612019012345",
)

INDIVIDUAL = LicenceData(
    uscc="92440106L7QX3H8D68",
    name="广州市天河区石牌陈记肠粉店",
    kind_label="个体工商户",
    layout="individual",
    legal_rep="陈伟明",
    address="广州市天河区石牌东路118号首层之二",
    business_scope="餐饮服务；小餐饮；食品销售（仅销售预包装食品）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    established_on=date(2021, 6, 18),
    registered_capital_wan=None,
    term_start=None,
    term_end=None,
    composition_form="个人经营",
    authority="广州市天河区市场监督管理局",
    issued_on=date(2026, 11, 24),
    public_url=public_url_for(PUBLIC_BASE, "92440106L7QX3H8D68"),
)

SAMPLES = {
    "licence-original": (COMPANY, {"copy": "original"}),
    "licence-duplicate": (COMPANY, {"copy": "duplicate"}),
    "licence-individual": (INDIVIDUAL, {"copy": "duplicate"}),
    "licence-preprinted": (COMPANY, {"copy": "duplicate", "preprinted": True,
                                     "offset_mm": (2.0, 1.5)}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=ROOT / "build" / "licence-samples")
    parser.add_argument("--png-dir", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.pdf_dir.mkdir(parents=True, exist_ok=True)
    args.png_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    register_cjk_font()
    print(f"字体注册 {1000 * (time.perf_counter() - started):.0f} ms")
    for stem, (data, options) in SAMPLES.items():
        started = time.perf_counter()
        pdf = render_licence(data, **options)
        elapsed = 1000 * (time.perf_counter() - started)
        pdf_path = args.pdf_dir / f"{stem}.pdf"
        pdf_path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf_path),
                        str(args.png_dir / stem)], check=True)
        print(f"{stem}: {elapsed:.0f} ms, {len(pdf) // 1024} KiB → {args.png_dir / stem}.png")


if __name__ == "__main__":
    main()
