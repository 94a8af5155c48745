"""Forms for the officer, report-author and member-portal pages of meetings.

Every form validates what a person typed; the services validate the business rules. A view turns
a service's ``ValidationError`` back into errors on the fields with ``add_service_errors``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fixed, Fluid, Size, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from democracy import text_limits
from democracy.forms import (
    ClockTimeField,
    GovDateField,
    date_question,
    gov_helper,
    number_input,
)
from democracy.models import Room, User
from democracy.roles import Role
from meetings.models import AgendaItem, Committee, Meeting, SignOff
from meetings.models.agenda import EXEMPT_PARAGRAPHS, SCHEDULE_12A_PART


class PublicationDeadlineForm(forms.Form):
    meeting_date = GovDateField(label="Meeting date", help_text="For example, 7 5 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("meeting_date"), Submit("check", "Work out the deadlines"), method="get"
        )


# --- Helpers ------------------------------------------------------------------------------------


def posted(request, *, files: bool = False):
    """The data to bind a form to: what was posted (even nothing, for a form whose every field
    is optional), or None to show it unbound."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def add_service_errors(
    form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """Put a service's ``ValidationError`` on the form: each model field's message on the form
    field of the same name (or the one ``fields`` maps it to), anything else above the form."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = fields.get(name, name)
            target = target if target in form.fields else None
            for message in ValidationError(errors).messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def at(day: date, clock: time) -> datetime:
    """The aware datetime, in the council's time zone, of ``clock`` on ``day``."""
    return timezone.make_aware(datetime.combine(day, clock))


def exempt_paragraph_choices() -> list[Choice]:
    part = SCHEDULE_12A_PART[settings.COUNCIL_NATION]
    return [
        Choice(number, f"Paragraph {number} of {part}", hint=description)
        for number, description in EXEMPT_PARAGRAPHS[settings.COUNCIL_NATION].items()
    ]


def room_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Room",
        queryset=Room.objects.select_related("venue"),
        required=False,
        empty_label="Not in the list (say where below)",
        help_text="The room is booked for the meeting; a room that is already booked is refused.",
        **kwargs,
    )


class TimesMixin:
    """Start and end times on one day, the end after the start."""

    def clean_times(self) -> None:
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The expected end time must be after the start time")


# --- Meetings -----------------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    WHEN = [("upcoming", "Upcoming"), ("past", "Past")]

    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.all(),
        required=False,
        empty_label="All committees",
    )
    when = forms.ChoiceField(label="Meetings", choices=WHEN, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.select("committee"),
            Field.select("when"),
            Submit("filter", "Show meetings", css_class="govuk-button--secondary"),
            method="get",
        )


class MeetingForm(TimesMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.none(),
        empty_label="Choose a committee",
        error_messages={"required": "Choose the committee that is meeting"},
    )
    meeting_date = GovDateField(label="Date of the meeting", help_text="For example, 7 5 2026")
    start_time = ClockTimeField(label="Start time")
    end_time = ClockTimeField(
        label="Expected end time",
        help_text="Used to book the room. For example, 9pm or 21:00",
    )
    room = room_field()
    location_note = forms.CharField(
        label="Where the meeting is held, if not in a listed room",
        required=False,
        max_length=200,
        help_text="For example, a site visit address, or 'Remote meeting'.",
    )
    is_extraordinary = forms.BooleanField(
        label="This is an extraordinary meeting",
        required=False,
        help_text="An extraordinary meeting does not approve the minutes of the previous meeting.",
    )
    webcast_url = forms.URLField(
        max_length=200,
        label="Webcast link (optional)",
        required=False,
        assume_scheme="https",
        help_text="Shown to the public.",
        error_messages={"invalid": "Enter the webcast link as a web address, like https://…"},
    )
    remote_attendance_url = forms.URLField(
        max_length=200,
        label="Remote attendance link (optional)",
        required=False,
        assume_scheme="https",
        help_text="Shown to members and officers only.",
        error_messages={
            "invalid": "Enter the remote attendance link as a web address, like https://…"
        },
    )

    # Where each field of the meeting the service validates is asked for on this form.
    service_fields = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.active()
        self.helper = gov_helper(
            Field.select("committee"),
            date_question("meeting_date"),
            Field.text("start_time", field_width=Fixed.TEN),
            Field.text("end_time", field_width=Fixed.TEN),
            Field.select("room"),
            Field.text("location_note", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("is_extraordinary"),
            Field.text("webcast_url", field_width=Fluid.TWO_THIRDS),
            Field.text("remote_attendance_url", field_width=Fluid.TWO_THIRDS),
            Submit("save", "Schedule the meeting"),
        )

    def clean(self):
        data = super().clean()
        self.clean_times()
        no_place = not data.get("room") and not (data.get("location_note") or "").strip()
        if no_place and "room" not in self.errors:
            self.add_error("room", "Choose a room, or say where the meeting will be held")
        day, start, end = data.get("meeting_date"), data.get("start_time"), data.get("end_time")
        if day and start and end and not self.errors:
            data["starts_at"], data["ends_at"] = at(day, start), at(day, end)
        return data


class RescheduleForm(TimesMixin, forms.Form):
    meeting_date = GovDateField(label="New date of the meeting", help_text="For example, 7 5 2026")
    start_time = ClockTimeField(label="Start time")
    end_time = ClockTimeField(label="Expected end time", help_text="For example, 9pm or 21:00")
    room = room_field()

    service_fields = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            date_question("meeting_date"),
            Field.text("start_time", field_width=Fixed.TEN),
            Field.text("end_time", field_width=Fixed.TEN),
            Field.select("room"),
            Submit("save", "Reschedule the meeting"),
        )

    def clean(self):
        data = super().clean()
        self.clean_times()
        day, start, end = data.get("meeting_date"), data.get("start_time"), data.get("end_time")
        if day and start and end and not self.errors:
            data["starts_at"], data["ends_at"] = at(day, start), at(day, end)
        return data


class ReasonForm(forms.Form):
    """Why a meeting is cancelled or postponed, or a report withdrawn."""

    reason = text_limits.limited_text(
        limit=text_limits.SHORT, label="Reason", widget=forms.Textarea
    )

    service_fields = {"status_reason": "reason"}

    def __init__(self, *args, label: str, required: str, hint: str = "", button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = required
        self.helper = gov_helper(
            Field.textarea("reason", rows=4, label_size=Size.SMALL),
            Submit("save", button, css_class="govuk-button--warning"),
        )


class PostponeForm(ReasonForm):
    """Why a meeting is postponed, and (optionally) the later meeting its business moves to."""

    postponed_to = forms.ModelChoiceField(
        label="The meeting its business moves to (optional)",
        queryset=Meeting.all_objects.none(),
        required=False,
        empty_label="Not decided yet",
        help_text="Schedule the new meeting first if it is not listed.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postponed_to"].queryset = (
            Meeting.all_objects.filter(
                committee=meeting.committee,
                starts_at__gt=meeting.starts_at,
                status=Meeting.Status.SCHEDULED,
            )
            .select_related("committee")
            .order_by("starts_at")
        )
        self.helper.layout.insert(1, Field.select("postponed_to"))


_DATE_LINE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


class SeriesForm(TimesMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=Committee.objects.none(),
        empty_label="Choose a committee",
        error_messages={"required": "Choose the committee whose meetings these are"},
    )
    municipal_year = forms.IntegerField(
        label="Municipal year",
        help_text="The year it starts in: 2026 for 2026/27.",
        min_value=1990,
        max_value=2100,
        widget=number_input(),
        error_messages={
            "required": "Enter the municipal year",
            "invalid": "The municipal year must be a year, like 2026",
            "min_value": "The municipal year must be between 1990 and 2100",
            "max_value": "The municipal year must be between 1990 and 2100",
        },
    )
    dates = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Meeting dates",
        help_text="One date on each line, like 16/6/2026.",
        widget=forms.Textarea,
        error_messages={"required": "Enter the dates of the meetings, one on each line"},
    )
    start_time = ClockTimeField(label="Start time")
    end_time = ClockTimeField(label="Expected end time", help_text="For example, 9pm or 21:00")
    room = room_field()
    location_note = forms.CharField(
        label="Where the meetings are held, if not in a listed room",
        required=False,
        max_length=200,
    )

    service_fields = {"meetings": "dates", "starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.active()
        self.helper = gov_helper(
            Field.select("committee"),
            Field.text("municipal_year", field_width=Fixed.FOUR),
            Field.textarea("dates", rows=8),
            Field.text("start_time", field_width=Fixed.TEN),
            Field.text("end_time", field_width=Fixed.TEN),
            Field.select("room"),
            Field.text("location_note", field_width=Fluid.TWO_THIRDS),
            Submit("save", "Schedule the meetings"),
        )

    def clean_dates(self) -> list[date]:
        days, problems = [], []
        lines = [line.strip() for line in self.cleaned_data["dates"].splitlines()]
        for number, line in enumerate(lines, 1):
            if not line:
                continue
            match = _DATE_LINE.match(line)
            try:
                if not match:
                    raise ValueError
                day = date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                problems.append(f"Line {number}: “{line}” is not a date like 16/6/2026")
                continue
            if day in days:
                problems.append(f"Line {number}: {day:%-d %B %Y} is given twice")
            days.append(day)
        if problems:
            raise ValidationError(problems)
        if not days:
            raise ValidationError("Enter the dates of the meetings, one on each line")
        return days

    def clean(self):
        data = super().clean()
        self.clean_times()
        no_place = not data.get("room") and not (data.get("location_note") or "").strip()
        if no_place and "room" not in self.errors:
            self.add_error("room", "Choose a room, or say where the meetings will be held")
        return data


# --- Agenda -------------------------------------------------------------------------------------


class RestrictionFields(forms.Form):
    """Exempt paragraphs of Schedule 12A, the public interest statement, confidential."""

    exempt_paragraphs = forms.TypedMultipleChoiceField(
        label="Exempt information",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select the paragraphs of Schedule 12A to the Local Government Act 1972 that "
        "describe the exempt information, if any.",
    )
    public_interest_statement = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Public interest statement",
        required=False,
        widget=forms.Textarea,
        help_text="Needed for exempt information: why the public interest in keeping it exempt "
        "outweighs the public interest in disclosing it (Schedule 12A paragraph 10).",
    )
    confidential = forms.BooleanField(
        label="Confidential information",
        required=False,
        help_text="Information given by a government department on terms forbidding disclosure, "
        "or that an enactment or court order prohibits disclosing (section 100A(3)).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exempt_paragraphs"].choices = exempt_paragraph_choices()

    @staticmethod
    def restriction_layout() -> list:
        return [
            Field.checkboxes("exempt_paragraphs", legend_size=Size.SMALL, small=True),
            Field.textarea("public_interest_statement", rows=4),
            Field.checkbox("confidential", small=True),
        ]


class RestrictionForm(RestrictionFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(*self.restriction_layout(), Submit("save", "Save the marking"))


class ItemForm(RestrictionFields):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the item's title"}
    )
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Description (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="What the meeting is asked to do, shown under the title on the agenda.",
    )
    parent = forms.ModelChoiceField(
        label="Where it goes",
        queryset=AgendaItem.all_objects.none(),
        required=False,
        empty_label="A new item of business",
        help_text="Or choose an item to add this as a sub-item of it (numbered 4a, 4b…).",
    )
    is_key_decision = forms.BooleanField(label="This is a key decision", required=False)
    urgency_reasons = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="The chair's reasons of urgency",
        required=False,
        widget=forms.Textarea,
        help_text="The agenda is published, so this is a late item. The chair must be of the "
        "opinion, for special circumstances recorded in the minutes, that it should be "
        "considered as a matter of urgency (Local Government Act 1972 s100B(4)(b)).",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = meeting.items.filter(
            parent=None, kind=AgendaItem.Kind.BUSINESS
        ).order_by("position")
        late = meeting.is_published
        if not late:
            del self.fields["urgency_reasons"]
        else:
            self.fields["urgency_reasons"].required = True
            self.fields["urgency_reasons"].error_messages["required"] = (
                "Record the chair's reasons for considering this item as a matter of urgency"
            )
        self.helper = gov_helper(
            *([Field.textarea("urgency_reasons", rows=4, label_size=Size.SMALL)] if late else []),
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.select("parent"),
            Field.checkbox("is_key_decision"),
            HTML('<h2 class="govuk-heading-m">Exempt or confidential</h2>'),
            *self.restriction_layout(),
            Submit("save", "Add the item"),
        )

    def clean(self):
        data = super().clean()
        marked = data.get("exempt_paragraphs") or data.get("confidential")
        if data.get("parent") and marked:
            # The exclusion resolution is worked out from top-level items: a sub-item is taken
            # in public or in private with its item.
            self.add_error(
                "exempt_paragraphs",
                "A sub-item is taken in public or in private with its item: mark the item "
                f"“{data['parent'].title}” instead",
            )
        return data


class ItemEditForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the item's title"}
    )
    description = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Description (optional)",
        required=False,
        widget=forms.Textarea,
    )
    is_key_decision = forms.BooleanField(label="This is a key decision", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.checkbox("is_key_decision"),
            Submit("save", "Save the item"),
        )


class PublishForm(forms.Form):
    late_reasons = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="The chair's reasons of urgency",
        widget=forms.Textarea,
        help_text="The latest lawful publication date has passed. The business can only be "
        "considered if the chair, for special circumstances recorded in the minutes, is of the "
        "opinion that it is urgent (Local Government Act 1972 s100B(4)(b)).",
        error_messages={
            "required": "Record the chair's reasons for considering the business as a matter of "
            "urgency"
        },
    )

    def __init__(self, *args, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reasons"]
        self.helper = gov_helper(
            *([Field.textarea("late_reasons", rows=5, label_size=Size.SMALL)] if late else []),
            Submit("publish", "Publish the agenda"),
        )


# --- Reports ------------------------------------------------------------------------------------


class ReportCreateForm(forms.Form):
    title = forms.CharField(
        label="Title of the report",
        max_length=300,
        error_messages={"required": "Enter the title of the report"},
    )
    author = forms.ModelChoiceField(
        label="Author",
        queryset=User.objects.none(),
        empty_label="Choose the author",
        help_text="The officer who writes the report. Only people with the Report Author role "
        "are listed.",
        error_messages={"required": "Choose the author of the report"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = User.objects.filter(
            groups__name=Role.REPORT_AUTHOR, is_active=True
        ).order_by("last_name", "first_name", "username")
        self.helper = gov_helper(
            Field.text("title"), Field.select("author"), Submit("save", "Add the report")
        )


class ReportForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the title of the report"}
    )
    body_html = text_limits.limited_text(
        limit=text_limits.DOCUMENT,
        label="Report",
        required=False,
        widget=forms.Textarea,
        # Crispy prints help text as HTML, so the tags are named, not written.
        help_text="Write the report, or upload it as a PDF below. You can use simple HTML: "
        "paragraphs (p), headings (h2, h3), lists (ul, ol, li), bold (strong), italics (em), "
        "tables and links (a). Anything else is removed when you save.",
    )
    pdf = forms.FileField(
        label="Upload the report as a PDF (optional)",
        required=False,
        help_text="Replaces the PDF already uploaded, if any. Up to 50 MB, without a password.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("title"),
            Field.textarea("body_html", rows=16),
            Field("pdf", accept="application/pdf,.pdf"),
            Submit("save", "Save the report"),
        )


class AppendixForm(RestrictionFields):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the appendix's title"}
    )
    pdf = forms.FileField(
        label="Upload the appendix as a PDF",
        required=False,
        help_text="Up to 50 MB, without a password. Or write its text below.",
    )
    body_html = text_limits.limited_text(
        limit=text_limits.DOCUMENT,
        label="Or write the appendix",
        required=False,
        widget=forms.Textarea,
        help_text="Simple HTML, as for the report.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("title"),
            Field("pdf", accept="application/pdf,.pdf"),
            Field.textarea("body_html", rows=8),
            HTML('<h2 class="govuk-heading-m">Exempt or confidential</h2>'),
            *self.restriction_layout(),
            Submit("save", "Add the appendix"),
        )

    def clean(self):
        data = super().clean()
        empty = not data.get("pdf") and not (data.get("body_html") or "").strip()
        if empty and "pdf" not in self.errors:
            self.add_error("pdf", "Upload the appendix as a PDF, or write its text")
        return data


class SignOffForm(forms.Form):
    role = forms.ChoiceField(
        label="Sign-off",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose sign-off you are recording"},
    )
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=SignOff.Decision.choices,
        error_messages={"required": "Choose whether the report is approved"},
    )
    comments = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Comments",
        required=False,
        widget=forms.Textarea,
        help_text="Needed when changes are requested: say what needs to change.",
    )
    evidence = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Evidence of the sign-off",
        widget=forms.Textarea,
        help_text="The sign-off was given outside the system: say how and when, for example "
        "“Email from the Monitoring Officer, 3 March 2026, 10:14”.",
        error_messages={"required": "Enter the evidence of the sign-off"},
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role) for role in roles]
        self.helper = gov_helper(
            Field.radios("role", legend_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("comments", rows=4),
            Field.textarea("evidence", rows=3),
            Submit("save", "Record the sign-off"),
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == SignOff.Decision.CHANGES_REQUESTED
            and not (data.get("comments") or "").strip()
        ):
            self.add_error("comments", "Say what needs to change")
        return data


class ApproverSignOffForm(forms.Form):
    """An approver's own sign-off: approve, or return the report to its author with comments."""

    role = forms.ChoiceField(
        label="Sign off as",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which sign-off you are giving"},
    )
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            (SignOff.Decision.APPROVED, "Sign off the report"),
            (SignOff.Decision.CHANGES_REQUESTED, "Return it to the author"),
        ],
        error_messages={"required": "Choose whether you sign off the report or return it"},
    )
    comments = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Comments for the author",
        required=False,
        widget=forms.Textarea,
        help_text="Needed when you return the report: say what needs to change.",
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, role) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        self.helper = gov_helper(
            Field.radios("role", legend_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("comments", rows=5),
            Submit("save", "Send your decision"),
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == SignOff.Decision.CHANGES_REQUESTED
            and not (data.get("comments") or "").strip()
        ):
            self.add_error("comments", "Say what needs to change")
        return data


class SignOffHolderForm(forms.Form):
    role = forms.ChoiceField(label="Sign-off", error_messages={"required": "Choose the sign-off"})
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        empty_label="Choose the person",
        error_messages={"required": "Choose who gives the sign-off"},
    )
    deputy = forms.BooleanField(label="Deputy (signs off when the holder is away)", required=False)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose the sign-off"), *[(r, r) for r in roles]]
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.helper = gov_helper(
            Field.select("role"),
            Field.select("user"),
            Field.checkbox("deputy"),
            Submit("save", "Assign the sign-off"),
        )


# --- Writing a report from a template -----------------------------------------------------------


class ReportSectionsForm(forms.Form):
    """The structured editor: the title, and a text box per section of the report's template."""

    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the title of the report"}
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        layout = [Field.text("title")]
        for section in self.sections:
            name = f"section_{section.position}"
            self.fields[name] = text_limits.limited_text(
                limit=text_limits.DOCUMENT,
                label=section.heading,
                required=False,
                widget=forms.Textarea,
                help_text=section.guidance,
                initial=section.body_html,
            )
            layout.append(Field.textarea(name, rows=6, label_size=Size.SMALL))
        layout.append(Submit("save", "Save the report"))
        self.helper = gov_helper(*layout)

    def bodies(self) -> dict[int, str]:
        return {s.position: self.cleaned_data[f"section_{s.position}"] for s in self.sections}


class ReportTemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Report template",
        queryset=None,
        empty_label=None,
        help_text="The report is then written section by section under the template's headings.",
        error_messages={"required": "Choose a report template"},
    )

    def __init__(self, *args, action: str, **kwargs):
        from meetings.models import ReportTemplate

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReportTemplate.objects.filter(is_active=True)
        self.helper = gov_helper(
            Field.select("template"),
            Submit("use", "Write from this template", css_class="govuk-button--secondary"),
            action=action,
        )


class ReportDocxForm(forms.Form):
    docx = forms.FileField(
        label="Word document (.docx)",
        help_text="Replaces the text of the report. Headings that match the template's headings "
        "start its sections; tables and pictures are kept. Up to 50 MB.",
        error_messages={"required": "Choose the Word document to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field(
                "docx",
                accept=".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
            ),
            Submit("upload", "Upload the Word document"),
        )


class ImageAltForm(forms.Form):
    alt_text = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Alt text",
        widget=forms.Textarea,
        help_text="Say what the image shows for someone who cannot see it, in a sentence or two.",
        error_messages={"required": "Describe what the image shows"},
    )

    def __init__(self, *args, pk: int, number: int, action: str, **kwargs):
        super().__init__(*args, prefix=f"image-{pk}", **kwargs)
        self.fields["alt_text"].label = f"Alt text for image {number}"
        self.helper = gov_helper(
            Field.textarea("alt_text", rows=2),
            Submit("describe", f"Save the alt text for image {number}"),
            action=action,
        )
