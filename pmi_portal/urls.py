from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pmi_portal.access import views as access_views
from pmi_portal.contributions import contributions
from pmi_portal.health.views import healthz
from pmi_portal.web import views as web_views

handler500 = "pmi_portal.web.views.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", access_views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        access_views.PortalPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("offices/", include("pmi_portal.offices.urls")),
    path("audit/", include("pmi_portal.audit.urls")),
    path("api/", include("pmi_portal.api.urls")),
    path("accounts/two-factor/", access_views.two_factor_settings, name="two_factor"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Each domain app's pages, where its AppConfig says (pmi_portal.contributions).
urlpatterns += [
    path(prefix, include(urlconf))
    for contribution in contributions()
    for prefix, urlconf in contribution.url_mounts()
]

if settings.BENCH_BARE_VIEW:
    urlpatterns.append(path("bench/", include("pmi_portal.bench.urls")))
