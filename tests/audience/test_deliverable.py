"""Who gets the mail: one definition, and every path that picks readers agrees with it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from numeriq.audience.models import (
    Frequency,
    Source,
    Subscriber,
    SubscriberStatus,
    is_deliverable,
)
from numeriq.delivery import ledger
from numeriq.delivery.models import Delivery, SendKind

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2031, 3, 3)
PAUSES = (None, -1, 0, 1)  # no pause, pause ended yesterday, ends today, ends tomorrow


@pytest.fixture
def everyone() -> list[Subscriber]:
    """A reader for every state, frequency, recap weekday and pause around the week."""
    now = timezone.now()
    people = []
    combinations = itertools.product(SubscriberStatus, Frequency, range(7), range(7), PAUSES)
    for n, (status, frequency, weekly_day, pause_day, pause) in enumerate(combinations):
        paused_until = None if pause is None else MONDAY + dt.timedelta(days=pause_day + pause)
        people.append(
            Subscriber(
                email=f"r{n}@exemple.fr",
                status=status,
                frequency=frequency,
                weekly_day=weekly_day,
                paused_until=paused_until,
                source=Source.IMPORT,
                created_at=now,
            )
        )
    return Subscriber.objects.bulk_create(people)


def expected(people: list[Subscriber], day: dt.date, frequency: str) -> set[int]:
    """The readers the rule says, computed one by one in Python."""
    return {
        person.pk
        for person in people
        if is_deliverable(person.status, person.paused_until, day)
        and person.frequency == frequency
        and (frequency == Frequency.DAILY or person.weekly_day == day.weekday())
    }


@pytest.mark.parametrize("offset", range(7))
def test_the_queryset_and_the_snapshot_pick_exactly_the_rule_s_readers(
    everyone: list[Subscriber], offset: int
) -> None:
    day = MONDAY + dt.timedelta(days=offset)
    for frequency, kind in (
        (Frequency.DAILY, SendKind.EDITION),
        (Frequency.WEEKLY, SendKind.RECAP),
    ):
        want = expected(everyone, day, frequency)
        assert want, "the fixture covers deliverable readers for every day"
        chosen = set(Subscriber.objects.deliverable(day, frequency).values_list("id", flat=True))
        assert chosen == want
        send, created = ledger.create_send(
            key=f"{kind}-{day}",
            kind=kind,
            subject="Sujet",
            html="<p>x</p>",
            text="x",
            audience_day=day,
        )
        assert created
        snapshot = set(Delivery.objects.filter(send=send).values_list("subscriber_id", flat=True))
        assert snapshot == want


def test_a_recap_whose_weekly_readers_are_all_paused_is_not_started() -> None:
    """The recap asked the same question without the pause (a send with no reader)."""
    from numeriq.delivery.scheduling import start_recap
    from numeriq.editions.models import Edition
    from numeriq.editions.store import import_markdown

    edition = import_markdown(f"---\ndate: {MONDAY}\n---\n\nÉdito.\n\n## Titre\nTexte.\n")
    Edition.objects.filter(pk=edition.pk).update(status="published")
    Subscriber.objects.create(
        email="pause@exemple.fr",
        status=SubscriberStatus.ACTIVE,
        frequency=Frequency.WEEKLY,
        weekly_day=MONDAY.weekday(),
        paused_until=MONDAY + dt.timedelta(days=3),
        source=Source.IMPORT,
        created_at=timezone.now(),
    )
    assert start_recap(MONDAY) is None
