"""Emails in French, text and HTML, sent in-process once the transaction has committed.

No broker: `send_after_commit` queues the message on the current transaction, so nothing is
sent for a change that was rolled back, and a failed send never undoes the change.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@dataclass
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # e.g. "text/calendar; method=REQUEST; charset=utf-8"


@dataclass
class Email:
    to: list[str]
    subject: str
    template: str  # "registrations/emails/confirmation" → .txt (required) and .html (optional)
    context: dict = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)


def build_message(email: Email) -> EmailMultiAlternatives:
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **email.context}
    text = render_to_string(f"{email.template}.txt", context)
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {email.subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
    )
    try:
        html = render_to_string(f"{email.template}.html", context)
    except TemplateDoesNotExist:  # the HTML version is optional
        html = None
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


def send_now(email: Email) -> bool:
    try:
        build_message(email).send()
    except Exception:  # a mail server down must not break the request that triggered it
        logger.exception("email %r to %s not sent", email.subject, email.to)
        return False
    return True


def send_after_commit(email: Email) -> None:
    transaction.on_commit(lambda: send_now(email))
