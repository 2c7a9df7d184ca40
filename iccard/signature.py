"""The issuer's signature over a card image: ECDSA P-256 with SHA-256.

iccard/ never holds the issuing private key. Writing a card takes a ``Signer`` (the client
layer builds one from the OS keyring or an HSM); reading takes a ``KeyLookup`` that maps the key
id written on the card to the issuer's public key (distributed as reference data by the sync
layer). ``EcdsaP256Signer`` is the software signer; ``demo_signer()`` a fixed, public,
NOT SECRET key for tests and the demo program.

SM2 with SM3 (GB/T 32918, what Chinese government systems are asked to use) fits the same
interfaces: a signer with ``algorithm = ALG_SM2_SM3`` and a verifier registered below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from iccard.layout import ALG_ECDSA_P256_SHA256

DOMAIN = b"HONGDUN-ENTERPRISE-IC-CARD\x00"  # a signature over a card image is only that
P256_SIGNATURE_LENGTH = 64


@runtime_checkable
class Signer(Protocol):
    """Signs card images for the issuer. ``sign`` gets the bytes to sign (domain prefix
    included) and returns the raw signature (ECDSA: r || s, 32 bytes each)."""

    key_id: str  # written on the card; 1..32 ASCII characters
    algorithm: int  # layout.ALG_*
    signature_length: int

    def sign(self, message: bytes) -> bytes: ...


@runtime_checkable
class KeyLookup(Protocol):
    """key id -> the issuer's public key (SEC1 uncompressed point, 65 bytes for P-256), or
    None when this workstation does not know the key (yet)."""

    def public_key(self, key_id: str) -> bytes | None: ...


class KeyTable:
    """A KeyLookup over a dict; the sync layer can fill one from its reference data."""

    def __init__(self, keys: Mapping[str, bytes] | None = None):
        self._keys: dict[str, bytes] = dict(keys or {})

    def add(self, key_id: str, public_key: bytes) -> None:
        self._keys[key_id] = bytes(public_key)

    def public_key(self, key_id: str) -> bytes | None:
        return self._keys.get(key_id)

    def __contains__(self, key_id: str) -> bool:
        return key_id in self._keys


def signing_input(signed_part: bytes) -> bytes:
    return DOMAIN + signed_part


class EcdsaP256Signer:
    """Software ECDSA P-256 signer over a ``cryptography`` private key."""

    algorithm = ALG_ECDSA_P256_SHA256
    signature_length = P256_SIGNATURE_LENGTH

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, key_id: str):
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("the issuing key must be on P-256")
        self._key = private_key
        self.key_id = key_id

    @classmethod
    def from_pem(cls, pem: bytes, key_id: str, password: bytes | None = None) -> EcdsaP256Signer:
        key = serialization.load_pem_private_key(pem, password)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("not an EC private key")
        return cls(key, key_id)

    @classmethod
    def generate(cls, key_id: str) -> EcdsaP256Signer:
        return cls(ec.generate_private_key(ec.SECP256R1()), key_id)

    def sign(self, message: bytes) -> bytes:
        r, s = decode_dss_signature(self._key.sign(message, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def public_key_bytes(self) -> bytes:
        return public_key_bytes(self._key.public_key())

    def private_key_pem(self) -> bytes:
        """For storing the key in the keyring (the caller decides where; never in the repo)."""
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def public_key_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def _verify_p256(public_key: bytes, message: bytes, signature: bytes) -> bool:
    if len(signature) != P256_SIGNATURE_LENGTH:
        return False
    try:
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        der = encode_dss_signature(r, s)
        key.verify(der, message, ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


# algorithm byte on the card -> verifier(public key, message, signature) -> bool
VERIFIERS: dict[int, Callable[[bytes, bytes, bytes], bool]] = {ALG_ECDSA_P256_SHA256: _verify_p256}


def verify(algorithm: int, public_key: bytes, message: bytes, signature: bytes) -> bool:
    """True only for a good signature; unknown algorithms and garbage give False."""
    verifier = VERIFIERS.get(algorithm)
    return bool(verifier and verifier(public_key, message, signature))


# ------------------------------------------------------------------------------ demo key

DEMO_KEY_ID = "DEMO-P256-01"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def demo_signer(key_id: str = DEMO_KEY_ID) -> EcdsaP256Signer:
    """A fixed key derived from a public phrase: for tests and the demo program only. Cards
    signed by it are valid only where the demo key is in the key table."""
    seed = hashlib.sha256(b"hongdun demo card issuing key / " + key_id.encode()).digest()
    scalar = int.from_bytes(seed, "big") % (_P256_ORDER - 1) + 1
    return EcdsaP256Signer(ec.derive_private_key(scalar, ec.SECP256R1()), key_id)


def demo_keys(*signers: EcdsaP256Signer) -> KeyTable:
    """A KeyTable holding the demo key (and any other given signers' public keys)."""
    table = KeyTable()
    for signer in signers or (demo_signer(),):
        table.add(signer.key_id, signer.public_key_bytes())
    return table
