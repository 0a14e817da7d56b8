"""Others' pages of the back office in French: the background tasks, users and groups.

django-tasks-db's admin writes some labels as plain English strings (« traceback », « run
after »); Django stores its permissions' names in English (« Can add édition »). The same pages
under our own words, registered in place of theirs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
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


# Django's four permissions of every model, named as a French back office says them.
PERMISSION_VERBS = {
    "add": _("peut ajouter"),
    "change": _("peut modifier"),
    "delete": _("peut supprimer"),
    "view": _("peut consulter"),
}


def permission_label(permission: Permission) -> str:
    """« Éditions | peut modifier : édition »; a permission of our own keeps its name."""
    verb, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb not in PERMISSION_VERBS or model is None or model._meta.model_name != model_name:
        return str(permission)
    meta = model._meta
    return f"{meta.app_config.verbose_name} | {PERMISSION_VERBS[verb]} : {meta.verbose_name}"


class FrenchPermissions:
    """The permission lists of an admin form, each permission named in French."""

    def formfield_for_manytomany(
        self,
        db_field: ManyToManyField,
        request: HttpRequest,
        **kwargs: Any,  # type: ignore[type-arg]
    ) -> Any:
        """The permissions field, labelled by permission_label."""
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if isinstance(field, ModelMultipleChoiceField) and field.queryset.model is Permission:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)
admin.site.unregister(get_user_model())


@admin.register(Group)
class FrenchGroupAdmin(FrenchPermissions, GroupAdmin):
    """Django's groups, their permissions named in French."""


@admin.register(get_user_model())
class FrenchUserAdmin(FrenchPermissions, UserAdmin):  # type: ignore[type-arg]
    """Django's users, their permissions named in French."""
