"""`hongdun licence …`: the registration area's field-support task (found by client/cli.py).

    hongdun licence (--code USCC | --id ID) [--copy original|duplicate] [--preprinted]
                    [--offset X_MM Y_MM] [-o FILE] [--url URL]
        write an entity's business licence as a PDF
"""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    from client.cli_support import add_url

    p = sub.add_parser("licence", help="write a business licence PDF for an entity (support staff)")
    add_url(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--code", help="unified social credit code")
    who.add_argument("--id", help="entity id")
    p.add_argument("--copy", choices=["original", "duplicate"], default="duplicate", help="正本 A3 or 副本 A4")
    p.add_argument("--preprinted", action="store_true", help="only the variable fields, for pre-printed paper")
    p.add_argument("--offset", nargs=2, type=float, metavar=("X_MM", "Y_MM"), help="pre-printed paper offset in mm")
    p.add_argument("-o", "--output", help="output file (default: <code>-<copy>.pdf)")
    p.set_defaults(func=cmd_licence)


def cmd_licence(args) -> int:
    import sqlalchemy as sa

    from client.cli_support import CliError, session_factory
    from client.kernel.codes import normalize_code
    from client.kernel.lifecycle import EntityState
    from client.kernel.models import MarketEntity
    from client.registration.licence_data import authority_name, build_licence_data, issue_date
    from client.registration.reports import render_licence
    from client.registration.rules import refusal
    from client.settings import Settings

    settings = Settings.load()
    with session_factory(args)() as session:
        if args.code:
            entity = session.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == normalize_code(args.code)))
        else:
            entity = session.get(MarketEntity, args.id)
        if entity is None:
            raise CliError("找不到该市场主体")
        if problem := refusal(EntityState.from_code(entity.state), "print_licence"):
            raise CliError(problem)
        data = build_licence_data(entity, authority=authority_name(session, entity.district_code),
                                  public_base_url=settings.public_base_url, issued_on=issue_date(session, entity))
    offset = tuple(args.offset) if args.offset else (
        settings.preprint_offset_original_mm if args.copy == "original" else settings.preprint_offset_duplicate_mm)
    pdf = render_licence(data, copy=args.copy, preprinted=args.preprinted, offset_mm=offset)
    out = Path(args.output or f"{entity.uscc}-{args.copy}.pdf")
    out.write_bytes(pdf)
    print(out)
    return 0
