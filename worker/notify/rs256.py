"""RS256 (RSASSA-PKCS1-v1_5 with SHA-256) JWT signing with the standard library only.

FCM HTTP v1 needs an OAuth2 access token obtained with a JWT signed by the
service account's RSA key. pyjwt signs RS256 only with the `cryptography`
package, which the project does not depend on; this is the textbook algorithm
(RFC 8017 §8.2.1) over a PKCS#8 or PKCS#1 PEM key. Signing only, never verifying.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

# DigestInfo prefix of SHA-256 (RFC 8017 §9.2, note 1).
_SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def _read_tlv(der: bytes, pos: int) -> tuple[int, bytes, int]:
    tag = der[pos]
    length = der[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(der[pos : pos + n], "big")
        pos += n
    return tag, der[pos : pos + length], pos + length


def _sequence(der: bytes) -> list[tuple[int, bytes]]:
    tag, content, _ = _read_tlv(der, 0)
    if tag != 0x30:
        raise ValueError("not a DER sequence")
    items, pos = [], 0
    while pos < len(content):
        t, value, pos = _read_tlv(content, pos)
        items.append((t, value))
    return items


def load_private_key(pem: str) -> tuple[int, int]:
    """(n, d) of an RSA private key in PEM (PKCS#8 'PRIVATE KEY' or PKCS#1 'RSA PRIVATE KEY')."""
    lines = [line for line in pem.strip().splitlines() if not line.startswith("-----")]
    der = base64.b64decode("".join(lines))
    items = _sequence(der)
    if "RSA PRIVATE KEY" not in pem:  # PKCS#8: version, algorithm, OCTET STRING(PKCS#1 key)
        items = _sequence(items[2][1])
    n = int.from_bytes(items[1][1], "big")
    d = int.from_bytes(items[3][1], "big")
    return n, d


def sign(data: bytes, n: int, d: int) -> bytes:
    k = (n.bit_length() + 7) // 8
    t = _SHA256_PREFIX + hashlib.sha256(data).digest()
    if k < len(t) + 11:
        raise ValueError("RSA key too short")
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode_jwt(claims: dict[str, Any], pem: str, key_id: str | None = None) -> str:
    header: dict[str, Any] = {"alg": "RS256", "typ": "JWT"}
    if key_id:
        header["kid"] = key_id
    signing_input = ".".join(
        _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    n, d = load_private_key(pem)
    return f"{signing_input}.{_b64(sign(signing_input.encode(), n, d))}"
