"""The import's pipeline: a forked reader process and a planner thread around the SQL.

importing.py says what a batch is and what is done with it; this module only runs the
three steps at once on two cores: the reader process parses and prepares the next batches,
a planner thread sorts the one after the current out, and the importing thread runs its SQL.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Generator, Iterable
from multiprocessing.connection import Connection
from queue import Full, Queue
from typing import Any

from numeriq.audience.errors import AudienceError, ImportFormatError, UndecodableError

# What the reader process runs: batches of prepared rows, each with how far into the file.
Producer = Callable[[], Iterable[tuple[list[Any], int]]]

# Reading, normalising and hashing take about as long as the SQL: a forked process does
# them for files big enough to repay its start (a few ms), sending batches through a pipe
# (pickled plain tuples, about 1 µs a row to load), so that both run at once on two cores.
PARALLEL_FROM_BYTES = 4 * 2**20
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def _reader_process(sender: Connection, produce: Producer) -> None:
    """The reader process: prepared batches down the pipe, then how it ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    end: tuple[str, Any, int]
    try:
        for batch, position in produce():
            sender.send_bytes(pickle.dumps(("batch", batch, position), protocol=5))
        end = ("end", None, 0)
    except UndecodableError as error:
        end = ("undecodable", error.line, 0)
    except AudienceError as error:
        end = ("error", str(error), 0)
    except BaseException:  # reported by the parent, which owns the transaction
        end = ("crash", traceback.format_exc(), 0)
    with contextlib.suppress(OSError):  # the parent may have stopped listening
        sender.send_bytes(pickle.dumps(end))
    sender.close()


def from_reader_process(produce: Producer) -> Generator[tuple[list[Any], int]]:
    """The batches `produce` yields, made in a forked process (stopped when this is closed).

    fork, not spawn: the child needs no Django set-up and gets `produce` (a closure) as is.
    It never touches the database connection it inherits and leaves through os._exit.
    """
    sys.stdout.flush()  # or the child could write the parent's buffered output again
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    reader = context.Process(
        target=_reader_process, args=(sender, produce), name="numeriq-import-reader"
    )
    reader.daemon = True
    reader.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload, position = pickle.loads(receiver.recv_bytes())  # noqa: S301
            except EOFError:
                reader.join()
                raise AudienceError(
                    f"the import's reader process stopped (exit code {reader.exitcode})"
                ) from None
            if kind == "batch":
                yield payload, position
            elif kind == "end":
                return
            elif kind == "undecodable":
                raise UndecodableError(payload)
            elif kind == "error":
                raise ImportFormatError(payload)
            else:
                raise AudienceError(f"the import's reader process failed:\n{payload}")
    finally:
        if reader.is_alive():
            reader.terminate()
        reader.join()
        receiver.close()


def ahead[Plan](
    batches: Generator[tuple[list[Any], int]], plan: Callable[[list[Any]], Plan]
) -> Generator[tuple[Plan, int]]:
    """Each batch planned by a helper thread while this one runs the SQL of the one before.

    The database drivers let go of the GIL while a statement runs: receiving the next
    batch (or reading it, without a reader process), and sorting it into rejects, first
    rows per address and the columns to send, then cost no wall time. The first batch is
    taken here, so a reader process is forked before the thread exists.
    """
    first = next(batches, None)
    if first is None:
        return
    queue: Queue[tuple[str, Any, int]] = Queue(maxsize=2)
    stop = threading.Event()

    def put(item: tuple[str, Any, int]) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.05)
            except Full:
                continue
            return True
        return False

    def work() -> None:
        try:
            for batch, position in batches:
                if not put(("batch", plan(batch), position)):
                    return
            put(("end", None, 0))
        except BaseException as error:  # raised again in the importing thread
            put(("error", error, 0))

    yield plan(first[0]), first[1]
    thread = threading.Thread(target=work, name="numeriq-import-planner", daemon=True)
    thread.start()
    try:
        while True:
            kind, payload, position = queue.get()
            if kind == "batch":
                yield payload, position
            elif kind == "end":
                return
            else:
                raise payload
    finally:
        stop.set()
        thread.join()
