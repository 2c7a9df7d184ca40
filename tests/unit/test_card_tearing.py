"""A card pulled out at every APDU boundary of a write (and halfway into every UPDATE BINARY)
reads afterwards as the old card or the new card, never as a third valid card; and writing it
again then succeeds. In-process: iccard.virtual's fault injection."""

import pytest

from iccard import Verdict, make_card, read_card, rewrite_card
from iccard.virtual import DEMO_PIN, blank_card
from iccard.virtual.demo import demo_content
from iccard.virtual.enterprise import from_image, to_image

OLD = demo_content()
NEW = demo_content(name="广州市华盛贸易集团有限公司", address="广州市天河区天河路385号太古汇1座", legal_representative="陈晓东")


def clone(card):
    return from_image(to_image(card))


def start_state(kind, signer, keys):
    card = blank_card()
    if kind in ("rewrite", "rewrite-again"):
        assert make_card(card, OLD, signer=signer, keys=keys, pin=DEMO_PIN).ok
    if kind == "rewrite-again":  # the old content now lives in slot B
        assert rewrite_card(card, OLD, signer=signer, keys=keys, pin=DEMO_PIN).ok
    card.reset()
    return card


def do_write(kind, card, signer, keys):
    if kind == "make":
        return make_card(card, NEW, signer=signer, keys=keys, pin=DEMO_PIN)
    return rewrite_card(card, NEW, signer=signer, keys=keys, pin=DEMO_PIN)


def expect_old_or_new(kind, result):
    old = Verdict.BLANK if kind == "make" else Verdict.VALID
    if result.verdict is Verdict.VALID:
        assert result.content in ((OLD,) if kind != "make" else ()) + (NEW,), result.content
        return "new" if result.content == NEW else "old"
    assert result.verdict is old, (result.verdict, result.message)
    return "old"


@pytest.mark.parametrize("kind", ["make", "rewrite", "rewrite-again"])
def test_a_card_torn_at_any_apdu_boundary_is_the_old_or_the_new_card(kind, card_signer, card_keys):
    base = start_state(kind, card_signer, card_keys)
    probe = clone(base)
    count_before = probe.apdu_count
    assert do_write(kind, probe, card_signer, card_keys).ok
    total = probe.apdu_count - count_before
    seen = set()
    for n in range(total + 1):
        card = clone(base)
        card.tear_after(n)
        outcome = do_write(kind, card, card_signer, card_keys)
        torn = card.removed
        card.reinsert()
        state = expect_old_or_new(kind, read_card(card, card_keys))
        seen.add(state)
        if outcome.ok:
            assert state == "new"
        else:
            assert torn and outcome.interrupted and "写卡中断" in outcome.message, (n, outcome.message)
        # Whatever happened, the counter can simply write the card again.
        if kind == "make" and state == "new":
            again = make_card(card, NEW, signer=card_signer, keys=card_keys, pin=DEMO_PIN, overwrite=True)
        else:
            again = do_write(kind, card, card_signer, card_keys)
        assert again.ok, (n, again.message)
        card.reset()
        assert read_card(card, card_keys).content == NEW
    assert seen == {"old", "new"}


@pytest.mark.parametrize("kind", ["make", "rewrite"])
def test_a_card_torn_inside_an_update_binary_is_the_old_or_the_new_card(kind, card_signer, card_keys):
    base = start_state(kind, card_signer, card_keys)
    probe = clone(base)
    first = probe.apdu_count
    assert do_write(kind, probe, card_signer, card_keys).ok
    updates = [(i, apdu) for i, apdu in enumerate(probe.log[first:]) if apdu[1] == 0xD6]
    assert len(updates) >= 3  # slot chunks, marker, retirement
    for n, apdu in updates:
        length = apdu[4]
        for partial in sorted({1, length // 2, length - 1}):
            card = clone(base)
            card.tear_after(n, partial=partial)
            do_write(kind, card, card_signer, card_keys)
            card.reinsert()
            expect_old_or_new(kind, read_card(card, card_keys))


def test_a_torn_read_is_reported_as_interrupted_not_as_a_verdict_on_the_card(card_keys, personalised):
    card = personalised()
    for n in range(7):
        card.tear_after(n)
        result = read_card(card, card_keys)
        assert result.verdict is Verdict.DAMAGED and result.interrupted and "读卡中断" in result.message
        card.reinsert()
    assert read_card(card, card_keys).is_valid
