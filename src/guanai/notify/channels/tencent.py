"""Tencent Cloud SMS (腾讯云短信) through its official SDK (tencentcloud-sdk-python-sms).

A message is one of Guanai's templates (``GUANAI_SMS_TEMPLATES``: Guanai's name → the id
of the template approved by Tencent Cloud), its numbered parameters and the signature
approved with it (``GUANAI_SMS_SIGN_NAME``), sent from the SMS application
``GUANAI_SMS_APP_ID``. ``GUANAI_SMS_ENDPOINT`` replaces Tencent Cloud's public host (a
private gateway, or the tests' local fake): ``http://host:port`` or ``host[:port]`` (https).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from guanai.notify.channels import SendError, Sent

# Seconds to wait for Tencent Cloud's answer (the SDK's default is a minute).
TIMEOUT = 15


def mainland(phone: str) -> str:
    """The number as Tencent Cloud wants it, in E.164 (+86 for an 11-digit mobile number)."""
    phone = phone.strip().replace(" ", "").replace("-", "")
    if phone.startswith("+"):
        return phone
    if phone.startswith("0086"):
        return "+" + phone[2:]
    return "+86" + phone


def _http_profile(endpoint: str) -> HttpProfile:
    profile = HttpProfile(reqTimeout=TIMEOUT)
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        profile.endpoint = parts.netloc
        profile.scheme = profile.protocol = parts.scheme or "https"
    return profile


@dataclass(frozen=True)
class TencentProvider:
    secret_id: str
    secret_key: str
    app_id: str
    sign_name: str
    region: str
    templates: dict[str, str]
    endpoint: str = ""

    @classmethod
    def from_settings(cls) -> TencentProvider:
        return cls(
            secret_id=settings.TENCENTCLOUD_SECRET_ID,
            secret_key=settings.TENCENTCLOUD_SECRET_KEY,
            app_id=settings.GUANAI_SMS_APP_ID,
            sign_name=settings.GUANAI_SMS_SIGN_NAME,
            region=settings.GUANAI_SMS_REGION,
            templates=dict(settings.GUANAI_SMS_TEMPLATES),
            endpoint=settings.GUANAI_SMS_ENDPOINT,
        )

    def _client(self) -> sms_client.SmsClient:
        cred = credential.Credential(self.secret_id, self.secret_key)
        profile = ClientProfile(httpProfile=_http_profile(self.endpoint))
        return sms_client.SmsClient(cred, self.region, profile)

    def send(self, phone: str, template: str, params: Sequence[str]) -> Sent:
        """Send template ``template`` with ``params`` to ``phone``; raise ``SendError`` with
        Tencent Cloud's answer when it refuses, or with the error when it cannot be reached."""
        template_id = self.templates.get(template, "")
        if not template_id:
            raise SendError(f"no Tencent Cloud template id set for {template!r}")
        request = models.SendSmsRequest()
        request.SmsSdkAppId = self.app_id
        request.SignName = self.sign_name
        request.TemplateId = template_id
        request.TemplateParamSet = [str(param) for param in params]
        request.PhoneNumberSet = [mainland(phone)]
        try:
            answer = self._client().SendSms(request)
        except TencentCloudSDKException as error:
            # A server's failure comes with its body as bytes.
            message = error.message
            if isinstance(message, bytes):
                message = message.decode("utf-8", "replace")
            said = {"Code": error.code, "Message": str(message)[:500], "RequestId": error.requestId}
            raise SendError(json.dumps(said, ensure_ascii=False)) from error
        statuses = answer.SendStatusSet or []
        if not statuses:
            said = {"Code": "", "Message": "no status", "RequestId": answer.RequestId}
            raise SendError(json.dumps(said, ensure_ascii=False))
        status = statuses[0]
        # The answer kept in the log leaves out the phone number the status repeats.
        kept = {
            "Code": status.Code,
            "Message": str(status.Message or "")[:500],
            "SerialNo": status.SerialNo,
            "RequestId": answer.RequestId,
        }
        if status.Code != "Ok":
            raise SendError(json.dumps(kept, ensure_ascii=False))
        return Sent(json.dumps(kept, ensure_ascii=False))
