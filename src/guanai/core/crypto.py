"""Field encryption and keyed look-up hashes for ID and phone numbers (DESIGN §3, §5).

Two keys are derived from ``settings.GUANAI_FIELD_KEY`` with HKDF-SHA256 under different
``info`` labels: one encrypts values with AES-256-GCM, the other keys an HMAC-SHA256 that
makes a deterministic look-up hash. Knowing one derived key reveals nothing about the
other, so a leaked hash column does not weaken the ciphertext and vice versa.

A token looks like ``v1:<urlsafe base64 of nonce ‖ ciphertext ‖ tag>``. The version prefix
names the key and format, so a later key rotation can read ``v1`` tokens while writing
``v2`` ones.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import os
from collections.abc import Sequence
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
# token_urlsafe(32), what settings generates, is 43 characters; 32 characters of a
# urlsafe alphabet still carry 192 bits. A shorter key is a configuration mistake.
MIN_KEY_LENGTH = 32

_NONCE_BYTES = 12  # 96 bits, the size GCM is designed for
_TAG_BYTES = 16
# A fixed, public salt: HKDF needs no secret salt when the input key is already random,
# but a salt specific to this application keeps its keys apart from any other use of
# the same secret.
_HKDF_SALT = b"guanai field keys"
_ENCRYPTION_INFO = b"guanai/field-encryption/v1"
_LOOKUP_INFO = b"guanai/lookup-hash/v1"
# The version is authenticated with the ciphertext, so a token cannot be relabelled.
_ASSOCIATED_DATA = VERSION.encode()


class DecryptionError(Exception):
    """A stored token could not be decrypted: it was altered, or the key is wrong.

    Not a ``DomainError``: no user can fix it, so it must surface as a server error and be
    logged, not be shown as a refusal of the user's input.
    """


class _FieldKeys(NamedTuple):
    encryption: bytes
    lookup: bytes
    cipher: AESGCM  # for ``encryption``, made once: an import encrypts 200,000 values


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=info).derive(master)


@functools.lru_cache(maxsize=8)
def _field_keys(master: str) -> _FieldKeys:
    """Derive the encryption and look-up keys from ``master`` (cached per key string).

    The cache is keyed on the key string, not computed once at import, so that tests
    overriding ``GUANAI_FIELD_KEY`` get keys derived from the override.
    """
    if len(master) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"GUANAI_FIELD_KEY must be at least {MIN_KEY_LENGTH} characters long; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    material = master.encode()
    encryption = _derive(material, _ENCRYPTION_INFO)
    return _FieldKeys(
        encryption=encryption,
        lookup=_derive(material, _LOOKUP_INFO),
        cipher=AESGCM(encryption),
    )


def _keys() -> _FieldKeys:
    return _field_keys(settings.GUANAI_FIELD_KEY)


def encrypt(text: str) -> str:
    """Encrypt ``text`` into a ``v1:…`` token; equal texts give different tokens."""
    if not isinstance(text, str):
        raise TypeError(f"encrypt() takes a str, not {type(text).__name__}")
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _keys().cipher.encrypt(nonce, text.encode(), _ASSOCIATED_DATA)
    body = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{VERSION}:{body}"


# What base64.urlsafe_b64encode does after the standard encoding.
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encrypt_many(texts: Sequence[str]) -> list[str]:
    """Return ``[encrypt(t) for t in texts]``, for many values at once (an import).

    The same tokens as ``encrypt``, each with a nonce of its own, from one call for the
    random bytes of all the nonces and one look-up of the key.
    """
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"encrypt() takes a str, not {type(text).__name__}")
    seal = _keys().cipher.encrypt
    nonces = os.urandom(_NONCE_BYTES * len(texts))
    b64 = binascii.b2a_base64
    prefix = VERSION + ":"
    tokens = []
    for i, text in enumerate(texts):
        nonce = nonces[i * _NONCE_BYTES : (i + 1) * _NONCE_BYTES]
        raw = nonce + seal(nonce, text.encode(), _ASSOCIATED_DATA)
        body = b64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode("ascii")
        tokens.append(prefix + body)
    return tokens


def decrypt(token: str) -> str:
    """Return the text sealed in ``token``; raise ``DecryptionError`` if it does not verify."""
    if not isinstance(token, str):
        raise TypeError(f"decrypt() takes a str, not {type(token).__name__}")
    return _open(token, _keys().cipher)


# What base64.b64decode(..., altchars=b"-_") undoes before the standard decoding.
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _open(token: str, cipher: AESGCM) -> str:
    version, separator, body = token.partition(":")
    if not separator or version != VERSION:
        raise DecryptionError(
            f"Cannot decrypt a stored value: it does not start with '{VERSION}:', so it was "
            "not written by this application (or by a newer version of it)."
        )
    try:
        # strict_mode refuses stray characters instead of silently skipping them, as
        # b64decode(validate=True) does, without its regular expression per value.
        data = (body + "=" * (-len(body) % 4)).encode("ascii").translate(_FROM_URLSAFE)
        raw = binascii.a2b_base64(data, strict_mode=True)
    except (binascii.Error, ValueError) as error:
        raise DecryptionError("Cannot decrypt a stored value: it is not valid base64.") from error
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Cannot decrypt a stored value: it is truncated.")
    try:
        plain = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _ASSOCIATED_DATA)
    except InvalidTag as error:
        raise DecryptionError(
            "Cannot decrypt a stored value: it was altered, or GUANAI_FIELD_KEY is not "
            "the key it was encrypted with."
        ) from error
    return plain.decode()


def decrypt_many(tokens: Sequence[str]) -> list[str]:
    """Return ``[decrypt(t) for t in tokens]``, with ``""`` for ``""`` as a field reads it:
    for many values at once (an export), from one look-up of the key."""
    cipher = _keys().cipher
    texts = []
    for token in tokens:
        if not isinstance(token, str):
            raise TypeError(f"decrypt() takes a str, not {type(token).__name__}")
        texts.append(_open(token, cipher) if token else "")
    return texts


def lookup_hash(text: str) -> str:
    """Return the hex HMAC-SHA256 of ``text``, already normalised by the caller.

    Deterministic, so it serves exact look-up and uniqueness (e.g. the same ID number
    imported twice). The empty string hashes to the empty string, so that a blank value
    never collides with another blank under a unique constraint that excludes ``""``.
    """
    if not isinstance(text, str):
        raise TypeError(f"lookup_hash() takes a str, not {type(text).__name__}")
    if text == "":
        return ""
    # hmac.digest is OpenSSL's one-shot HMAC, the same digest as hmac.new(…).hexdigest().
    return hmac.digest(_keys().lookup, text.encode(), "sha256").hex()


# A file sealed by ``encrypt_bytes`` starts with this, then the nonce, ciphertext and tag.
_FILE_MAGIC = b"GUANAI-SEALED-v1\n"


def encrypt_bytes(data: bytes) -> bytes:
    """Seal a whole file (an uploaded list kept for a while) with the field key."""
    nonce = os.urandom(_NONCE_BYTES)
    return _FILE_MAGIC + nonce + _keys().cipher.encrypt(nonce, data, _FILE_MAGIC)


def decrypt_bytes(sealed: bytes) -> bytes:
    """Return the file sealed by ``encrypt_bytes``; raise ``DecryptionError`` if altered."""
    if not sealed.startswith(_FILE_MAGIC):
        raise DecryptionError("Cannot decrypt a stored file: it was not sealed by Guanai.")
    body = sealed[len(_FILE_MAGIC) :]
    nonce, rest = body[:_NONCE_BYTES], body[_NONCE_BYTES:]
    try:
        return _keys().cipher.decrypt(nonce, rest, _FILE_MAGIC)
    except InvalidTag as error:
        raise DecryptionError(
            "Cannot decrypt a stored file: it was altered, or GUANAI_FIELD_KEY is not the "
            "key it was sealed with."
        ) from error
