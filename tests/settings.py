"""Settings for the test suite: numeriq's own, with background jobs run in place.

Environment defaults are set before numeriq.settings reads them; anything the runner
exported (DATABASE_URL for the PostgreSQL run, NUMERIQ_VAR_DIR) still wins.
"""

import os
import tempfile

os.environ.setdefault("NUMERIQ_TASKS_BACKEND", "immediate")
os.environ.setdefault("NUMERIQ_VAR_DIR", tempfile.mkdtemp(prefix="numeriq-test-"))

from numeriq.settings import *  # noqa: F403

# The tests' SQLite database is a real file (WAL, as in production), not an in-memory one,
# so that another process (a worker started by a test) can share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["NUMERIQ_VAR_DIR"], "test-database.sqlite3")
    }
