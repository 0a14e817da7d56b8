"""The background tasks in the back office: django-tasks-db's list, with French labels.

Its admin writes some labels as plain English strings (« traceback », « run after »): the same
pages under our own words, registered in place of its admin.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's admin with French column and field labels."""

    list_display = (
        "id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority",
        "queue_name",
    )  # fmt: skip

    @admin.display(description=_("tâche"))
    def task(self, obj: DBTaskResult) -> str:
        """The task's name (its function's)."""
        return str(obj.task_name)

    @admin.display(description=_("trace de l’erreur"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        """The traceback, preformatted."""
        return super().formatted_traceback(obj)

    @admin.display(description=_("à lancer après"))
    def display_run_after(self, obj: DBTaskResult) -> datetime | str:
        """When the task may run, or nothing when it has no date."""
        return super().display_run_after(obj)
