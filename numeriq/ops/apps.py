from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps


class OpsConfig(AppConfig):
    """The operations app: heartbeats, health, metrics, backups."""

    name = "numeriq.ops"
    verbose_name = _("Exploitation")


class TasksConfig(tasks_apps.TasksAppConfig):
    """django-tasks-db under a French name (its own is the English « Tasks Database Backend »).

    Its model and field names are gettext'd English: numeriq/locale/fr gives them in French.
    """

    default = False  # "numeriq.ops" in INSTALLED_APPS still means OpsConfig
    verbose_name = _("Tâches de fond")
