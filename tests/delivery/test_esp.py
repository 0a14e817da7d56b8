"""Email service providers: sending through anymail, and their bounce and complaint webhooks
(realistic Brevo and Amazon SES/SNS payloads) ending in the ledger and suppression list."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json

import pytest
import requests
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailRequestsAPIError
from anymail.message import AnymailRecipientStatus
from django.core import mail
from django.core.mail import mailers
from django.utils import timezone

from numeriq import settings as numeriq_settings
from numeriq.audience.models import Source, Subscriber, SubscriberStatus
from numeriq.audience.suppression import is_suppressed
from numeriq.delivery import bounces
from numeriq.delivery.esp import EspTransport
from numeriq.delivery.message import UNSUBSCRIBE_URL, PreparedMessage, Recipient
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind
from numeriq.delivery.outcomes import Verdict, classify

SECRET = "esp:s3cret-webhook"
AUTH = "Basic " + base64.b64encode(SECRET.encode()).decode()
NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)


def prepared(send_id: int = 7) -> PreparedMessage:
    return PreparedMessage(
        send_id=send_id,
        subject="L’IA entre au rayon fruits et légumes",
        html=f'<p>Bonjour</p>\n<p><a href="{UNSUBSCRIBE_URL}">Se désabonner</a></p>',
        text=f"Bonjour\n\nSe désabonner : {UNSUBSCRIBE_URL}\n",
        from_email="Numériq'1 <edition@numeriq.example>",
        list_id="Numériq'1 <quotidien.numeriq.example>",
        feedback_id="7:edition:numeriq",
    )


def recipient(to: str = "lea.martin@example.fr", row_id: int = 100) -> Recipient:
    return Recipient(
        to=to,
        row_id=row_id,
        unsubscribe_url=f"https://numeriq.example/desabonnement/{row_id}/",
        return_path=f"bounces+{row_id}.0a1b2c3d@numeriq.example",
    )


class ScriptedBackend(AnymailTestBackend):
    """anymail's test backend, answering as an ESP would for some addresses."""

    def post_to_esp(self, payload, message):
        local = message.to[0].split("@")[0]
        if local == "throttled":
            response = requests.Response()
            response.status_code, response.reason = 429, "Too Many Requests"
            response._content = b'{"code": "too_many_requests", "message": "rate exceeded"}'
            raise AnymailRequestsAPIError(
                "Brevo API response 429", email_message=message, payload=payload, response=response
            )
        if local == "offline":
            raise requests.ConnectionError("Connection refused")
        if local in ("invalid", "rejected"):
            message.anymail_test_params = payload.get_params()
            status = AnymailRecipientStatus(message_id="esp-1", status=local)
            return {"recipient_status": {message.to[0]: status}}
        return super().post_to_esp(payload, message)


@pytest.fixture
def test_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.delivery.test_esp.ScriptedBackend"}}
    mail.outbox = []
    return settings


def send(transport: EspTransport, *messages: tuple[PreparedMessage, Recipient]) -> list:
    async def run():
        try:
            return await asyncio.gather(*(transport.send(p, r, NOW) for p, r in messages))
        finally:
            await transport.close()

    return asyncio.run(run())


def test_a_message_goes_through_anymail_with_its_headers_and_ledger_metadata(test_mailer):
    (reply,) = send(EspTransport(concurrency=2), (prepared(), recipient()))

    assert reply.code == 250 and classify(reply).verdict == Verdict.SENT
    (sent,) = mail.outbox
    assert sent.to == ["lea.martin@example.fr"]
    assert sent.subject == "L’IA entre au rayon fruits et légumes"
    assert sent.from_email == "Numériq'1 <edition@numeriq.example>"
    assert sent.body == "Bonjour\n\nSe désabonner : https://numeriq.example/desabonnement/100/\n"
    assert 'href="https://numeriq.example/desabonnement/100/"' in sent.alternatives[0][0]
    assert sent.extra_headers["List-Unsubscribe"] == (
        "<mailto:bounces+100.0a1b2c3d@numeriq.example?subject=unsubscribe>, "
        "<https://numeriq.example/desabonnement/100/>"
    )
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["List-Id"] == "Numériq'1 <quotidien.numeriq.example>"
    assert sent.extra_headers["Feedback-ID"] == "7:edition:numeriq"
    assert sent.extra_headers["Message-ID"] == "<numeriq.7.100@numeriq.example>"
    assert sent.anymail_test_params["metadata"] == {"ledger": 100}
    # The MIME message anymail would hand to SES parses with the standard library.
    parsed = sent.message()
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_many_messages_share_the_thread_pool(test_mailer):
    message = prepared()
    replies = send(
        EspTransport(concurrency=3),
        *((message, recipient(f"lecteur-{n}@example.fr", 1000 + n)) for n in range(12)),
    )

    assert [r.code for r in replies] == [250] * 12
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"lecteur-{n}@example.fr" for n in range(12)
    )


@pytest.mark.parametrize(
    ("address", "code", "verdict", "hard"),
    [
        ("invalid@example.fr", 550, Verdict.BOUNCED, True),
        ("rejected@example.fr", 550, Verdict.BOUNCED, False),
        ("throttled@example.fr", 451, Verdict.DEFERRED, False),
        ("offline@example.fr", 0, Verdict.DEFERRED, False),
    ],
)
def test_esp_answers_become_ledger_replies(test_mailer, address, code, verdict, hard):
    (reply,) = send(EspTransport(concurrency=1), (prepared(), recipient(address)))

    assert reply.code == code
    outcome = classify(reply)
    assert (outcome.verdict, outcome.hard) == (verdict, hard)


def test_a_misconfigured_esp_defers_instead_of_bouncing(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.brevo.EmailBackend"}}
    settings.ANYMAIL = {}  # no BREVO_API_KEY

    (reply,) = send(EspTransport(concurrency=1), (prepared(), recipient()))

    assert reply.code == 451 and "configuration" in reply.text
    assert classify(reply).verdict == Verdict.DEFERRED


def _url(text: str):
    """NUMERIQ_EMAIL_URL as the settings parse it."""
    from numeriq.config import EMAIL_URL_PARSER

    return EMAIL_URL_PARSER.parse(text)


def test_settings_select_ses_and_brevo_by_url(monkeypatch):
    assert numeriq_settings._mailer(_url("ses://?region=eu-west-1")) == {
        "BACKEND": "anymail.backends.amazon_ses.EmailBackend"
    }
    assert (
        numeriq_settings._mailer(_url("brevo://"))["BACKEND"]
        == "anymail.backends.brevo.EmailBackend"
    )
    monkeypatch.setattr(numeriq_settings, "ESP_WEBHOOK_SECRET", "u:p")
    monkeypatch.setattr(numeriq_settings, "BREVO_API_KEY", "xkeysib-test")
    ses = numeriq_settings._anymail(_url("ses://?region=eu-west-1&configuration_set=numeriq"))
    assert ses == {
        "WEBHOOK_SECRET": "u:p",
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": "eu-west-1"},
        "AMAZON_SES_CONFIGURATION_SET_NAME": "numeriq",
    }
    assert numeriq_settings._anymail(_url("brevo://")) == {
        "WEBHOOK_SECRET": "u:p",
        "BREVO_API_KEY": "xkeysib-test",
    }


def test_the_ses_and_brevo_backends_load_from_those_settings(settings):
    settings.ANYMAIL = {
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": "eu-west-1"},
        "BREVO_API_KEY": "xkeysib-test",
    }
    settings.MAILERS = {
        "default": {"BACKEND": "anymail.backends.amazon_ses.EmailBackend"},
        "brevo": {"BACKEND": "anymail.backends.brevo.EmailBackend"},
    }
    assert type(mailers["default"]).__module__ == "anymail.backends.amazon_ses"
    assert mailers["brevo"].api_key == "xkeysib-test"


# --- Webhooks -----------------------------------------------------------------------------


def ledger_row(address: str) -> Delivery:
    now = timezone.now()
    send_row = Send.objects.create(
        key=f"esp-{address}",
        kind=SendKind.EDITION,
        subject="s",
        html="h",
        text="t",
        created_at=now,
        snapshot_at=now,
        retry_until=now + dt.timedelta(hours=24),
    )
    reader = Subscriber.objects.create(
        email=address, status=SubscriberStatus.ACTIVE, source=Source.FORM, created_at=now
    )
    return Delivery.objects.create(send=send_row, subscriber=reader, state=DeliveryState.SENT)


def brevo_event(event: str, address: str, row: Delivery | None, **extra) -> dict:
    payload = {
        "event": event,
        "email": address,
        "id": 1234567,
        "date": "2026-11-27 06:00:09",
        "ts": 1764219609,
        "message-id": "<202611270500.12345678901@smtp-relay.mailin.fr>",
        "ts_event": 1764219609,
        "subject": "L’IA entre au rayon fruits et légumes",
        "tag": "",
        "sending_ip": "185.41.28.109",
        "ts_epoch": 1764219609123,
        "tags": [],
        **extra,
    }
    if row is not None:
        payload["X-Mailin-custom"] = json.dumps({"ledger": row.pk})
    return payload


@pytest.fixture
def webhooks(settings, db):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    return settings


def post_brevo(client, payload, auth=AUTH):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(
        "/esp/brevo/tracking/", json.dumps(payload), content_type="application/json", **headers
    )


def test_a_brevo_hard_bounce_bounces_the_row_and_suppresses_the_reader(client, webhooks):
    row = ledger_row("lea.martin@example.fr")
    payload = brevo_event(
        "hard_bounce", "lea.martin@example.fr", row, reason="550 5.1.1 User unknown"
    )

    assert post_brevo(client, payload).status_code == 200

    assert Subscriber.objects.get(email="lea.martin@example.fr").status == SubscriberStatus.BOUNCED
    assert is_suppressed("lea.martin@example.fr")
    row.refresh_from_db()
    assert row.state == DeliveryState.BOUNCED and "5.1.1" in row.last_reply


def test_a_brevo_soft_bounce_only_counts(client, webhooks):
    row = ledger_row("paul@example.fr")
    payload = brevo_event("soft_bounce", "paul@example.fr", row, reason="452 4.2.2 mailbox full")

    assert post_brevo(client, payload).status_code == 200

    reader = Subscriber.objects.get(email="paul@example.fr")
    assert (reader.status, reader.soft_bounces) == (SubscriberStatus.ACTIVE, 1)
    row.refresh_from_db()
    assert row.state == DeliveryState.BOUNCED


def test_a_brevo_complaint_suppresses_the_reader(client, webhooks):
    ledger_row("lea.martin@example.fr")
    assert post_brevo(client, brevo_event("spam", "lea.martin@example.fr", None)).status_code == 200
    assert (
        Subscriber.objects.get(email="lea.martin@example.fr").status == SubscriberStatus.COMPLAINED
    )


def test_metadata_naming_another_reader_s_row_does_not_touch_that_row(client, webhooks):
    other = ledger_row("autre@example.fr")
    ledger_row("lea.martin@example.fr")

    post_brevo(client, brevo_event("hard_bounce", "lea.martin@example.fr", other))

    other.refresh_from_db()
    assert other.state == DeliveryState.SENT
    assert Subscriber.objects.get(email="autre@example.fr").status == SubscriberStatus.ACTIVE
    assert Subscriber.objects.get(email="lea.martin@example.fr").status == SubscriberStatus.BOUNCED


def test_webhooks_need_the_secret(client, webhooks):
    ledger_row("lea.martin@example.fr")
    payload = brevo_event("hard_bounce", "lea.martin@example.fr", None)

    assert post_brevo(client, payload, auth=None).status_code == 400
    bad = "Basic " + base64.b64encode(b"esp:wrong").decode()
    assert post_brevo(client, payload, auth=bad).status_code == 400
    webhooks.ANYMAIL = {}
    assert post_brevo(client, payload).status_code == 403
    assert Subscriber.objects.get(email="lea.martin@example.fr").status == SubscriberStatus.ACTIVE


def sns_notification(ses_event: dict) -> dict:
    return {
        "Type": "Notification",
        "MessageId": "5b1f6c9e-3c4d-5e6f-8a9b-0c1d2e3f4a5b",
        "TopicArn": "arn:aws:sns:eu-west-1:123456789012:numeriq-ses-events",
        "Message": json.dumps(ses_event),
        "Timestamp": "2026-11-27T05:00:09.512Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+2BfM1r9f0Yyy9k0ZrQnYH8mBc0XqoW0K0lQ==",
        "SigningCertURL": (
            "https://sns.eu-west-1.amazonaws.com/"
            "SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
        ),
        "UnsubscribeURL": (
            "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            "arn:aws:sns:eu-west-1:123456789012:numeriq-ses-events:1a2b3c4d"
        ),
    }


def ses_mail(address: str, message_id: str) -> dict:
    return {
        "timestamp": "2026-11-27T05:00:02.000Z",
        "source": "edition@numeriq.example",
        "sourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/numeriq.example",
        "sendingAccountId": "123456789012",
        "messageId": "0102019a6f3e4b5c-1d2e3f4a-5b6c-7d8e-9f0a-1b2c3d4e5f6a-000000",
        "destination": [address],
        "headersTruncated": False,
        "commonHeaders": {
            "from": ["Numériq'1 <edition@numeriq.example>"],
            "to": [address],
            "messageId": message_id,
            "subject": "L’IA entre au rayon fruits et légumes",
        },
    }


def post_sns(client, body: dict):
    return client.post(
        "/esp/amazon_ses/tracking/",
        json.dumps(body),
        content_type="text/plain; charset=UTF-8",
        HTTP_AUTHORIZATION=AUTH,
        HTTP_X_AMZ_SNS_MESSAGE_TYPE=body["Type"],
        HTTP_X_AMZ_SNS_MESSAGE_ID=body["MessageId"],
    )


def test_an_ses_permanent_bounce_found_by_message_id_suppresses_the_reader(client, webhooks):
    row = ledger_row("lea.martin@example.fr")
    message_id = f"<numeriq.{row.send_id}.{row.pk}@numeriq.example>"
    event = {
        "notificationType": "Bounce",
        "bounce": {
            "feedbackId": "0102019a6f3e5d6e-aaaa-bbbb-cccc-dddddddddddd-000000",
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": "lea.martin@example.fr",
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": "2026-11-27T05:00:09.000Z",
            "remoteMtaIp": "203.0.113.25",
            "reportingMTA": "dsn; a1-23.smtp-out.eu-west-1.amazonses.com",
        },
        "mail": ses_mail("lea.martin@example.fr", message_id),
    }

    assert post_sns(client, sns_notification(event)).status_code == 200

    assert is_suppressed("lea.martin@example.fr")
    row.refresh_from_db()
    assert row.state == DeliveryState.BOUNCED and "550 5.1.1" in row.last_reply


def test_an_ses_transient_bounce_counts_and_a_complaint_suppresses(client, webhooks):
    ledger_row("paul@example.fr")
    transient = {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Transient",
            "bounceSubType": "MailboxFull",
            "bouncedRecipients": [{"emailAddress": "paul@example.fr", "status": "4.2.2"}],
            "timestamp": "2026-11-27T05:00:09.000Z",
        },
        "mail": ses_mail("paul@example.fr", "<unrelated@example.org>"),
    }
    assert post_sns(client, sns_notification(transient)).status_code == 200
    reader = Subscriber.objects.get(email="paul@example.fr")
    assert (reader.status, reader.soft_bounces) == (SubscriberStatus.ACTIVE, 1)

    complaint = {
        "notificationType": "Complaint",
        "complaint": {
            "complainedRecipients": [{"emailAddress": "paul@example.fr"}],
            "timestamp": "2026-11-27T07:14:54.000Z",
            "feedbackId": "0102019a70aa1b2c-eeee-ffff-0000-111111111111-000000",
            "userAgent": "Yahoo!-Mail-Feedback/2.0",
            "complaintFeedbackType": "abuse",
        },
        "mail": ses_mail("paul@example.fr", "<unrelated@example.org>"),
    }
    body = sns_notification(complaint) | {"MessageId": "6c2a7d0f-4d5e-6f70-9b0c-1d2e3f4a5b6c"}
    assert post_sns(client, body).status_code == 200
    assert Subscriber.objects.get(email="paul@example.fr").status == SubscriberStatus.COMPLAINED


def test_the_verp_codec_is_untouched_by_esp_sends():
    # ESP messages carry the VERP address only in the List-Unsubscribe mailto; that mail
    # comes back to the bounce mailbox (mailbox.py), signed as for SMTP sends.
    codec = bounces.verp()
    assert codec.row_id(codec.address(100)) == 100
