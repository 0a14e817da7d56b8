"""Two background jobs for the logging tests: one that works, one that fails."""

from django.tasks import task


@task()
def fine() -> int:
    """Succeeds."""
    return 1


@task()
def explode() -> None:
    """Fails with a traceback."""
    raise ZeroDivisionError("la division a échoué")
