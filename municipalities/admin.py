from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from municipalities.models import BaseService, District, DonorProject, Municipality, Region, Village

NAME_SEARCH = ("name_ky", "name_ru", "name_en", "search_key")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name_ky", "name_ru", "name_en", "kind", "soate")
    list_filter = ("kind",)
    search_fields = NAME_SEARCH


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name_ky", "name_ru", "name_en", "kind", "region", "soate", "population_2021")
    list_filter = ("kind", "region")
    search_fields = NAME_SEARCH
    list_select_related = ("region",)


class VillageInline(admin.TabularInline):
    model = Village
    extra = 0
    fields = ("name_ky", "name_ru", "name_en", "is_centre", "population")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name_ky", "name_ru", "kind", "district", "population", "merged_into")
    list_filter = ("kind", "district__region")
    search_fields = NAME_SEARCH
    list_select_related = ("district",)
    autocomplete_fields = ["district", "merged_into"]
    inlines = [VillageInline]


@admin.register(DonorProject)
class DonorProjectAdmin(admin.ModelAdmin):
    list_display = ("name_ky", "donor_name", "implementer_name", "start_year", "end_year")
    search_fields = (
        *NAME_SEARCH,
        *(f"{field}_{language}" for field in ("donor", "implementer") for language in ("ky", "ru", "en")),
    )
    filter_horizontal = ("target_municipalities",)

    @admin.display(description=_("donor"))
    def donor_name(self, project: DonorProject) -> str:
        return project.donor

    @admin.display(description=_("implementing organisation"))
    def implementer_name(self, project: DonorProject) -> str:
        return project.implementer


@admin.register(BaseService)
class BaseServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ky", "name_ru", "name_en", "sector", "is_active")
    list_filter = ("sector", "is_active")
    search_fields = ("code", *NAME_SEARCH)
    ordering = ("order", "code")
