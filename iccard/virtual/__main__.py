"""Run a persistent virtual enterprise card in a vpcd reader, for the demo program.

    .venv/bin/python -m iccard.virtual                         # card 0, blank if new
    .venv/bin/python -m iccard.virtual --personalise           # a sample enterprise, demo key
    .venv/bin/python -m iccard.virtual --reader 1 --image /tmp/card-b.json
    .venv/bin/python -m iccard.virtual --start-pcscd           # also bring up pcscd (root)

The card's content is kept in the image file (every write is saved at once). While it runs,
``kill -USR1 <pid>`` pulls the card out or puts it back; Ctrl-C (or SIGTERM) ends it. When pcscd
goes away the card waits for the reader to come back and inserts itself again.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from iccard.stack import PcscDaemon, StackError, wait_for_readers
from iccard.virtual.demo import describe, start_virtual_card
from iccard.virtual.vpcd import VpcdCard, reader_name


def default_image(reader: int) -> Path:
    from platformdirs import user_data_dir

    # the program's data directory (client.settings.data_dir: HONGDUN_DATA_DIR, else the user's)
    base = os.environ.get("HONGDUN_DATA_DIR") or user_data_dir("hongdun")
    return Path(base) / "virtual-cards" / f"card-{reader}.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m iccard.virtual", description="虚拟企业IC卡（接入 vpcd 读卡器）")
    ap.add_argument("--reader", type=int, default=0, choices=(0, 1), help="0 = Virtual PCD 00 00, 1 = 00 01")
    ap.add_argument("--image", type=Path, help="卡片映像文件（默认在用户数据目录）")
    ap.add_argument("--serial", help="新卡的序列号（16 位十六进制；默认随机）")
    ap.add_argument("--personalise", action="store_true", help="空白卡写入示例企业（演示密钥签名）")
    ap.add_argument("--start-pcscd", action="store_true", help="若 pcscd 未运行则启动它（退出时停止）")
    ap.add_argument("--once", action="store_true", help="卡被拔出或 pcscd 停止后退出")
    args = ap.parse_args(argv)

    image = args.image or default_image(args.reader)
    serial = bytes.fromhex(args.serial) if args.serial else None
    daemon = None
    if args.start_pcscd:
        try:
            daemon = PcscDaemon().start()
        except StackError as e:
            print(f"无法启动 pcscd：{e}", file=sys.stderr)
            return 2

    stop = threading.Event()
    toggle = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGUSR1, lambda *_: toggle.set())
    try:
        vcard = start_virtual_card(image, reader=args.reader, personalise=args.personalise, serial=serial)
    except (StackError, OSError) as e:
        print(f"无法插入虚拟卡：{e}", file=sys.stderr)
        if daemon:
            daemon.stop()
        return 2
    print(f"虚拟卡已插入 {reader_name(args.reader)}（pid {os.getpid()}，映像 {image}）")
    print(f"  {describe(vcard.card)}")
    print("  kill -USR1 拔出/插入，Ctrl-C 退出", flush=True)
    card = vcard.card
    inserted = True
    try:
        while not stop.is_set():
            if toggle.wait(0.2):
                toggle.clear()
                if inserted:
                    vcard.remove()
                    inserted = False
                    print("卡已拔出", flush=True)
                else:
                    vcard = VpcdCard(card, reader=args.reader).insert()
                    inserted = True
                    print("卡已插入", flush=True)
            elif inserted and vcard.closed.is_set():  # vpcd closed the connection: pcscd stopped
                if args.once:
                    break
                print("读卡器已断开，等待 pcscd 重新出现…", flush=True)
                while not stop.is_set():
                    try:
                        wait_for_readers([reader_name(args.reader)], timeout=1.0)
                        break
                    except StackError:
                        continue
                if not stop.is_set():
                    vcard = VpcdCard(card, reader=args.reader).insert()
                    print("卡已重新插入", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        vcard.remove()
        if daemon:
            daemon.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
