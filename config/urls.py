from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views

admin.site.site_header = _("SEDP portal administration")
admin.site.site_title = _("SEDP portal")

# Addresses without a language: machines and the admin.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Pages for people, under /ky/, /ru/ and /en/ ("/" redirects to the visitor's language).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("workspace/", views.workspace_home, name="workspace_home"),
    path("accounts/", include("accounts.urls")),
    path("", include("municipalities.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
