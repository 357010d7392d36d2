"""E-mail through Django's mail framework (the SMTP settings come from the environment)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from guanai.notify.channels import SendError, Sent


def send(to: str, subject: str, text: str) -> Sent:
    """Send a plain-text message to one address; raise ``SendError`` if the server refuses
    it or cannot be reached."""
    message = EmailMessage(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    try:
        accepted = message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}") from error
    if not accepted:
        raise SendError("the mail server accepted no recipient")
    return Sent("250 accepted")
