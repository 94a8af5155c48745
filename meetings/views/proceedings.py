"""Officer pages for running a meeting: the attendance sheet with the quorum, declarations of
interest, votes and resolutions item by item, and marking the meeting as held.

Every page is for democratic services officers: anonymous visitors are sent to sign in, other
roles get a 403; a meeting, item or record that does not exist is a 404. Each page runs a fixed
number of queries whatever the size of the committee or the agenda.
"""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from democracy import text_limits
from democracy.forms import ClockTimeField, gov_helper, number_input
from democracy.permissions import role_required
from democracy.roles import Role
from meetings.models import (
    AgendaItem,
    Attendance,
    CommitteeMembership,
    Declaration,
    Meeting,
    Minutes,
    Resolution,
    Vote,
    VoteRecord,
)
from meetings.permissions import get_meeting_for_user
from meetings.rules.numbering import numbered
from meetings.services import proceedings as services
from members.models import Councillor

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)
SeatRole = CommitteeMembership.Role
CO_OPTED_SEATS = {SeatRole.COOPTED_VOTING, SeatRole.COOPTED_NON_VOTING}


def add_errors(form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None):
    """Put a service's errors on the form: each beside the field it names (``fields`` maps the
    service's names to the form's), anything else above the form."""
    fields = fields or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, errors in error.error_dict.items():
        target = fields.get(name, name)
        for message in ValidationError(errors).messages:
            form.add_error(target if target in form.fields else None, message)


# An arrival or departure time on the attendance sheet: optional, in the evening's examples.
CLOCK_ON_THE_SHEET = {
    "required": False,
    "help_text": "For example, 7:45pm or 19:45",
    "example": "7:45pm or 19:45",
}


# --------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------


def get_item(pk: int) -> AgendaItem:
    try:
        return AgendaItem.all_objects.select_related("meeting__committee").get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None


def get_record(model, request: HttpRequest, pk: int):
    """A declaration, vote or resolution the user may see (officers see all), or 404."""
    try:
        return (
            model.all_objects.visible_to(request.user)
            .select_related("item__meeting__committee")
            .get(pk=pk)
        )
    except model.DoesNotExist:
        raise Http404("Not found") from None


def minutes_published(meeting: Meeting) -> bool:
    return Minutes.all_objects.filter(meeting=meeting, published_at__isnull=False).exists()


# --------------------------------------------------------------------------------------------
# Run the meeting
# --------------------------------------------------------------------------------------------


@role_required(*OFFICERS)
def meeting_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's page for the meeting itself: quorum, attendance, each item's record."""
    meeting = get_meeting_for_user(request, pk)
    attendances = list(meeting.attendances.select_related("councillor", "substitute_for"))
    items = list(
        meeting.items.with_privacy()
        .annotate(
            declaration_count=Count("declarations", distinct=True),
            vote_count=Count("votes", distinct=True),
            resolution_count=Count("resolutions", distinct=True),
        )
        .order_by("position")
    )
    for item in items:
        item.private = item.is_private
    minutes = Minutes.all_objects.filter(meeting=meeting).first()
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for a in attendances:
        counts[a.status] += 1
    return render(
        request,
        "meetings/proceedings/run.html",
        {
            "meeting": meeting,
            "items": numbered(items),
            "quorum": services.quorum_status(meeting, attendances) if attendances else None,
            "counts": counts,
            "minutes": minutes,
            "can_hold": meeting.status == Meeting.Status.AGENDA_PUBLISHED
            and meeting.starts_at <= timezone.now(),
        },
    )


@require_POST
@role_required(*OFFICERS)
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    try:
        services.meeting_mark_held(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The meeting is marked as held. You can now draft its minutes.")
    return redirect("meetings:meeting-run", pk=meeting.pk)


# --------------------------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------------------------

STATUS_CHOICES = [(s.value, s.label) for s in Attendance.Status]
OFFICER_ROWS_FREE = 2
PRESENT = Attendance.Status.PRESENT
APOLOGIES = Attendance.Status.APOLOGIES


class AttendanceForm(forms.Form):
    """The attendance sheet as one grid: a row per seat on the committee that day (present,
    apologies or absent; who substituted; remote; without a vote; arrived and left), who
    chaired, and the officers present. Field names carry the seat's index so the page stays one
    form that fits one screen for a committee of fifteen.

    A substitute is chosen on the row of the member whose seat they filled (the member sent
    apologies); that row's remote, arrival and departure then describe the substitute.

    A co-opted member's vote comes from their seat (a non-voting co-opted seat never votes), so
    their row has no "without a vote" box; a co-opted member neither substitutes nor is
    substituted for (substitutes fill councillors' seats), and one without a vote cannot chair.
    """

    def __init__(self, *args, meeting: Meeting, seats, existing, councillors, officers=(), **kw):
        super().__init__(*args, **kw)
        self.meeting = meeting
        self.seats = [s for s in seats if s.role != SeatRole.SUBSTITUTE]
        named_substitutes = {s.councillor_id for s in seats if s.role == SeatRole.SUBSTITUTE}
        by_key = {
            (("c", a.councillor_id) if a.councillor_id else ("o", a.coopted_name.casefold())): a
            for a in existing
        }
        substitute_of = {a.substitute_for_id: a for a in existing if a.substitute_for_id}
        for a in substitute_of.values():
            by_key.pop(("c", a.councillor_id), None)
        holders = {s.councillor_id for s in self.seats if s.councillor_id}
        candidates = sorted(
            (c for c in councillors if c.pk not in holders and not c.is_co_opted),
            key=lambda c: (c.pk not in named_substitutes, c.last_name, c.first_name),
        )
        substitute_choices = [
            ("", "None"),
            *(
                (
                    str(c.pk),
                    c.formal_name + (" (named substitute)" if c.pk in named_substitutes else ""),
                )
                for c in candidates
            ),
        ]
        self.rows: list[dict] = []
        self.line_fields: list[dict[str, str]] = []
        seat_holders = []
        for n, seat in enumerate(self.seats):
            name = seat.councillor.formal_name if seat.councillor else seat.coopted_name
            co_opted = seat.role in CO_OPTED_SEATS
            row = by_key.pop(
                ("c", seat.councillor_id)
                if seat.councillor_id
                else ("o", seat.coopted_name.casefold()),
                None,
            )
            substitute = substitute_of.get(seat.councillor_id) if seat.councillor_id else None
            # Remote, arrival and departure describe whoever sat in the seat.
            sat = substitute or row
            if seat.councillor_id:
                seat_holders.append((str(seat.councillor_id), name, seat.role))
            role = seat.get_role_display()
            self.fields[f"status_{n}"] = forms.ChoiceField(
                label=f"{name} ({role.lower()})" if seat.role != SeatRole.MEMBER else name,
                choices=STATUS_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=row.status if row else None,
            )
            if seat.councillor_id and not co_opted:
                self.fields[f"subby_{n}"] = forms.ChoiceField(
                    label=f"Substitute for {name}",
                    choices=substitute_choices,
                    required=False,
                    initial=str(substitute.councillor_id) if substitute else "",
                )
            self.fields[f"remote_{n}"] = forms.BooleanField(
                label=f"{name} attended remotely",
                required=False,
                initial=sat.remote if sat else False,
            )
            if seat.councillor_id and not co_opted:
                self.fields[f"nonvoting_{n}"] = forms.BooleanField(
                    label=f"{name} attended without a vote",
                    required=False,
                    initial=(not row.voting) if row else False,
                )
            self.fields[f"arrived_{n}"] = ClockTimeField(
                label=f"Time {name} arrived, if after the start",
                subject=f"The time {name} arrived",
                **CLOCK_ON_THE_SHEET,
                initial=sat.arrived_at if sat else None,
            )
            self.fields[f"left_{n}"] = ClockTimeField(
                label=f"Time {name} left, if before the end",
                subject=f"The time {name} left",
                **CLOCK_ON_THE_SHEET,
                initial=sat.left_at if sat else None,
            )
            self.rows.append({"index": n, "name": name, "role": role, "seat": seat})
            self.line_fields.append(
                {
                    "status": f"status_{n}",
                    "remote": f"remote_{n}",
                    "voting": f"nonvoting_{n}"
                    if f"nonvoting_{n}" in self.fields
                    else f"status_{n}",
                    "presiding": "chair",
                    "arrived_at": f"arrived_{n}",
                    "left_at": f"left_{n}",
                    "councillor": f"status_{n}",
                    "coopted_name": f"status_{n}",
                    "substitute_for": f"status_{n}",
                }
            )
        # Councillors recorded earlier as attending without a vote keep their line.
        self.visitors = [a for a in by_key.values() if not a.substitute_for_id]
        chair_choices = (
            [("", "Not recorded")]
            + [(pk, name) for pk, name, role in seat_holders if role != SeatRole.COOPTED_NON_VOTING]
            + [(str(c.pk), c.formal_name) for c in councillors if c.pk in named_substitutes]
        )
        chair = next((a for a in existing if a.presiding), None)
        self.fields["chair"] = forms.ChoiceField(
            label="Who chaired the meeting?",
            choices=chair_choices,
            required=False,
            initial=str(chair.councillor_id) if chair and chair.councillor_id else "",
        )
        officers = list(officers)
        self.officer_rows = len(officers) + OFFICER_ROWS_FREE
        for k in range(self.officer_rows):
            officer = officers[k] if k < len(officers) else None
            self.fields[f"officer_{k}_name"] = forms.CharField(
                label=f"Officer {k + 1}: name",
                required=False,
                max_length=150,
                initial=officer.name if officer else "",
            )
            self.fields[f"officer_{k}_role"] = forms.CharField(
                label=f"Officer {k + 1}: role",
                required=False,
                max_length=150,
                initial=officer.role if officer else "",
            )

        for name, field in self.fields.items():
            if name.startswith(("arrived_", "left_")):
                field.widget.attrs["class"] = "govuk-input govuk-input--width-5"
            elif name.startswith("subby_"):
                field.widget.attrs["class"] = "govuk-select app-attendance__substitute"
            elif name.startswith("officer_"):
                field.widget.attrs["class"] = "govuk-input"

    def grid(self) -> list[dict]:
        """The rows of the grid, with their bound fields, for the template."""
        rows = []
        for row in self.rows:
            n = row["index"]
            rows.append(
                {
                    **row,
                    "status": self[f"status_{n}"],
                    "substitute": self[f"subby_{n}"] if f"subby_{n}" in self.fields else None,
                    "remote": self[f"remote_{n}"],
                    "nonvoting": self[f"nonvoting_{n}"]
                    if f"nonvoting_{n}" in self.fields
                    else None,
                    "arrived": self[f"arrived_{n}"],
                    "left": self[f"left_{n}"],
                }
            )
            row = rows[-1]
            row["checks"] = [row["remote"], row["nonvoting"]]
            row["times"] = [row["arrived"], row["left"]]
            row["errors"] = [
                error
                for field in (row["status"], row["substitute"], *row["checks"], *row["times"])
                if field is not None
                for error in field.errors
            ]
        return rows

    def officer_grid(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"officer_{k}_name"], self[f"officer_{k}_role"]] for k in range(self.officer_rows)
        ]

    def mark_all_present(self) -> None:
        """The "mark everyone present" button without scripts: the sheet comes back with every
        seat present and no substitutes, for the officer to change the exceptions and save."""
        data = self.data.copy()
        for n in range(len(self.seats)):
            data[f"status_{n}"] = PRESENT
            data[f"subby_{n}"] = ""
        self.data = data

    def officers(self) -> list[services.OfficerLine]:
        data = self.cleaned_data
        lines = []
        for k in range(self.officer_rows):
            name = data.get(f"officer_{k}_name", "")
            role = data.get(f"officer_{k}_role", "")
            if name.strip() or role.strip():
                lines.append(services.OfficerLine(name=name, role=role))
                self.officer_map[len(lines) - 1] = k
        return lines

    def lines(self, councillors_by_pk: dict[int, Councillor]) -> list[services.AttendanceLine]:
        data = self.cleaned_data
        chair = data.get("chair") or ""
        lines: list[services.AttendanceLine] = []
        self.line_map: dict[int, dict[str, str]] = {}
        self.officer_map: dict[int, int] = {}
        for n, seat in enumerate(self.seats):
            status = data.get(f"status_{n}")
            substitute = data.get(f"subby_{n}")
            if substitute and not status:
                status = APOLOGIES  # a substitute sat in the seat: the member sent apologies
            if not status:
                continue
            if f"nonvoting_{n}" in self.fields:  # a councillor's seat
                voting = not data.get(f"nonvoting_{n}")
            else:  # a co-opted seat: the vote comes with the seat
                voting = seat.role == SeatRole.COOPTED_VOTING
            remote = bool(data.get(f"remote_{n}"))
            times = {"arrived_at": data.get(f"arrived_{n}"), "left_at": data.get(f"left_{n}")}
            self.line_map[len(lines)] = self.line_fields[n]
            lines.append(
                services.AttendanceLine(
                    status=status,
                    councillor=seat.councillor,
                    coopted_name="" if seat.councillor_id else seat.coopted_name,
                    remote=remote and status == PRESENT and not substitute,
                    voting=voting,
                    presiding=bool(seat.councillor_id) and chair == str(seat.councillor_id),
                    **({} if substitute else times),
                )
            )
            if not substitute:
                continue
            fields = {
                "councillor": f"subby_{n}",
                "substitute_for": f"subby_{n}",
                "status": f"subby_{n}",
                "remote": f"remote_{n}",
                "voting": f"subby_{n}",
                "presiding": "chair",
                "arrived_at": f"arrived_{n}",
                "left_at": f"left_{n}",
            }
            self.line_map[len(lines)] = fields
            lines.append(
                services.AttendanceLine(
                    status=PRESENT,
                    councillor=councillors_by_pk[int(substitute)],
                    substitute_for=seat.councillor,
                    remote=remote,
                    presiding=chair == substitute,
                    **times,
                )
            )
        for a in self.visitors:
            lines.append(
                services.AttendanceLine(
                    status=a.status,
                    councillor=a.councillor,
                    coopted_name=a.coopted_name,
                    remote=a.remote,
                    voting=a.voting,
                    presiding=bool(a.councillor_id) and chair == str(a.councillor_id),
                    arrived_at=a.arrived_at,
                    left_at=a.left_at,
                )
            )
        return lines

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            add_errors(self, error)
            return
        for key, errors in error.error_dict.items():
            target = None
            if key.startswith("lines."):
                _, index, field = key.split(".", 2)
                target = self.line_map.get(int(index), {}).get(field)
            elif key.startswith("officers."):
                _, index, field = key.split(".", 2)
                k = self.officer_map.get(int(index))
                target = f"officer_{k}_{field}" if k is not None else None
            elif key == "presiding":
                target = "chair"
            for message in ValidationError(errors).messages:
                self.add_error(target, message)


@role_required(*OFFICERS)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    seats = services.seats_on(meeting)
    existing = list(meeting.attendances.select_related("councillor", "substitute_for"))
    officers = list(meeting.officers_present.all())
    councillors = list(
        Councillor.all_objects.serving(meeting.date).order_by("last_name", "first_name")
    )
    form = AttendanceForm(
        request.POST or None,
        meeting=meeting,
        seats=seats,
        existing=existing,
        councillors=councillors,
        officers=officers,
    )
    marked_all = request.method == "POST" and "all_present" in request.POST
    if marked_all:
        form.mark_all_present()
        if form.is_valid():
            messages.info(
                request,
                "Everyone is marked present. Change anyone who was not, then save the sheet.",
            )
    elif request.method == "POST" and form.is_valid():
        by_pk = {c.pk: c for c in councillors}
        lines = form.lines(by_pk)
        officer_lines = form.officers()
        if not form.errors:
            try:
                with transaction.atomic():
                    services.attendance_record(meeting=meeting, lines=lines, by=request.user)
                    services.officers_present_record(
                        meeting=meeting, officers=officer_lines, by=request.user
                    )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Attendance saved")
                return redirect("meetings:attendance", pk=meeting.pk)
    quorum = services.quorum_status(meeting, existing) if existing else None
    return render(
        request,
        "meetings/proceedings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "grid": form.grid(),
            "status_choices": STATUS_CHOICES,
            "quorum": quorum,
            "locked": minutes_published(meeting),
        },
    )


# --------------------------------------------------------------------------------------------
# Declarations, votes and resolutions of one item
# --------------------------------------------------------------------------------------------

VOTE_CHOICES = [
    ("", "Did not vote"),
    ("for", "For"),
    ("against", "Against"),
    ("abstain", "Abstained"),
]


class DeclarationForm(forms.Form):
    attendance = forms.TypedChoiceField(
        label="Member", coerce=int, error_messages={"required": "Choose the member declaring"}
    )
    type = forms.ChoiceField(
        label="Type of interest",
        choices=Declaration.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of interest"},
    )
    nature = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Nature of the interest",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the nature of the interest"},
    )
    left_room = forms.BooleanField(label="They left the room for the item", required=False)
    dispensation = forms.CharField(
        label="Dispensation reference (optional)",
        help_text="If a dispensation was granted under section 33 of the Localism Act 2011",
        required=False,
        max_length=200,
    )

    def __init__(self, *args, present, action: str, **kwargs):
        super().__init__(*args, prefix="declaration", **kwargs)
        self.fields["attendance"].choices = [("", "Choose a member")] + [
            (a.pk, a.name) for a in present
        ]
        self.helper = gov_helper(
            Field("attendance"),
            Field.radios("type", legend_size=Size.SMALL),
            Field.textarea("nature"),
            Field.checkbox("left_room", small=True),
            Field.text("dispensation", field_width=Fluid.ONE_HALF),
            Submit("declare", "Record the declaration"),
            action=action,
        )


class VoteForm(forms.Form):
    motion = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Motion or amendment put to the vote",
        help_text="For example, that planning permission be granted subject to conditions",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the motion or amendment that was put to the vote"},
    )
    votes_for = forms.IntegerField(
        label="Votes for", min_value=0, required=False, widget=number_input(),
        error_messages={"invalid": "Votes for must be a whole number", "min_value": "Votes for must be 0 or more"},
    )  # fmt: skip
    votes_against = forms.IntegerField(
        label="Votes against", min_value=0, required=False, widget=number_input(),
        error_messages={"invalid": "Votes against must be a whole number", "min_value": "Votes against must be 0 or more"},
    )  # fmt: skip
    abstentions = forms.IntegerField(
        label="Abstentions", min_value=0, required=False, widget=number_input(),
        error_messages={"invalid": "Abstentions must be a whole number", "min_value": "Abstentions must be 0 or more"},
    )  # fmt: skip
    recorded = forms.BooleanField(
        label="A member asked for the vote to be recorded by name",
        required=False,
    )
    budget_decision = forms.BooleanField(
        label="This is a budget decision meeting (every vote is recorded by name)",
        required=False,
    )
    casting_vote = forms.ChoiceField(
        label="Chair's casting vote",
        help_text="Only when the votes for and against are equal",
        choices=[("", "None"), ("for", "For the motion"), ("against", "Against the motion")],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, voters, action: str, **kwargs):
        super().__init__(*args, prefix="vote", **kwargs)
        self.voters = voters
        names = []
        for a in voters:
            self.fields[f"name_{a.pk}"] = forms.ChoiceField(
                label=a.name, choices=VOTE_CHOICES, widget=forms.RadioSelect, required=False
            )
            names.append(
                Field.radios(f"name_{a.pk}", inline=True, small=True, legend_size=Size.SMALL)
            )
        self.helper = gov_helper(
            Field.textarea("motion"),
            Fieldset(
                Field.text("votes_for", field_width=Fluid.ONE_QUARTER),
                Field.text("votes_against", field_width=Fluid.ONE_QUARTER),
                Field.text("abstentions", field_width=Fluid.ONE_QUARTER),
                legend="Show of hands",
                legend_size=Size.SMALL,
            ),
            Field.checkbox("recorded", small=True),
            Field.checkbox("budget_decision", small=True),
            Fieldset(
                HTML(
                    '<p class="govuk-body">Fill in for a recorded vote; the counts then follow '
                    "from the names.</p>"
                ),
                *names,
                legend="Recorded vote",
                legend_size=Size.SMALL,
            ),
            Field.radios("casting_vote", inline=True, small=True, legend_size=Size.SMALL),
            Submit("vote", "Record the vote"),
            action=action,
        )

    def names(self) -> dict[Attendance, str]:
        return {a: self.cleaned_data.get(f"name_{a.pk}") or "" for a in self.voters}


class ResolutionForm(forms.Form):
    text = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Resolution",
        help_text="What the meeting resolved, for example: That planning permission be granted",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the text of the resolution"},
    )
    vote = forms.TypedChoiceField(
        label="Following the vote (optional)", coerce=int, required=False, empty_value=None
    )
    reasons = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Reasons (optional)",
        help_text="The reasons the meeting gave: the decision notice is drawn from them.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    alternatives_considered = text_limits.limited_text(
        limit=text_limits.LONG,
        label="Alternative options considered and rejected (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, votes, action: str, **kwargs):
        super().__init__(*args, prefix="resolution", **kwargs)
        self.fields["vote"].choices = [("", "No vote: agreed without one")] + [
            (v.pk, v.motion[:80]) for v in votes
        ]
        self.helper = gov_helper(
            Field.textarea("text"),
            Field("vote"),
            Field.textarea("reasons"),
            Field.textarea("alternatives_considered"),
            Submit("resolve", "Record the resolution"),
            action=action,
        )


def item_context(item: AgendaItem, **forms_) -> dict:
    meeting = item.meeting
    attendances = list(meeting.attendances.select_related("councillor"))
    declarations = list(
        Declaration.all_objects.filter(item=item).select_related("attendance__councillor")
    )
    records = VoteRecord.all_objects.select_related("attendance__councillor")
    votes = list(
        Vote.all_objects.filter(item=item)
        .select_related("cast_by__councillor")
        .prefetch_related(Prefetch("records", queryset=records))
        .order_by("created_at", "pk")
    )
    resolutions = list(
        Resolution.all_objects.filter(item=item)
        .select_related("decision_notice")
        .order_by("number")
    )
    electorate = services.electorate(item, attendances)
    present = [a for a in attendances if a.is_present]
    voters = [a for a in attendances if a.pk in electorate.eligible]
    resolved = {r.vote_id for r in resolutions}
    carried = [v for v in votes if v.result == Vote.Result.CARRIED and v.pk not in resolved]
    number = next(
        (n for n, i in numbered(list(meeting.items.order_by("position"))) if i.pk == item.pk), ""
    )
    return {
        "meeting": meeting,
        "item": item,
        "number": number,
        "private": AgendaItem.all_objects.taken_in_private().filter(pk=item.pk).exists(),
        "declarations": declarations,
        "votes": votes,
        "resolutions": resolutions,
        "electorate": electorate,
        "locked": minutes_published(meeting),
        "started": meeting.date <= timezone.localdate(),
        "takes_declarations": item.kind not in services.NO_DECLARATIONS,
        "declaration_form": forms_.get("declaration_form")
        or DeclarationForm(
            present=present, action=reverse("meetings:declaration-add", args=[item.pk])
        ),
        "vote_form": forms_.get("vote_form")
        or VoteForm(voters=voters, action=reverse("meetings:vote-add", args=[item.pk])),
        "resolution_form": forms_.get("resolution_form")
        or ResolutionForm(votes=carried, action=reverse("meetings:resolution-add", args=[item.pk])),
        "_present": present,
        "_voters": voters,
        "_carried": carried,
    }


def render_item(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    errors = any(
        context[name].errors for name in ("declaration_form", "vote_form", "resolution_form")
    )
    context["has_errors"] = errors
    context["error_form"] = next(
        (
            context[name]
            for name in ("declaration_form", "vote_form", "resolution_form")
            if context[name].errors
        ),
        None,
    )
    return render(request, "meetings/proceedings/item.html", context, status=status)


@role_required(*OFFICERS)
def item_proceedings(request: HttpRequest, pk: int) -> HttpResponse:
    return render_item(request, item_context(get_item(pk)))


def item_page(item: AgendaItem, anchor: str = "") -> str:
    url = reverse("meetings:item-proceedings", args=[item.pk])
    return f"{url}#{anchor}" if anchor else url


@require_POST
@role_required(*OFFICERS)
def declaration_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    context = item_context(item)
    form = DeclarationForm(request.POST, present=context["_present"], action=request.path)
    if form.is_valid():
        data = form.cleaned_data
        who = next(a for a in context["_present"] if a.pk == data["attendance"])
        try:
            services.declaration_record(
                item=item,
                attendance=who,
                type=data["type"],
                nature=data["nature"],
                left_room=data["left_room"],
                dispensation=data["dispensation"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Declaration recorded: {who.name}")
            return redirect(item_page(item, "declarations"))
    return render_item(request, item_context(item, declaration_form=form))


@require_POST
@role_required(*OFFICERS)
def vote_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    context = item_context(item)
    form = VoteForm(request.POST, voters=context["_voters"], action=request.path)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.vote_record(
                item=item,
                motion=data["motion"],
                votes_for=data["votes_for"] or 0,
                votes_against=data["votes_against"] or 0,
                abstentions=data["abstentions"] or 0,
                recorded=data["recorded"],
                budget_decision=data["budget_decision"],
                names=form.names(),
                casting_vote=data["casting_vote"],
                by=request.user,
            )
        except ValidationError as error:
            first = next(iter(form.voters), None)
            add_errors(form, error, {"names": f"name_{first.pk}" if first else "recorded"})
        else:
            messages.success(request, "Vote recorded")
            return redirect(item_page(item, "votes"))
    return render_item(request, item_context(item, vote_form=form))


@require_POST
@role_required(*OFFICERS)
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(pk)
    context = item_context(item)
    form = ResolutionForm(request.POST, votes=context["_carried"], action=request.path)
    if form.is_valid():
        data = form.cleaned_data
        vote = next((v for v in context["_carried"] if v.pk == data["vote"]), None)
        try:
            resolution = services.resolution_record(
                item=item,
                text=data["text"],
                vote=vote,
                reasons=data["reasons"],
                alternatives_considered=data["alternatives_considered"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Resolution recorded as minute {resolution.reference}")
            return redirect(item_page(item, "resolutions"))
    return render_item(request, item_context(item, resolution_form=form))


def _remove(request: HttpRequest, model, pk: int, remover, anchor: str, done: str) -> HttpResponse:
    record = get_record(model, request, pk)
    try:
        remover(record, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(item_page(record.item, anchor))


@require_POST
@role_required(*OFFICERS)
def declaration_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _remove(
        request,
        Declaration,
        pk,
        lambda d, by: services.declaration_remove(declaration=d, by=by),
        "declarations",
        "Declaration removed",
    )


@require_POST
@role_required(*OFFICERS)
def vote_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _remove(
        request,
        Vote,
        pk,
        lambda v, by: services.vote_remove(vote=v, by=by),
        "votes",
        "Vote removed",
    )


@require_POST
@role_required(*OFFICERS)
def resolution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _remove(
        request,
        Resolution,
        pk,
        lambda r, by: services.resolution_remove(resolution=r, by=by),
        "resolutions",
        "Resolution removed",
    )


urlpatterns = [
    path("meetings/<int:pk>/run/", meeting_run, name="meeting-run"),
    path("meetings/<int:pk>/held/", meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/attendance/", attendance, name="attendance"),
    path("items/<int:pk>/proceedings/", item_proceedings, name="item-proceedings"),
    path("items/<int:pk>/declarations/", declaration_add, name="declaration-add"),
    path("items/<int:pk>/votes/", vote_add, name="vote-add"),
    path("items/<int:pk>/resolutions/", resolution_add, name="resolution-add"),
    path("declarations/<int:pk>/remove/", declaration_remove, name="declaration-remove"),
    path("votes/<int:pk>/remove/", vote_remove, name="vote-remove"),
    path("resolutions/<int:pk>/remove/", resolution_remove, name="resolution-remove"),
]
