from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from numeriq.desk.auth_views import limit_admin_login
from numeriq.text.typography import typographize

admin.site.site_header = f"{typographize(settings.BRAND)} — back-office"
admin.site.site_title = f"{typographize(settings.BRAND)} — back-office"
admin.site.index_title = _("Rédaction, abonnés et envois")
# Its session also opens the desk: the same login limits as the desk's (desk/auth_views.py).
admin.site.login = limit_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("numeriq.audience.api_urls")),
    path("redaction/", include("numeriq.desk.urls")),
    path("esp/", include("numeriq.delivery.webhook_urls")),
    path("", include("numeriq.ops.urls")),
    path("", include("numeriq.site.urls")),
]

handler500 = "numeriq.site.views.server_error"
