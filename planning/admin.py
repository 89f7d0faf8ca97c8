"""The planning reference lists in the Django admin: sectors, funding sources, standard indicators.

Administrators add, rename, reorder and retire them. A code is fixed once created (the reference
loader and the demo data find rows by it); a row in use is retired (`in use` off) rather than
deleted, and the admin refuses to delete one that activities or funding lines still point to.
"""

from django.contrib import admin

from planning.models import FundingSource, Sector, StandardIndicator

NAMES = ("name_ky", "name_ru", "name_en")


class ReferenceAdmin(admin.ModelAdmin):
    list_display = (*NAMES, "code", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = (*NAMES, "code")
    ordering = ("order", "code")
    fields = ("code", *NAMES, "order", "is_active")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()


@admin.register(Sector)
class SectorAdmin(ReferenceAdmin):
    pass


@admin.register(FundingSource)
class FundingSourceAdmin(ReferenceAdmin):
    pass


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES, "unit_ky", "sector", "direction", "is_active")
    list_editable = ("is_active",)
    list_filter = ("is_active", "direction", "sector")
    list_select_related = ("sector",)
    search_fields = ("code", *NAMES)
    ordering = ("code",)
    fields = ("code", *NAMES, "unit_ky", "unit_ru", "unit_en", "sector", "direction", "is_active")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()
