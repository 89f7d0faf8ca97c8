from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page

from accounts import views as account_views
from api import views as api_views
from config import notifications, views
from config.sitemaps import SITEMAPS
from planning import urls as planning_urls

admin.site.site_header = _("SEDP portal administration")
admin.site.site_title = _("SEDP portal")

# Addresses without a language: machines and the admin.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="healthz_live"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cache_page(60 * 60)(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    # The language switcher: remembers the choice, then opens the same page in that language.
    path("language/<str:code>/", account_views.switch_language, name="switch_language"),
    path("api/v1/", include("api.urls")),
]

# Pages for people, under /ky/, /ru/ and /en/ ("/" redirects to the visitor's language).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("workspace/", views.workspace_home, name="workspace_home"),
    # The notifications of plans and hearings: a page of config under planning's name and address.
    path(
        "workspace/",
        include(
            (
                [
                    *planning_urls.urlpatterns,
                    path("notifications/", notifications.notifications, name="notifications"),
                ],
                planning_urls.app_name,
            )
        ),
    ),
    path("accounts/", include("accounts.urls")),
    path("", include("municipalities.urls")),
    path("", include("planning.publication.urls")),
    path("", include("hearings.urls")),
    path("", include("trainings.urls")),
    path("", include("monitoring.urls")),
    path("", include("municipal_services.urls")),
    path("open-data/", api_views.open_data, name="open_data"),
    prefix_default_language=True,
)

# Uploaded and generated files are never served from MEDIA_URL directly: each goes through a
# view that asks the permissions module (e.g. planning:order_file), so nothing private leaks.
