"""A virtual card for the demo program: kept in an image file, optionally personalised with a
sample enterprise signed by the demo key, attached to vpcd as a thread.

    card = start_virtual_card(Path("~/card.json").expanduser(), personalise=True)
    ...
    card.remove()
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from iccard import signature
from iccard.card_writer import make_card
from iccard.layout import CardContent, EnterpriseData, IssueData
from iccard.verdict import Verdict
from iccard.virtual.card import VirtualCard
from iccard.virtual.enterprise import DEMO_PIN, persistent_card
from iccard.virtual.vpcd import VpcdCard, reader_name


def demo_content(**changes) -> CardContent:
    """A sample enterprise (fictitious, with a valid credit code check character)."""
    enterprise = EnterpriseData(
        credit_code="91440104MA59UJ9X71",
        name="广州市华盛贸易有限公司",
        kind_code="1130",
        kind_label="有限责任公司（自然人投资或控股）",
        legal_representative="陈志明",
        address="广州市越秀区中山五路219号1201房",
        office_code="440104",
        office_name="广州市越秀区市场监督管理局",
        established=dt.date(2016, 3, 18),
        approved=dt.date(2023, 9, 6),
    )
    issue = IssueData(
        issue_date=dt.date(2024, 5, 20),
        issuing_office_code="440104001",
        issuing_office_name="越秀区市场监督管理局北京街市场监管所",
        operator="李晓红",
        card_generation=1,
    )
    content = CardContent(enterprise, issue)
    for key, value in changes.items():
        part = "enterprise" if hasattr(enterprise, key) else "issue"
        changed = dataclasses.replace(getattr(content, part), **{key: value})
        content = dataclasses.replace(content, **{part: changed})
    return content


def personalise_demo(card: VirtualCard, content: CardContent | None = None) -> bool:
    """Write ``content`` (the sample enterprise) signed with the demo key, in-process."""
    result = make_card(
        card,
        content or demo_content(),
        signer=signature.demo_signer(),
        keys=signature.demo_keys(),
        pin=DEMO_PIN,
        overwrite=True,
    )
    return result.ok


def start_virtual_card(
    image: Path,
    *,
    reader: int = 0,
    personalise: bool = False,
    serial: bytes | None = None,
    timeout: float = 10.0,
) -> VpcdCard:
    """Load (or create) the card kept in ``image``, personalise a blank one if asked, wait for
    pcscd to list vpcd's reader, and insert the card. ``.remove()`` pulls it out."""
    card = persistent_card(Path(image), serial=serial)
    if personalise:
        from iccard.card_reader import read_card

        if read_card(card, signature.demo_keys()).verdict is Verdict.BLANK:
            personalise_demo(card)
        card.reset()
    from iccard.stack import (
        wait_for_readers,  # needs pyscard; the in-process card does not
    )

    wait_for_readers([reader_name(reader)], timeout)
    return VpcdCard(card, reader=reader).insert(timeout)


def describe(card: VirtualCard) -> str:
    from iccard.card_reader import read_card

    result = read_card(card, signature.demo_keys())
    card.reset()
    who = f"{result.content.enterprise.name}（{result.credit_code}）" if result.content else "—"
    return f"序列号 {result.serial}，{result.verdict.label}，{who}"

