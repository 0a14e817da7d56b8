"""The send's and the rows' state tables, and that nothing writes a state but states.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from numeriq.delivery import states
from numeriq.delivery.models import DeliveryState, SendState

PACKAGE = Path(__file__).resolve().parents[2] / "numeriq"
WRITERS = {PACKAGE / "delivery" / "states.py"}


def _state_writes(path: Path) -> list[str]:
    """Lines of a module that change a send's or a row's `state` themselves."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("update", "create", "bulk_update", "update_or_create")
            and any(keyword.arg == "state" for keyword in node.keywords)
        ):
            found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "state":
                    found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            sql = " ".join(node.value.split()).lower()
            if "set state" in sql and path.name != "ledger_sql.py":
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_only_states_py_writes_a_state() -> None:
    # Sends and rows are reached through delivery's models (other models have states too).
    writes = [
        line
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        and path not in WRITERS
        and ("delivery" in path.parts or "numeriq.delivery" in path.read_text(encoding="utf-8"))
        for line in _state_writes(path)
    ]
    assert writes == []


def test_the_scan_sees_a_state_write() -> None:
    sample = Path(__file__).with_name("sample_state_write.py")
    sample.write_text("rows.update(state='sent')\nsend.state = 'done'\n")
    try:
        assert len(_state_writes(sample)) == 2
    finally:
        sample.unlink()


def test_every_state_has_its_moves() -> None:
    assert set(states.SEND_MOVES) == set(SendState)
    assert set(states.ROW_MOVES) == set(DeliveryState)
    assert states.ROW_MOVES[DeliveryState.SUPPRESSED] == frozenset()
    # A row that was sent is never sent again: only a report can bounce it.
    assert states.ROW_MOVES[DeliveryState.SENT] == {DeliveryState.BOUNCED}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (DeliveryState.SENT, DeliveryState.QUEUED),
        (DeliveryState.SUPPRESSED, DeliveryState.QUEUED),
        (DeliveryState.QUEUED, DeliveryState.SENT),
    ],
)
def test_a_move_not_in_the_table_is_refused(source: DeliveryState, target: DeliveryState) -> None:
    with pytest.raises(states.StateMoveError):
        states.check_rows([source], target)


@pytest.mark.django_db
def test_moving_rows_refuses_before_writing() -> None:
    from numeriq.delivery.models import Delivery

    with pytest.raises(states.StateMoveError):
        states.move_rows(Delivery.objects.all(), DeliveryState.QUEUED, sources=[DeliveryState.SENT])
    assert not states.can_move_send(SendState.DONE, SendState.PAUSED)
