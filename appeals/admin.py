from django.contrib import admin

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from democracy.admin import AuditedAdmin


class SchoolTermInline(admin.TabularInline):
    model = SchoolTerm
    extra = 0


class SchoolClosureInline(admin.TabularInline):
    model = SchoolClosure
    extra = 0


@admin.register(SchoolCalendar)
class SchoolCalendarAdmin(AuditedAdmin):
    list_display = ["name", "nation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SchoolTermInline, SchoolClosureInline]

    def has_delete_permission(self, request, obj=None):
        return False  # appeal deadlines were counted in its school days
