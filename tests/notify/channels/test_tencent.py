"""The Tencent Cloud SMS adapter against a local fake of Tencent Cloud's HTTP API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from guanai.notify.channels import SendError, sms
from guanai.notify.channels.tencent import TencentProvider, mainland
from tests.notify.channels.tencent_fake import TencentFake, configure, tencent_fake


@pytest.fixture
def fake(settings: Any) -> Iterator[TencentFake]:
    with tencent_fake() as running:
        configure(settings, running)
        yield running


def test_the_sdk_sends_send_sms_with_the_template_id_params_and_phone(fake: TencentFake) -> None:
    sent = sms.provider()
    assert isinstance(sent, TencentProvider)

    answer = sent.send("13800138000", "digest", ["3", "http://guanai.example/notify/"])

    (request,) = fake.requests
    assert request.action == "SendSms"
    assert request.headers["X-TC-Version"] == "2021-01-11"
    assert request.headers["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDtest/")
    assert request.body == {
        "SmsSdkAppId": "1400000001",
        "SignName": "关爱平台",
        "TemplateId": "100002",
        "TemplateParamSet": ["3", "http://guanai.example/notify/"],
        "PhoneNumberSet": ["+8613800138000"],
    }
    said = json.loads(answer.response)
    assert said["Code"] == "Ok"
    assert said["RequestId"] == "req-1"
    # The log keeps the provider's answer, not the number it was sent to.
    assert "13800138000" not in answer.response


def test_a_status_other_than_ok_is_a_send_error_with_the_answer(fake: TencentFake) -> None:
    fake.answer = "LimitExceeded.PhoneNumberDailyLimit"
    with pytest.raises(SendError) as refused:
        TencentProvider.from_settings().send("13800138000", "code", ["123456", "10"])
    said = json.loads(str(refused.value))
    assert said["Code"] == "LimitExceeded.PhoneNumberDailyLimit"
    assert said["Message"] == "refused"


def test_tencent_clouds_error_shape_is_a_send_error_with_its_code(fake: TencentFake) -> None:
    fake.answer = "error"
    with pytest.raises(SendError) as refused:
        TencentProvider.from_settings().send("13800138000", "code", ["123456", "10"])
    said = json.loads(str(refused.value))
    assert said == {
        "Code": "AuthFailure.SecretIdNotFound",
        "Message": "The SecretId is not found",
        "RequestId": "req-error-1",
    }


def test_a_failing_server_is_a_send_error(fake: TencentFake) -> None:
    fake.answer = "http500"
    with pytest.raises(SendError) as refused:
        TencentProvider.from_settings().send("13800138000", "code", ["1", "2"])
    assert "ServerNetworkError" in str(refused.value)


def test_no_answer_at_all_is_a_send_error(settings: Any) -> None:
    with tencent_fake() as gone:
        configure(settings, gone)
    # The fake has stopped: nothing listens on its port any more.
    with pytest.raises(SendError) as refused:
        TencentProvider.from_settings().send("13800138000", "code", ["1", "2"])
    assert "ClientNetworkError" in str(refused.value)


def test_a_template_without_an_id_is_refused_before_anything_is_sent(fake: TencentFake) -> None:
    provider = TencentProvider.from_settings()
    with pytest.raises(SendError, match="no Tencent Cloud template id"):
        provider.send("13800138000", "unknown", [])
    assert fake.requests == []


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+8613800138000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
    ],
)
def test_numbers_are_sent_in_e164(given: str, sent: str) -> None:
    assert mainland(given) == sent
