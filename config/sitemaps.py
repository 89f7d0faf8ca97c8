"""sitemap.xml: the public pages in every language (nothing unpublished)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from municipalities.models import Municipality
from planning.selectors import public_programs


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "plans:list"]

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


class MunicipalitySitemap(_I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Municipality.objects.order_by("pk").only("pk")

    def location(self, municipality):
        return reverse("territory:municipality", args=[municipality.pk])


SITEMAPS = {"pages": StaticSitemap, "plans": PlanSitemap, "municipalities": MunicipalitySitemap}
