"""Constraint and index names that fit Oracle's 30-character limit before 12.2."""
import hashlib

from sqlalchemy import MetaData

#: Oracle identifiers before 12.2 (and what our DBAs still run): at most 30 bytes.
MAX_IDENTIFIER = 30


def fit(name: str) -> str:
    """A readable name cut to 30 characters, kept unique by a short hash of the full name."""
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:6]
    return f"{name[:MAX_IDENTIFIER - 7]}_{digest}"


def _columns(constraint) -> str:
    return "_".join(c.name for c in constraint.columns)


def _fk_name(constraint, table) -> str:
    return fit(f"fk_{table.name}_{_columns(constraint)}")


def _uq_name(constraint, table) -> str:
    return fit(f"uq_{table.name}_{_columns(constraint)}")


def _ix_name(constraint, table) -> str:
    return fit(f"ix_{table.name}_{_columns(constraint)}")


def _ck_name(constraint, table) -> str:
    return fit(f"ck_{table.name}_{constraint.name}")


NAMING_CONVENTION = {
    "fk_name": _fk_name,
    "uq_name": _uq_name,
    "ix_name": _ix_name,
    "ck_name": _ck_name,
    "ix": "%(ix_name)s",
    "uq": "%(uq_name)s",
    "ck": "%(ck_name)s",
    "fk": "%(fk_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)
