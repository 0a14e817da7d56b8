"""A test send: the edition exactly as readers will get it, to one address, outside the ledger."""

from __future__ import annotations

import asyncio

from django.conf import settings
from django.utils import timezone

from numeriq.audience.addresses import normalise
from numeriq.delivery import transports
from numeriq.delivery.errors import DeliveryError
from numeriq.delivery.message import PreparedMessage, Recipient
from numeriq.delivery.outcomes import Reply
from numeriq.editions.models import Edition
from numeriq.editions.render import Brand, render_email


def send_test(
    edition: Edition, address: str, *, web_url: str = "", unsubscribe_url: str = ""
) -> Reply:
    """Render and send the edition to `address` with a "[TEST]" subject; the relay's reply.

    `web_url` and `unsubscribe_url` replace the edition's page (not public before it is
    published) and the subscription page the links of a test lead to by default.
    """
    to = normalise(address)
    content = render_email(edition.to_doc(), Brand.from_settings(), web_url or edition.web_url())
    prepared = PreparedMessage(
        send_id=0,
        subject=f"[TEST] {content.subject}",
        html=content.html,
        text=content.text,
        from_email=settings.FROM_EMAIL,
        list_id=f"{settings.BRAND} <{settings.LIST_ID}>",
        feedback_id=f"test:edition:{settings.LIST_ID}:{settings.FEEDBACK_ID_SENDER}",
    )
    # The link of a test leads to the subscription page: nobody is unsubscribed by a test.
    recipient = Recipient(
        to=to,
        row_id=int(timezone.now().timestamp()),
        unsubscribe_url=unsubscribe_url or f"{settings.SITE_URL}/abonnement/",
        return_path=str(settings.RETURN_PATH),
    )
    transport = transports.from_settings()

    async def deliver() -> Reply:
        try:
            return await transport.send(prepared, recipient, timezone.now())
        finally:
            await transport.close()

    reply = asyncio.run(deliver())
    transport.flush()
    if not 200 <= reply.code < 300:
        raise DeliveryError(f"test to {to} refused: {reply}")
    return reply
