"""sitemap.xml: the public pages in every language (nothing unpublished)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from hearings.selectors import public_hearings
from municipalities.models import Municipality
from planning.selectors import public_programs


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "plans:list", "hearings:list"]

    def location(self, item):
        return reverse(item)


class PlanSitemap(_I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return public_programs().order_by("pk").only("pk", "published_at", "updated_at")

    def location(self, program):
        return reverse("plans:detail", args=[program.pk])

    def lastmod(self, program):
        return program.published_at or program.updated_at


class HearingSitemap(_I18nSitemap):
    """Public hearings only (never one being prepared)."""

    changefreq = "weekly"

    def items(self):
        return public_hearings().order_by("pk").only("pk", "updated_at")

    def location(self, hearing):
        return reverse("hearings:detail", args=[hearing.pk])

    def lastmod(self, hearing):
        return hearing.updated_at


class MunicipalitySitemap(_I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Municipality.objects.order_by("pk").only("pk")

    def location(self, municipality):
        return reverse("territory:municipality", args=[municipality.pk])


SITEMAPS = {
    "pages": StaticSitemap,
    "plans": PlanSitemap,
    "hearings": HearingSitemap,
    "municipalities": MunicipalitySitemap,
}
