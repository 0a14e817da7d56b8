from django.urls import path, register_converter

from numeriq.desk import auth_views, composer, morning, planning, proofs, sending, stats


class DayConverter:
    """A date as YYYY-MM-DD in a URL."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str):  # type: ignore[no-untyped-def]
        import datetime as dt

        from numeriq.editions.document import plausible_day

        try:
            day = dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(value) from error
        if not plausible_day(day):  # no edition, and date arithmetic would overflow
            raise ValueError(value)
        return day

    def to_url(self, value) -> str:  # type: ignore[no-untyped-def]
        return value.isoformat()


register_converter(DayConverter, "day")

app_name = "desk"
urlpatterns = [
    path("connexion/", auth_views.DeskLoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.DeskLogoutView.as_view(), name="logout"),
    path("", morning.desk, name="home"),
    path("histoires/remplir/", morning.fill, name="fill"),
    path("histoires/<str:key>/", morning.decide, name="story"),
    path("calendrier/", planning.calendar, name="calendar"),
    path("editions/", composer.edition_list, name="editions"),
    path("edition/<day:day>/creer/", planning.create, name="create"),
    path("edition/<day:day>/", composer.compose, name="compose"),
    path("edition/<day:day>/markdown/", composer.markdown, name="markdown"),
    path("edition/<day:day>/element/", composer.new_item, name="new_item"),
    path("edition/<day:day>/apercu/<str:fmt>/", composer.preview, name="preview"),
    path("edition/<day:day>/verifications/", composer.checks, name="checks"),
    path("edition/<day:day>/test/", proofs.test_send, name="test_send"),
    path("tests/", proofs.proof_list, name="proofs"),
    path("tests/desabonnement/", proofs.proof_unsubscribe, name="proof_unsubscribe"),
    path("tests/desabonnement/preferences/", proofs.proof_unsubscribe),
    path("tests/<int:pk>/", proofs.proof, name="proof"),
    path("tests/<int:pk>/html/", proofs.proof_html, name="proof_html"),
    path("edition/<day:day>/envoi/", sending.confirm, name="confirm"),
    path("edition/<day:day>/deprogrammer/", sending.unschedule, name="unschedule"),
    path("envois/<int:pk>/", sending.progress, name="progress"),
    path("envois/<int:pk>/<str:action>/", sending.control, name="control"),
    path("statistiques/", stats.stats, name="stats"),
]
