"""A local fake of Tencent Cloud's SMS API (the 2021-01-11 version's ``SendSms``).

It answers the SDK's signed POST with Tencent Cloud's JSON shapes and keeps each request
(the action header and the JSON body) for the test to read. ``answer`` chooses the reply:
``"ok"`` (a status ``Ok`` per number), a status code (``"LimitExceeded.PhoneNumberDailyLimit"``)
for a refused number, ``"error"`` for Tencent Cloud's error shape (a wrong key), or
``"http500"`` for a server that fails.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    action: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class TencentFake:
    url: str = ""
    answer: str = "ok"
    requests: list[Received] = field(default_factory=list)


def _handler(fake: TencentFake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(
                Received(self.headers.get("X-TC-Action", ""), body, dict(self.headers))
            )
            if fake.answer == "http500":
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"internal error")
                return
            if fake.answer == "error":
                reply: dict[str, Any] = {
                    "Error": {
                        "Code": "AuthFailure.SecretIdNotFound",
                        "Message": "The SecretId is not found",
                    },
                    "RequestId": "req-error-1",
                }
            else:
                code = "Ok" if fake.answer == "ok" else fake.answer
                reply = {
                    "SendStatusSet": [
                        {
                            "SerialNo": "2028:0001",
                            "PhoneNumber": phone,
                            "Fee": 1,
                            "SessionContext": "",
                            "Code": code,
                            "Message": "send success" if code == "Ok" else "refused",
                            "IsoCode": "CN",
                        }
                        for phone in body.get("PhoneNumberSet", [])
                    ],
                    "RequestId": "req-1",
                }
            raw = json.dumps({"Response": reply}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def tencent_fake() -> Iterator[TencentFake]:
    """Run the fake on a free local port for the block."""
    fake = TencentFake()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def configure(settings: Any, fake: TencentFake) -> None:
    """Point Guanai's SMS settings (pytest-django's ``settings``) at the fake."""
    settings.GUANAI_SMS_PROVIDER = "tencent"
    settings.GUANAI_SMS_ENDPOINT = fake.url
    settings.TENCENTCLOUD_SECRET_ID = "AKIDtest"
    settings.TENCENTCLOUD_SECRET_KEY = "test-key"
    settings.GUANAI_SMS_APP_ID = "1400000001"
    settings.GUANAI_SMS_SIGN_NAME = "关爱平台"
    settings.GUANAI_SMS_TEMPLATES = {"code": "100001", "digest": "100002"}
