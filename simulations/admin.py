from django.contrib import admin

from .models import InputFile, Membership, Project, Review, Run


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "created_by", "created_at", "max_queued_runs", "max_ranks")
    inlines = [MembershipInline]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("pk", "project", "author", "status", "error_class", "created_at", "wall_s", "ranks")
    list_filter = ("status", "error_class")
    search_fields = ("title", "script", "error_message")
    readonly_fields = ("thermo", "checks", "reproducibility", "progress")


admin.site.register(InputFile)
admin.site.register(Review)
