"""A WeChat Work (企业微信) group robot: a text posted to the robot's address.

The robot answers ``{"errcode": 0, "errmsg": "ok"}``; any other code (a wrong key, the
robot's limit of 20 messages a minute) or no answer is a ``SendError`` with what came back.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from guanai.notify.channels import SendError, Sent

TIMEOUT = 10
# The robot refuses a text longer than this many bytes.
MAX_BYTES = 2048


def send(url: str, text: str) -> Sent:
    """Post ``text`` to the robot at ``url`` (http or https only)."""
    if not url.lower().startswith(("https://", "http://")):
        raise SendError("not an http(s) address")
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=body.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
            raw = answer.read(4096).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SendError(f"{type(error).__name__}: {error}") from error
    try:
        code = json.loads(raw).get("errcode")
    except (ValueError, AttributeError):
        code = None
    if code != 0:
        raise SendError(raw[:500] or "no answer")
    return Sent(raw[:500])
