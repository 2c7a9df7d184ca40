"""What the first-run wizard (widgets/shell/first_run.py) asks of the centre, of the centre's
enrolment and of the card readers, without Qt: each runs on a worker and returns what the page
then says, or the reason it could not.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class CentreProbe:
    """One address's answer to GET /health, or why there was none.

    problem: None (it answered as a centre), "certificate", "tls", "dns", "refused", "timeout",
    "unavailable" (it answered 502/503/504), "not_centre", "ca_file", "unreachable"."""

    address: str
    problem: str | None = None
    version: str | None = None
    status: str | None = None
    database: bool = False
    schema_version: str | None = None
    detail: str = ""


def probe_centre(addresses: list[str], ca_file: str | None) -> list[CentreProbe]:
    """Ask every address on its own (each must work: they are tried in order later). Runs on a
    worker: a dead address costs the connect timeout."""
    return [_probe_one(address, ca_file) for address in addresses]


def _probe_one(address: str, ca_file: str | None) -> CentreProbe:
    import ssl

    from sync.centre_client import CentreClient, CentreRefused, CentreUnreachable

    try:
        client = CentreClient([address], ca_file=ca_file or None, connect_timeout=5.0, read_timeout=15.0)
    except (ssl.SSLError, OSError, ValueError) as exc:
        return CentreProbe(address, "ca_file", detail=str(exc))
    try:
        data = client.call("GET", "/health")
    except CentreRefused as exc:
        if exc.status == 0:  # the client's own verdict on the server's certificate
            return CentreProbe(address, "certificate", detail=exc.message)
        return CentreProbe(address, "not_centre", detail=f"HTTP {exc.status}")
    except CentreUnreachable as exc:
        return CentreProbe(address, _unreachable_kind(exc), detail=first_line(exc.__cause__ or exc))
    finally:
        client.close()
    if not isinstance(data, dict) or "version" not in data or "status" not in data:
        return CentreProbe(address, "not_centre", detail="/health")
    return CentreProbe(address, None, version=str(data["version"]), status=str(data["status"]),
                       database=bool(data.get("database")), schema_version=data.get("schema_version"))


def _unreachable_kind(exc: BaseException) -> str:
    import httpx

    from sync.centre_client import CentreUnreachable

    cause = exc.__cause__
    text = str(cause or exc)
    if isinstance(cause, CentreUnreachable) and "HTTP 5" in text:
        return "unavailable"  # it answered: 502/503/504 (the health check says 503 without its database)
    if isinstance(cause, httpx.TimeoutException):
        return "timeout"
    lowered = text.lower()
    if any(s in lowered for s in ("name or service not known", "nodename nor servname", "name resolution",
                                  "getaddrinfo", "no address associated")):
        return "dns"
    if any(s in lowered for s in ("ssl", "tls", "wrong_version_number", "record layer")):
        return "tls"
    if isinstance(cause, httpx.ConnectError):
        return "refused"
    return "unreachable"


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]


@dataclass
class SignedForEnrolment:
    """A member of the unit signed in at the centre, and this workstation's device for that unit
    if it has one already (re-running the wizard)."""

    session: Any  # sync.remote.UserSession
    principal: Any  # client.kernel.roles.Principal
    unit: str = ""  # the unit's name as the screens write it ("天河分局五山工商所"), filled by them
    device: Any = None  # sync.link.DeviceRecord already enrolled here, with its key in the keyring


def sign_in_for_enrolment(link, username: str, password: str) -> SignedForEnrolment:
    """On a worker. CentreRefused (wrong password, locked: the centre's own words) or
    CentreUnreachable."""
    from sync.keys import device_key
    from sync.link import unit_of
    from sync.remote import UserSession

    session = UserSession.sign_in(link.client(timeout=10), username.strip(), password)
    principal = session.principal
    record = link.device(unit_of(principal.office_code, principal.district_code))
    if record is not None and device_key(record.id) is None:
        record = None  # its key is lost: device_for enrols again
    return SignedForEnrolment(session, principal, device=record)


def enrol_device(link, signed: SignedForEnrolment):
    """On a worker: the first online sign-in's enrolment (sync.enrolment.device_for)."""
    from sync.enrolment import device_for

    record, _key = device_for(link, signed.principal, signed.session)
    return record


@dataclass(frozen=True)
class ReaderProbe:
    """What a test read found in one reader."""

    reader: str
    card: bool = False
    atr: bytes = b""
    verdict: Any = None  # iccard.Verdict
    name: str | None = None
    credit_code: str | None = None
    message: str = ""  # the card layer's Chinese words (no card, not an enterprise card, ...)


def pcsc_transport(reader: str):
    from iccard.pcsc_transport import PcscTransport

    return PcscTransport(reader)


def list_pcsc_readers() -> list[str]:
    from iccard.pcsc_transport import list_readers

    return list_readers()


def or_problem(fn: Callable[[], Any]) -> Callable[[], Any]:
    """fn's value, or the card layer's expected failure (no pcscd, no pyscard) as the value: those
    are told to the user, not logged as a program's error."""
    def run():
        from iccard.errors import CardError

        try:
            return fn()
        except ImportError as exc:
            return exc
        except CardError as exc:
            return exc

    return run


@dataclass
class CardAccess:
    """The card readers as the reader page uses them (the screenshots hand in a virtual card)."""

    list_readers: Callable[[], list[str]] = list_pcsc_readers
    #: reader -> a context manager giving a transport with `.atr` (iccard.pcsc_transport)
    open: Callable[[str], Any] = pcsc_transport


def probe_reader(reader: str, open_transport: Callable[[str], Any] = pcsc_transport) -> ReaderProbe:
    """On a worker: connect to the reader; no card, or the card's ATR and, for an enterprise
    card, whose it claims to be (its signature is checked against the issuers' keys, which this
    workstation gets at its first synchronisation). PcscUnavailableError when pcscd is gone."""
    from iccard import KeyTable, read_card
    from iccard.errors import CardRemovedError, PcscUnavailableError

    try:
        with open_transport(reader) as transport:
            atr = bytes(getattr(transport, "atr", b"") or b"")
            result = read_card(transport, KeyTable())
    except PcscUnavailableError:
        raise
    except CardRemovedError as exc:
        return ReaderProbe(reader, card=False, message=exc.message)
    content = result.content
    return ReaderProbe(reader, card=True, atr=atr, verdict=result.verdict,
                       name=content.enterprise.name if content else None,
                       credit_code=content.enterprise.credit_code if content else None,
                       message=result.message)
