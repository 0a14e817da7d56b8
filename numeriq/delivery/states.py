"""What may follow what, for a send and for its ledger rows, and the one place that writes them.

A send:  sending ⇄ paused;  sending/paused → cancelled;  sending → done (every row closed);
         done/cancelled → sending (a resend, or readers added after the end).
A row:   queued/deferred → sending (claimed) → sent / deferred / bounced / failed, or back
         to queued (released by a stopping worker); open rows → suppressed (the reader left
         before it was sent), cancelled (the send was), failed (past the retry deadline, or
         the send could not be prepared); sent, deferred or failed → bounced (a report came back
         later);
         failed / bounced / cancelled → queued (a resend).
Every state change of a send or a row goes through this module, which refuses any move not
in the tables below (tests/delivery/test_states.py checks that nothing else writes a state).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from numeriq.delivery import ledger_sql
from numeriq.delivery.errors import DeliveryError
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendState

S, D = SendState, DeliveryState

SEND_MOVES: dict[SendState, frozenset[SendState]] = {
    S.SENDING: frozenset({S.PAUSED, S.CANCELLED, S.DONE}),
    S.PAUSED: frozenset({S.SENDING, S.CANCELLED}),
    S.DONE: frozenset({S.SENDING}),
    S.CANCELLED: frozenset({S.SENDING}),
}

ROW_MOVES: dict[DeliveryState, frozenset[DeliveryState]] = {
    D.QUEUED: frozenset({D.SENDING, D.SUPPRESSED, D.CANCELLED, D.FAILED}),
    D.DEFERRED: frozenset({D.SENDING, D.SUPPRESSED, D.CANCELLED, D.FAILED, D.BOUNCED}),
    # Sending → sending: a lease that expired (its worker died) is claimed again.
    D.SENDING: frozenset(
        {D.SENDING, D.SENT, D.DEFERRED, D.BOUNCED, D.FAILED, D.QUEUED, D.SUPPRESSED, D.CANCELLED}
    ),
    D.SENT: frozenset({D.BOUNCED}),
    D.BOUNCED: frozenset({D.BOUNCED, D.QUEUED}),
    D.FAILED: frozenset({D.BOUNCED, D.QUEUED}),
    D.CANCELLED: frozenset({D.QUEUED}),
    D.SUPPRESSED: frozenset(),
}


class StateMoveError(DeliveryError):
    """A state change the tables of numeriq/delivery/states.py do not allow."""

    def __init__(self, what: str, current: str, target: str) -> None:
        super().__init__(f"{what}: {current} cannot become {target}")
        self.current = current
        self.target = target


def can_move_send(current: str, target: str) -> bool:
    """Whether a send in state `current` may go to `target`."""
    return SendState(target) in SEND_MOVES[SendState(current)]


def check_rows(sources: Iterable[str], target: str) -> None:
    """Refuse a row move from any of `sources` to `target` that the table does not list."""
    for source in sources:
        if DeliveryState(target) not in ROW_MOVES[DeliveryState(source)]:
            raise StateMoveError("ledger row", source, target)


def check_send(
    send: Send, target: SendState, sources: Iterable[SendState] = tuple(SendState)
) -> None:
    """Refuse, in words, a move of this send from a state not in `sources` or not in the table."""
    if send.state not in sources or not can_move_send(send.state, target):
        raise DeliveryError(
            f"send {send.key} is {send.get_state_display().lower()}: "
            f"it cannot become {target.label.lower()}"
        )


def move_send(
    send: Send, target: SendState, sources: Iterable[SendState] = tuple(SendState), **fields: Any
) -> Send:
    """Change a (locked) send's state, with other fields, if it is in one of `sources`."""
    check_send(send, target, sources)
    send.state = target
    for name, value in fields.items():
        setattr(send, name, value)
    send.save(update_fields=["state", *fields])
    return send


def move_sends(
    sends: QuerySet[Send], target: SendState, *, sources: Sequence[SendState], **fields: Any
) -> int:
    """Move the sends of a query that are in one of `sources` to `target`; how many moved."""
    for source in sources:
        if target not in SEND_MOVES[source]:
            raise StateMoveError("send", source, target)
    return sends.filter(state__in=list(sources)).update(state=target, **fields)


def move_rows(
    rows: QuerySet[Delivery],
    target: DeliveryState,
    *,
    sources: Sequence[DeliveryState],
    **fields: Any,
) -> int:
    """Move the rows of a query that are in one of `sources` to `target`; how many moved."""
    check_rows(sources, target)
    return rows.filter(state__in=list(sources)).update(state=target, **fields)


def record_outcomes(rows: list[tuple[Any, ...]]) -> None:
    """Write claimed rows' outcomes, (id, state, due, sent_at, reply, tries) each, at once."""
    for state in {row[1] for row in rows}:
        check_rows([DeliveryState.SENDING], state)
    ledger_sql.record_outcomes(rows)
