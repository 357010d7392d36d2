"""Field encryption (AES-GCM) and look-up hashes (HMAC) under keys derived by HKDF."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterator

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from guanai.core import crypto
from guanai.core.crypto import DecryptionError, decrypt, encrypt, lookup_hash

KEY = "test-field-key-0123456789abcdefghijklmnopqrstuvwxyz"
OTHER_KEY = "another-field-key-0123456789abcdefghijklmnopqrstuv"
ID_NUMBER = "513322201001011234"
# Written once with KEY by this code. Stored tokens and hashes must stay readable and
# equal across releases, so these pin the format and the key derivation.
GOLDEN_TOKEN = "v1:-y1ypcqisueRPRJ4-7HR0SPQcGHoM1IGnTMzxvQI3f5wXBBQn8X-XbA0Vfv5iA"
GOLDEN_HASH = "34e57f0fbe50496e1460d2845a65313eb6ef92670f2950e2210afd6e8201383d"
TOKEN_SHAPE = re.compile(r"v1:[A-Za-z0-9_-]+")


@pytest.fixture(autouse=True)
def field_key() -> Iterator[None]:
    with override_settings(GUANAI_FIELD_KEY=KEY):
        yield


def tampered(token: str, at: int) -> str:
    """Return ``token`` with the base64 character at ``at`` replaced by another one."""
    replacement = "A" if token[at] != "A" else "B"
    return token[:at] + replacement + token[at + 1 :]


def test_round_trip_of_an_id_number_and_a_phone_number() -> None:
    assert decrypt(encrypt(ID_NUMBER)) == ID_NUMBER
    assert decrypt(encrypt("138 1234 5678")) == "138 1234 5678"


@given(st.text())
def test_round_trip_of_any_text(text: str) -> None:
    with override_settings(GUANAI_FIELD_KEY=KEY):
        token = encrypt(text)
        assert TOKEN_SHAPE.fullmatch(token)
        assert decrypt(token) == text


def test_token_is_versioned_urlsafe_and_hides_the_text() -> None:
    token = encrypt(ID_NUMBER)
    assert TOKEN_SHAPE.fullmatch(token)
    assert ID_NUMBER not in token
    # 12-byte nonce + 18 bytes of text + 16-byte tag = 46 bytes, which is
    # ceil(46 * 4 / 3) = 62 characters of base64 without padding.
    assert len(token) == len("v1:") + 62


def test_the_same_text_encrypts_differently_every_time() -> None:
    tokens = {encrypt(ID_NUMBER) for _ in range(20)}
    assert len(tokens) == 20
    assert {decrypt(token) for token in tokens} == {ID_NUMBER}


def test_a_token_written_by_an_earlier_release_still_decrypts() -> None:
    assert decrypt(GOLDEN_TOKEN) == ID_NUMBER


@pytest.mark.parametrize("position", [3, 10, 20, 40, -5])
def test_an_altered_token_fails_authentication(position: int) -> None:
    token = encrypt(ID_NUMBER)
    with pytest.raises(DecryptionError, match="altered"):
        decrypt(tampered(token, position % len(token)))


def test_a_token_under_another_key_fails_with_the_key_named() -> None:
    token = encrypt(ID_NUMBER)
    with override_settings(GUANAI_FIELD_KEY=OTHER_KEY), pytest.raises(DecryptionError) as caught:
        decrypt(token)
    assert "GUANAI_FIELD_KEY" in str(caught.value)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (ID_NUMBER, "does not start with 'v1:'"),
        ("v2:" + GOLDEN_TOKEN[3:], "does not start with 'v1:'"),
        ("", "does not start with 'v1:'"),
        ("v1:not base64!", "not valid base64"),
        ("v1:" + GOLDEN_TOKEN[3:] + "=" * 3, "not valid base64"),
        ("v1:", "truncated"),
        ("v1:" + GOLDEN_TOKEN[3:30], "truncated"),
    ],
)
def test_malformed_tokens_are_refused_with_the_reason(token: str, reason: str) -> None:
    with pytest.raises(DecryptionError, match=re.escape(reason)):
        decrypt(token)


def test_the_version_prefix_is_authenticated_with_the_ciphertext() -> None:
    # A later version may be read differently, so relabelling a v1 token must not verify.
    aead = AESGCM(crypto._field_keys(KEY).encryption)
    raw = base64.urlsafe_b64decode(GOLDEN_TOKEN[3:] + "==")
    nonce, sealed = raw[:12], raw[12:]
    assert aead.decrypt(nonce, sealed, b"v1") == ID_NUMBER.encode()
    with pytest.raises(InvalidTag):
        aead.decrypt(nonce, sealed, b"v2")


def test_lookup_hash_is_deterministic_hex_and_keyed() -> None:
    digest = lookup_hash(ID_NUMBER)
    assert digest == lookup_hash(ID_NUMBER) == GOLDEN_HASH
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert lookup_hash("513322201001011235") != digest
    # Not a plain hash: without the key the digest cannot be recomputed from a guess.
    assert digest != hashlib.sha256(ID_NUMBER.encode()).hexdigest()
    with override_settings(GUANAI_FIELD_KEY=OTHER_KEY):
        assert lookup_hash(ID_NUMBER) != digest


def test_lookup_hash_leaves_the_empty_string_empty() -> None:
    # So that blank values never collide under a unique constraint excluding "".
    assert lookup_hash("") == ""


def test_lookup_hash_does_not_normalise() -> None:
    # Normalising (upper-case X, stripped spaces) is the caller's job: the hash is exact.
    assert lookup_hash("51332220100101123x") != lookup_hash("51332220100101123X")
    assert lookup_hash(" 13812345678") != lookup_hash("13812345678")


def test_keys_are_derived_by_hkdf_with_separate_labels() -> None:
    def derive(info: bytes) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"guanai field keys", info=info
        ).derive(KEY.encode())

    keys = crypto._field_keys(KEY)
    assert keys.encryption == derive(b"guanai/field-encryption/v1")
    assert keys.lookup == derive(b"guanai/lookup-hash/v1")
    assert keys.encryption != keys.lookup
    expected = hmac.new(keys.lookup, ID_NUMBER.encode(), hashlib.sha256).hexdigest()
    assert lookup_hash(ID_NUMBER) == expected


def test_an_overridden_key_takes_effect_at_once() -> None:
    token = encrypt(ID_NUMBER)
    with override_settings(GUANAI_FIELD_KEY=OTHER_KEY):
        with pytest.raises(DecryptionError):
            decrypt(token)
        assert decrypt(encrypt(ID_NUMBER)) == ID_NUMBER
    assert decrypt(token) == ID_NUMBER


@override_settings(GUANAI_FIELD_KEY="too-short")
def test_a_short_key_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        encrypt(ID_NUMBER)
    with pytest.raises(ImproperlyConfigured):
        lookup_hash(ID_NUMBER)


def test_only_text_is_accepted() -> None:
    with pytest.raises(TypeError):
        encrypt(13812345678)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        lookup_hash(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        decrypt(b"v1:abc")  # type: ignore[arg-type]


@given(st.text())
def test_lookup_hash_is_the_standard_hmac_sha256_of_any_text(text: str) -> None:
    # lookup_hash absorbs the key once (RFC 2104's padded inner and outer hashes); the
    # result must be the library's HMAC, or stored hashes would stop matching.
    with override_settings(GUANAI_FIELD_KEY=KEY):
        keys = crypto._keys()
        expected = hmac.new(keys.lookup, text.encode(), hashlib.sha256).hexdigest()
        assert lookup_hash(text) == (expected if text else "")


def test_encrypt_many_gives_tokens_that_decrypt_each_with_a_nonce_of_its_own() -> None:
    texts = [ID_NUMBER, "13812345678", ID_NUMBER, "", "张三"]
    tokens = crypto.encrypt_many(texts)
    assert [decrypt(t) for t in tokens] == texts
    assert all(TOKEN_SHAPE.fullmatch(t) for t in tokens)
    nonces = {base64.urlsafe_b64decode(t[3:] + "=" * (-len(t[3:]) % 4))[:12] for t in tokens}
    assert len(nonces) == len(texts)
    assert tokens[0] != tokens[2]
    assert crypto.encrypt_many([]) == []


@given(st.lists(st.text(), max_size=5))
def test_encrypt_many_tokens_have_the_shape_and_length_of_encrypt(texts: list[str]) -> None:
    with override_settings(GUANAI_FIELD_KEY=KEY):
        tokens = crypto.encrypt_many(texts)
        assert [decrypt(t) for t in tokens] == texts
        assert [len(t) for t in tokens] == [len(encrypt(t)) for t in texts]


def test_encrypt_many_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError):
        crypto.encrypt_many(["a", 5])  # type: ignore[list-item]


def test_decrypt_many_reads_what_decrypt_reads_and_leaves_blanks_blank() -> None:
    texts = [ID_NUMBER, "13812345678", "张三"]
    tokens = [*crypto.encrypt_many(texts), "", GOLDEN_TOKEN]
    assert crypto.decrypt_many(tokens) == [*texts, "", decrypt(GOLDEN_TOKEN)]
    assert crypto.decrypt_many([]) == []


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("v1:not base64!", "not valid base64"),
        ("v1:" + GOLDEN_TOKEN[3:] + "=" * 3, "not valid base64"),
        ("v1:" + GOLDEN_TOKEN[3:30], "truncated"),
        ("v1:" + GOLDEN_TOKEN[3:-2] + "AA", "altered"),
    ],
)
def test_decrypt_many_refuses_a_bad_token_among_good_ones(token: str, reason: str) -> None:
    with pytest.raises(DecryptionError, match=re.escape(reason)):
        crypto.decrypt_many([encrypt(ID_NUMBER), token])
    with pytest.raises(TypeError):
        crypto.decrypt_many([None])  # type: ignore[list-item]
