"""Card figures (issue 4) through the real PC/SC stack: pcscd + vsmartcard-vpcd + pyscard and a
virtual card attached to vpcd as a thread of this process.

    .venv/bin/python -m tests.bench.bench_card               # 20 insertions, 200 reads, 20 writes
    .venv/bin/python -m tests.bench.bench_card --quick       # a smaller run

- insert → verdict: a card is put into the reader; from the monitor's "card inserted" callback
  to the verdict (connect, read, verify) is the program's time; from the card's connection to
  that callback is pcscd's (vpcd is polled every ~400 ms), reported separately;
- read and verify: read_card on a connected reader, and connect + read + disconnect;
- make card (write, read back, verify): make_card on blank cards and rewrite_card on valid ones;
- APDUs per operation, by instruction; the same operations in-process (no PC/SC) for reference.
Prints a table and writes tests/bench/results/card.json. Needs root for pcscd's /run/pcscd (a
pcscd already running with the vpcd readers is used as it is).
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repository first
RESULTS = Path(__file__).with_name("results")

TARGETS_MS = {"insert_to_verdict_program": 300, "read_and_verify": 100, "make_card": 1000}


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def summary(samples: list[float]) -> dict:
    """p50 / p95 / max in ms of samples in seconds."""
    values = sorted(samples)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return {"n": len(values), "p50_ms": ms(statistics.median(values)), "p95_ms": ms(p95), "max_ms": ms(values[-1])}


def bench_insert_to_verdict(runs: int, keys, personalised_image) -> dict:
    from iccard import read_card
    from iccard.monitor import CardMonitor
    from iccard.pcsc_transport import PcscTransport
    from iccard.virtual import VpcdCard, reader_name
    from iccard.virtual.enterprise import from_image

    reader = reader_name(0)
    events: queue.Queue = queue.Queue()
    monitor = CardMonitor(
        on_card_inserted=lambda r, atr: events.put(("in", r, time.perf_counter())),
        on_card_removed=lambda r: events.put(("out", r, time.perf_counter())),
    ).start()

    def wait(kind):
        while True:
            event = events.get(timeout=10)
            if event[0] == kind and event[1] == reader:
                return event[2]

    program, detection, after_poll, apdus = [], [], [], []
    try:
        monitor.started.wait(5)
        for _ in range(runs):
            vcard = VpcdCard(from_image(personalised_image), reader=0).insert()
            t_event = wait("in")
            # What the application does on the event: connect, read, verify.
            with PcscTransport(reader) as transport:
                result = read_card(transport, keys)
            t_verdict = time.perf_counter()
            assert result.is_valid, result.message
            program.append(t_verdict - t_event)
            detection.append(t_event - vcard.connected_at)
            after_poll.append(t_event - vcard.powered_at)
            apdus.append(result.stats.count)
            vcard.remove()
            wait("out")
    finally:
        monitor.stop()
    return {
        "program": summary(program),
        "pcscd_detection": summary(detection),
        "pcscd_after_vpcd_poll": summary(after_poll),
        "apdus": max(apdus),
    }


def bench_reads(runs: int, keys, personalised_image) -> dict:
    from iccard import read_card
    from iccard.pcsc_transport import PcscTransport, wait_for_card
    from iccard.virtual import VpcdCard, reader_name
    from iccard.virtual.enterprise import from_image

    reader = reader_name(0)
    vcard = VpcdCard(from_image(personalised_image), reader=0).insert()
    try:
        assert wait_for_card(reader, timeout=10)
        connected, fresh = [], []
        with PcscTransport(reader) as transport:
            for _ in range(runs):
                result = read_card(transport, keys)
                assert result.is_valid
                connected.append(result.seconds)
        stats = result.stats.as_dict()
        for _ in range(max(10, runs // 4)):
            t = time.perf_counter()
            with PcscTransport(reader) as transport:
                assert read_card(transport, keys).is_valid
            fresh.append(time.perf_counter() - t)
    finally:
        vcard.remove()
        wait_for_card(reader, present=False, timeout=10)
    return {"connected": summary(connected), "connect_read_disconnect": summary(fresh), "apdus": stats}


def bench_writes(runs: int, signer, keys, blank_images, personalised_image) -> dict:
    from iccard import make_card, rewrite_card
    from iccard.pcsc_transport import PcscTransport, wait_for_card
    from iccard.virtual import DEMO_PIN, VpcdCard, reader_name
    from iccard.virtual.demo import demo_content
    from iccard.virtual.enterprise import from_image

    reader = reader_name(1)
    made, rewritten = [], []
    make_stats = rewrite_stats = None
    for image in blank_images:  # one insertion per blank card
        vcard = VpcdCard(from_image(image), reader=1).insert()
        try:
            assert wait_for_card(reader, timeout=10)
            with PcscTransport(reader) as transport:
                result = make_card(transport, demo_content(), signer=signer, keys=keys, pin=DEMO_PIN)
            assert result.ok, result.message
            made.append(result.seconds)
            make_stats = result.stats.as_dict()
        finally:
            vcard.remove()
            wait_for_card(reader, present=False, timeout=10)
    vcard = VpcdCard(from_image(personalised_image), reader=1).insert()
    try:
        assert wait_for_card(reader, timeout=10)
        with PcscTransport(reader) as transport:
            for i in range(runs):
                content = demo_content(address=f"广州市越秀区中山五路{200 + i}号")
                result = rewrite_card(transport, content, signer=signer, keys=keys, pin=DEMO_PIN)
                assert result.ok, result.message
                rewritten.append(result.seconds)
                rewrite_stats = result.stats.as_dict()
    finally:
        vcard.remove()
        wait_for_card(reader, present=False, timeout=10)
    return {
        "make": summary(made),
        "rewrite": summary(rewritten),
        "apdus_make": make_stats,
        "apdus_rewrite": rewrite_stats,
    }


def bench_in_process(runs: int, signer, keys, personalised_image) -> dict:
    from iccard import make_card, read_card, rewrite_card
    from iccard.virtual import DEMO_PIN, blank_card
    from iccard.virtual.demo import demo_content
    from iccard.virtual.enterprise import from_image

    card = from_image(personalised_image)
    reads = [read_card(card, keys).seconds for _ in range(runs)]
    makes = [make_card(blank_card(), demo_content(), signer=signer, keys=keys, pin=DEMO_PIN).seconds for _ in range(runs // 4 or 1)]
    rewrites = []
    for i in range(runs // 4 or 1):
        card.reset()
        rewrites.append(rewrite_card(card, demo_content(address=f"天河路{i}号"), signer=signer, keys=keys, pin=DEMO_PIN).seconds)
    return {"read": summary(reads), "make": summary(makes), "rewrite": summary(rewrites)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="5 insertions, 50 reads, 5 writes")
    ap.add_argument("--insertions", type=int)
    ap.add_argument("--reads", type=int)
    ap.add_argument("--writes", type=int)
    args = ap.parse_args()
    insertions = args.insertions or (5 if args.quick else 20)
    reads = args.reads or (50 if args.quick else 200)
    writes = args.writes or (5 if args.quick else 20)

    from iccard import make_card, signature
    from iccard.stack import PcscDaemon, missing_parts
    from iccard.virtual import DEMO_PIN, blank_card
    from iccard.virtual.demo import demo_content
    from iccard.virtual.enterprise import to_image

    if missing_parts():
        print("PC/SC stack missing: " + ", ".join(missing_parts()) + " (scripts/install-system-packages.sh)")
        return 2
    signer = signature.demo_signer()
    keys = signature.demo_keys(signer)
    card = blank_card()
    assert make_card(card, demo_content(), signer=signer, keys=keys, pin=DEMO_PIN).ok
    personalised_image = to_image(card)
    blank_images = [to_image(blank_card()) for _ in range(max(3, writes // 4))]

    daemon = PcscDaemon().start()
    try:
        results = {
            "pcscd_ready_ms": ms(daemon.ready_seconds),
            "pcscd_reused": not daemon.owned,
            "insert_to_verdict": bench_insert_to_verdict(insertions, keys, personalised_image),
            "read_and_verify": bench_reads(reads, keys, personalised_image),
            "make_card": bench_writes(writes, signer, keys, blank_images, personalised_image),
            "in_process": bench_in_process(reads, signer, keys, personalised_image),
        }
    finally:
        daemon.stop()

    i2v, rv, mk = results["insert_to_verdict"], results["read_and_verify"], results["make_card"]
    results["targets_ms"] = TARGETS_MS
    results["met"] = {
        "insert_to_verdict_program": i2v["program"]["p95_ms"] < TARGETS_MS["insert_to_verdict_program"],
        "read_and_verify": rv["connect_read_disconnect"]["p95_ms"] < TARGETS_MS["read_and_verify"],
        "make_card": max(mk["make"]["p95_ms"], mk["rewrite"]["p95_ms"]) < TARGETS_MS["make_card"],
    }
    rows = [
        ("insert → verdict, program (callback → verdict)", i2v["program"], "< 300 ms"),
        ("  pcscd detection (card connects → callback)", i2v["pcscd_detection"], "polling, not ours"),
        ("  of which after vpcd's poll (ATR → callback)", i2v["pcscd_after_vpcd_poll"], ""),
        ("read + verify, connected reader", rv["connected"], "< 100 ms"),
        ("read + verify, connect + read + disconnect", rv["connect_read_disconnect"], "< 100 ms"),
        ("make card on a blank card (write, read back, verify)", mk["make"], "< 1 s"),
        ("rewrite a valid card (write, read back, verify)", mk["rewrite"], "< 1 s"),
        ("in-process read (no PC/SC)", results["in_process"]["read"], ""),
        ("in-process make (no PC/SC)", results["in_process"]["make"], ""),
    ]
    print(f"\n{'operation':<56} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  target")
    for name, s, target in rows:
        print(f"{name:<56} {s['n']:>4} {s['p50_ms']:>9.2f} {s['p95_ms']:>9.2f} {s['max_ms']:>9.2f}  {target}")
    print("\nAPDUs per operation")
    for name, st in (("read", rv["apdus"]), ("make (blank card)", mk["apdus_make"]), ("rewrite", mk["apdus_rewrite"])):
        print(f"  {name:<20} {st['apdus']:>3}  {st['by_ins']}  ({st['bytes_out']} B out, {st['bytes_in']} B in)")
    print(f"\npcscd ready in {results['pcscd_ready_ms']} ms; targets met: {results['met']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "card.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS / 'card.json'}")
    return 0 if all(results["met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
