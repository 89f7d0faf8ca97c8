"""Hearings in the Django admin: for administrators to look and mend, not the daily work."""

from django.contrib import admin

from hearings.models import Attendance, Hearing, HearingStatusChange, PriorityVote, Proposal, VoteOption


class StatusChangeInline(admin.TabularInline):
    model = HearingStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "comment")


@admin.register(Hearing)
class HearingAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "kind", "format", "starts_at", "status")
    list_filter = ("status", "kind", "format", "municipality__district__region")
    search_fields = ("title", "municipality__name_ky", "municipality__name_ru", "place")
    list_select_related = ("municipality",)
    autocomplete_fields = ("municipality", "final_hearing")
    raw_id_fields = ("program",)
    readonly_fields = ("status", "version")
    filter_horizontal = ("villages",)
    inlines = [StatusChangeInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("__str__", "hearing", "source", "moderation", "disposition", "submitted_at")
    list_filter = ("moderation", "disposition", "source")
    search_fields = ("text",)
    list_select_related = ("hearing",)
    raw_id_fields = ("hearing", "from_gathering", "merged_into", "created_activity", "village")


class VoteOptionInline(admin.TabularInline):
    model = VoteOption
    extra = 0
    raw_id_fields = ("priority",)


@admin.register(PriorityVote)
class PriorityVoteAdmin(admin.ModelAdmin):
    list_display = ("question", "hearing", "tool")
    raw_id_fields = ("hearing",)
    inlines = [VoteOptionInline]


admin.site.register(Attendance)
