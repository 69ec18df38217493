"""Sealed envelopes: what a signed-out pupil leaves on a shared tablet.

When pupil A signs out with changes not yet sent, the device encrypts them to the
server's public key (RSA-OAEP wrapping a fresh AES-GCM key, both from WebCrypto). The
next pupil on the tablet cannot read them; only this server can, when they arrive.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.infra.store import write_atomic

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


class SealError(ValueError):
    """An envelope that cannot be opened (damaged, or sealed for another server)."""


class Sealer:
    def __init__(self, key_path: Path) -> None:
        if key_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            write_atomic(key_path, pem)
            key_path.chmod(0o600)
        self._key = key
        spki = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_spki = base64.b64encode(spki).decode()

    def open(self, wrapped_key: str, iv: str, ciphertext: bytes) -> bytes:
        try:
            aes_key = self._key.decrypt(base64.b64decode(wrapped_key), OAEP)
            return AESGCM(aes_key).decrypt(base64.b64decode(iv), ciphertext, None)
        except (ValueError, InvalidTag, TypeError) as e:
            raise SealError("Deze wijziging kon niet geopend worden.") from e

    def open_envelope(self, envelope: Any) -> bytes:
        """``{"k": wrapped AES key, "iv": ..., "c": ciphertext}``, all base64."""
        if not isinstance(envelope, dict) or not all(
            isinstance(envelope.get(f), str) for f in ("k", "iv", "c")
        ):
            raise SealError("Deze wijziging kon niet geopend worden.")
        try:
            ciphertext = base64.b64decode(envelope["c"])
        except ValueError as e:
            raise SealError("Deze wijziging kon niet geopend worden.") from e
        return self.open(envelope["k"], envelope["iv"], ciphertext)
