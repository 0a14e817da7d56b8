"""Job queues and priorities: transactional emails never wait behind the newsroom.

Confirmation, welcome and personal-data emails go to their own queue, which `numeriq
worker` serves in a thread of its own, and carry a high priority, so that even a single
runner of every queue (`numeriq manage db_worker --queue-name '*'`) takes them first.
Long background work (newsroom rounds, desk figures, link checks) has a low priority.
"""

from __future__ import annotations

DEFAULT = "default"
TRANSACTIONAL = "transactional"
QUEUES = [DEFAULT, TRANSACTIONAL]

URGENT = 50  # transactional emails
BACKGROUND = -20  # newsroom rounds, desk figures, link checks
