"""Public participation: the public's "Ask a question" and "Ask to speak" pages for an upcoming
meeting (no account; throttled per visitor, ``democracy.throttle``), and the officers' page per
meeting listing what came in, to accept or decline (with the reason, emailed to the asker).

The public pages are never cached (each carries a form); nothing personal is shown on them after
sending. Every write goes through ``meetings.services.participation``.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from democracy import throttle
from democracy.forms import gov_helper
from democracy.permissions import role_required
from democracy.roles import Role
from democracy.text_limits import SHORT, limited_email, limited_text
from meetings import public as public_data
from meetings.models import Meeting, PublicSubmission
from meetings.permissions import get_meeting_for_user
from meetings.services import participation as services

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)
SUBMISSIONS_PER_HOUR = 5  # questions and requests to speak one visitor may send in an hour

KINDS = {
    "ask-a-question": PublicSubmission.Kind.QUESTION,
    "ask-to-speak": PublicSubmission.Kind.DEPUTATION,
}


class SubmissionForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
    )
    email = limited_email(
        "Email address",
        help_text="We will email you to say whether it has been accepted. We never publish it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    agenda_item = forms.TypedChoiceField(
        label="Which agenda item is it about? (optional)",
        coerce=int,
        empty_value=None,
        required=False,
    )
    text = limited_text(limit=SHORT, label="Your question")
    publish_name = forms.BooleanField(
        label="You may publish my name with my question",
        help_text="If you do not tick this, we publish the question without your name.",
        required=False,
    )

    def __init__(self, *args, kind: str, items, **kwargs):
        super().__init__(*args, **kwargs)
        question = kind == PublicSubmission.Kind.QUESTION
        self.items = {item.pk: item for item in items}
        text = self.fields["text"]
        text.widget = forms.Textarea(attrs={"rows": 6})
        if question:
            text.error_messages["required"] = "Enter your question"
        else:
            text.label = "What do you want to speak about?"
            text.help_text = "The subject of your deputation or what you want to say, in brief."
            text.error_messages["required"] = "Enter what you want to speak about"
            self.fields["publish_name"].label = "You may publish my name as a speaker"
            self.fields[
                "publish_name"
            ].help_text = "If you do not tick this, we list the subject without your name."
        layout = [
            Fieldset(
                Field.text("name", field_width=20, autocomplete="name"),
                Field.text("email", field_width=20, autocomplete="email", spellcheck="false"),
                legend="Your details",
                legend_size=Size.MEDIUM,
            ),
        ]
        if self.items:
            self.fields["agenda_item"].choices = [("", "Not about one item")] + [
                (pk, item.title) for pk, item in self.items.items()
            ]
            layout.append(Field("agenda_item"))
        else:
            del self.fields["agenda_item"]
        layout += [Field.textarea("text", rows=6), Field.checkbox("publish_name")]
        layout.append(Submit("send", "Send your question" if question else "Send your request"))
        self.helper = gov_helper(*layout)

    def clean_agenda_item(self):
        pk = self.cleaned_data.get("agenda_item")
        if pk is None:
            return None
        if pk not in self.items:
            raise ValidationError("Choose an item from this meeting's agenda")
        return self.items[pk]


def _form_error(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _public_meeting(pk: int) -> Meeting:
    meeting = public_data.public_meeting(pk)
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


@never_cache
def submission_form(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Ask a question, or ask to speak (present a deputation), at an upcoming meeting."""
    kind = KINDS.get(action)
    meeting = _public_meeting(pk)
    if kind is None or not services.takes_submissions(meeting):
        raise Http404("This meeting takes no questions")
    deadline = services.deadline_for(meeting, kind)
    closed = timezone.localdate() > deadline
    form = SubmissionForm(
        request.POST if request.method == "POST" and not closed else None,
        kind=kind,
        items=services.items_for(meeting),
    )
    if request.method == "POST" and not closed and form.is_valid():
        if not throttle.allowed(
            "meetings", "participation", request, per_hour=SUBMISSIONS_PER_HOUR
        ):
            return render(request, "meetings/participation/too_many.html", status=429)
        data = form.cleaned_data
        try:
            services.submission_create(
                meeting=meeting,
                kind=kind,
                name=data["name"],
                email=data["email"],
                text=data["text"],
                publish_name=data["publish_name"],
                agenda_item=data.get("agenda_item"),
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect(f"meetings:public-{action}-received", meeting.pk)
    question = kind == PublicSubmission.Kind.QUESTION
    return render(
        request,
        "meetings/participation/form.html",
        {
            "form": form,
            "meeting": meeting,
            "meeting_url": public_data.meeting_url(meeting),
            "title": "Ask a question" if question else "Ask to speak or present a deputation",
            "question": question,
            "deadline": deadline,
            "closed": closed,
            "speaking_minutes": services.period("public_speaking_minutes"),
        },
        status=200,
    )


@never_cache
def submission_received(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    kind = KINDS.get(action)
    meeting = _public_meeting(pk)
    if kind is None:
        raise Http404("No such page")
    return render(
        request,
        "meetings/participation/received.html",
        {
            "meeting": meeting,
            "meeting_url": public_data.meeting_url(meeting),
            "question": kind == PublicSubmission.Kind.QUESTION,
        },
    )


# --- Officers --------------------------------------------------------------------------------


class DeclineForm(forms.Form):
    decline_reason = limited_text(
        limit=SHORT,
        label="Why is it declined?",
        help_text="We email this to the person who sent it.",
        error_messages={"required": "Give the reason for declining it"},
    )


@role_required(*OFFICERS)
def officer_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every question and request to speak for the meeting, with accept and decline."""
    meeting = get_meeting_for_user(request, pk)
    submissions = list(
        PublicSubmission.all_objects.filter(meeting=meeting)
        .select_related("agenda_item", "decided_by")
        .order_by("status", "kind", "received_at", "pk")
    )
    counts = PublicSubmission.all_objects.filter(meeting=meeting).aggregate(
        pending=Count("pk", filter=Q(status=PublicSubmission.Status.PENDING))
    )
    return render(
        request,
        "meetings/participation/officer_list.html",
        {
            "meeting": meeting,
            "submissions": submissions,
            "pending": counts["pending"],
            "question_deadline": services.deadline_for(meeting, PublicSubmission.Kind.QUESTION),
            "deputation_deadline": services.deadline_for(meeting, PublicSubmission.Kind.DEPUTATION),
        },
    )


def _get_submission(pk: int) -> PublicSubmission:
    submission = (
        PublicSubmission.all_objects.select_related("meeting__committee").filter(pk=pk).first()
    )
    if submission is None:
        raise Http404("No such submission")
    return submission


@role_required(*OFFICERS)
@require_POST
def officer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get_submission(pk)
    try:
        services.submission_accept(submission=submission, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Accepted: {submission.name} has been emailed")
    return redirect("meetings:participation", submission.meeting_id)


@role_required(*OFFICERS)
def officer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get_submission(pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    form.helper = gov_helper(Field.textarea("decline_reason", rows=4), Submit("decline", "Decline"))
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_decline(
                submission=submission, reason=form.cleaned_data["decline_reason"], by=request.user
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Declined: {submission.name} has been emailed the reason")
            return redirect("meetings:participation", submission.meeting_id)
    return render(
        request,
        "meetings/participation/decline.html",
        {
            "form": form,
            "submission": submission,
            "back_url": reverse("meetings:participation", args=[submission.meeting_id]),
        },
    )


# Before the meeting page's ``meetings/<id>/<slug>/``: a meeting's slug is the committee's and
# the date, never these words.
public_urlpatterns = [
    path(
        f"meetings/<int:pk>/{action}/",
        submission_form,
        {"action": action},
        name=f"public-{action}",
    )
    for action in KINDS
] + [
    path(
        f"meetings/<int:pk>/{action}/received/",
        submission_received,
        {"action": action},
        name=f"public-{action}-received",
    )
    for action in KINDS
]

urlpatterns = [
    path("meetings/<int:pk>/public-participation/", officer_list, name="participation"),
    path(
        "public-participation/<int:pk>/accept/",
        officer_accept,
        name="participation-accept",
    ),
    path(
        "public-participation/<int:pk>/decline/",
        officer_decline,
        name="participation-decline",
    ),
]
