"""Monitoring reports in the Django admin: for administrators to look and mend, not the daily work."""

from django.contrib import admin

from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    EvidencePhoto,
    IndicatorActual,
    MonitoringReport,
    ReportComment,
    ReportStatusChange,
)


class StatusChangeInline(admin.TabularInline):
    model = ReportStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "comment")


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "status", "jmeg_verified_on", "council_heard_on", "published_at")
    list_filter = ("status", "year", "program__municipality__district__region")
    search_fields = ("program__title", "program__municipality__name_ky", "program__municipality__name_ru")
    list_select_related = ("program",)
    raw_id_fields = ("program", "submitted_by", "accepted_by", "published_by")
    readonly_fields = ("status", "version", "submitted_at", "accepted_at", "published_at")
    inlines = [StatusChangeInline]


@admin.register(ActivityProgress)
class ActivityProgressAdmin(admin.ModelAdmin):
    list_display = ("activity", "report", "status", "share_done")
    list_filter = ("status",)
    raw_id_fields = ("report", "activity")


@admin.register(ActivitySpending)
class ActivitySpendingAdmin(admin.ModelAdmin):
    list_display = ("activity", "report", "source", "amount")
    list_filter = ("source",)
    raw_id_fields = ("report", "activity")


@admin.register(IndicatorActual)
class IndicatorActualAdmin(admin.ModelAdmin):
    list_display = ("indicator", "report", "value", "women", "men")
    raw_id_fields = ("report", "indicator")


@admin.register(ReportComment)
class ReportCommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "report", "part", "created_at", "resolved_at")
    list_filter = ("part",)
    raw_id_fields = ("report", "author", "resolved_by")


@admin.register(EvidencePhoto)
class EvidencePhotoAdmin(admin.ModelAdmin):
    """To mend a caption or look: photos come only through the workspace, which checks and cleans
    them (documents.photos.clean_photo), so none is added here and the files are not replaced."""

    list_display = ("__str__", "report", "activity", "width", "height", "size", "uploaded_at")
    raw_id_fields = ("report", "activity", "uploaded_by")
    readonly_fields = ("report", "activity", "image", "thumbnail", "width", "height", "size", "uploaded_by")

    def has_add_permission(self, request) -> bool:
        return False
