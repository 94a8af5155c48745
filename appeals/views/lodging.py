"""Lodging an admission appeal online, without an account, one question a page (the GOV.UK
"question pages" pattern) with a check-your-answers page; and adding evidence later by the link
emailed to the appellant.

The answers are held in the visitor's session until they submit (the draft); uploaded files are
checked by their content as they arrive (``appeals.uploads``) and kept in private storage under
the draft's random id until the appeal is lodged, when they are checked again and stored with it.
Lodging is capped per visitor per hour (``appeals.throttle``).
"""

from __future__ import annotations

import secrets
from datetime import date

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from appeals import throttle, uploads
from appeals.forms import layout_for
from appeals.models import (
    INFANT_YEAR_GROUPS,
    Appeal,
    Appellant,
    Evidence,
    InfantClassSizeGround,
    School,
    YearGroup,
)
from appeals.services import cases
from appeals.views.common import posted, service_errors
from democracy import text_limits
from democracy.forms import GovDateField, gov_helper
from democracy.storage import private_storage
from democracy.text_limits import too_long_message

DRAFT = "appeals_lodging_draft"
LODGED = "appeals_lodged"
MAX_DRAFT_FILES = 10
EMPTY_FILE = "The selected file is empty: choose a file with something in it"


# --- The questions -------------------------------------------------------------------------------


class SchoolQuestion(forms.Form):
    school = forms.ModelChoiceField(
        queryset=School.objects.filter(closed_on=None),
        label="Which school are you appealing for a place at?",
        empty_label="Choose a school",
        error_messages={"required": "Choose the school you are appealing for a place at"},
    )


class PlaceQuestion(forms.Form):
    year_group = forms.ChoiceField(
        label="Which year group is the place for?",
        choices=YearGroup.choices,
        widget=forms.Select,
        error_messages={"required": "Choose the year group the place is for"},
    )
    when = forms.ChoiceField(
        label="When would your child start?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when your child would start"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].choices = [
            ("normal", f"In September {normal_round_year(today)}, at the usual start"),
            ("in_year", "During the school year (an in-year place)"),
        ]


class DecisionQuestion(forms.Form):
    decision_notified_on = GovDateField(
        label="When were you told your application was unsuccessful?",
        subject="the date you were told your application was unsuccessful",
        help_text="The date of the letter or email refusing the place, for example 2 3 2026",
    )

    def clean_decision_notified_on(self):
        day = self.cleaned_data["decision_notified_on"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(
                "The date you were told your application was unsuccessful must be today or in "
                "the past"
            )
        return day


class ChildQuestion(forms.Form):
    child_first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={
            "required": "Enter your child's first name",
            "max_length": too_long_message("Your child's first name", 100),
        },
    )
    child_last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter your child's last name",
            "max_length": too_long_message("Your child's last name", 100),
        },
    )
    child_date_of_birth = GovDateField(
        label="Date of birth",
        subject="your child's date of birth",
        help_text="For example 3 10 2014",
        min_year=1995,
    )
    current_school_name = forms.CharField(
        label="Current school (if any)",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long_message("Your child's current school", 200)},
    )

    def clean_child_date_of_birth(self):
        day = self.cleaned_data["child_date_of_birth"]
        if day is not None and day >= timezone.localdate():
            raise forms.ValidationError("Your child's date of birth must be in the past")
        return day


class ContactQuestion(forms.Form):
    appellant_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": too_long_message("Your full name", 200),
        },
    )
    relationship = forms.ChoiceField(
        label="Your relationship to the child",
        choices=Appellant.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your relationship to the child"},
    )
    email = text_limits.limited_email(
        "Email address",
        help_text="We will send your reference and a link to add evidence",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        error_messages={"max_length": too_long_message("Your phone number", 40)},
    )
    address = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Postal address",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"required": "Enter your postal address"},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={
            "required": "Enter your postcode",
            "max_length": too_long_message("Your postcode", 10),
        },
    )


class ReasonsQuestion(forms.Form):
    grounds = forms.CharField(
        label="Why are you appealing?",
        help_text=(
            "Explain why your child should have a place at this school. You can add documents "
            "on the next page."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=text_limits.LONG,
        error_messages={
            "required": "Enter the reasons for your appeal",
            "max_length": too_long_message("The reasons for your appeal", text_limits.LONG),
        },
    )
    infant_class_size_grounds = forms.MultipleChoiceField(
        label="If the school said an infant class would go over 30 pupils, do any of these apply?",
        help_text="Only for Reception, Year 1 and Year 2. Select all that apply.",
        choices=InfantClassSizeGround.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, infant: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not infant:
            del self.fields["infant_class_size_grounds"]


class EvidenceQuestion(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, JPEG or PNG, smaller than 10 MB",
        error_messages={"empty": EMPTY_FILE},
    )


STEPS = [
    ("school", SchoolQuestion, "Which school are you appealing for a place at?"),
    ("place", PlaceQuestion, "About the place"),
    ("decision", DecisionQuestion, "When were you told your application was unsuccessful?"),
    ("child", ChildQuestion, "About your child"),
    ("contact", ContactQuestion, "Your details"),
    ("reasons", ReasonsQuestion, "Why are you appealing?"),
    ("evidence", EvidenceQuestion, "Add documents to support your appeal (optional)"),
]
STEP_NAMES = [name for name, _, _ in STEPS]
REQUIRED_KEYS = {
    "school": ["school"],
    "place": ["year_group", "when"],
    "decision": ["decision_notified_on"],
    "child": ["child_first_name", "child_last_name", "child_date_of_birth"],
    "contact": ["appellant_name", "relationship", "email", "address", "postcode"],
    "reasons": ["grounds"],
    "evidence": ["evidence_seen"],
}


def normal_round_year(today: date) -> int:
    """Places in the normal round start in September: this year's until September, then
    next year's."""
    return today.year if today.month < 9 else today.year + 1


def in_year_year(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


# --- The draft -----------------------------------------------------------------------------------


def _draft(request: HttpRequest) -> dict:
    draft = request.session.get(DRAFT)
    if draft is None:
        draft = {"id": secrets.token_hex(16), "uploads": []}
        request.session[DRAFT] = draft
    return draft


def _store(request: HttpRequest, cleaned: dict) -> None:
    draft = _draft(request)
    for name, value in cleaned.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, School):
            value = value.pk
        draft[name] = value
    request.session.modified = True


def _initial(draft: dict) -> dict:
    initial = {}
    for name, value in draft.items():
        if name.endswith(("_on", "_of_birth")) and isinstance(value, str):
            value = date.fromisoformat(value)
        initial[name] = value
    return initial


def _complete(draft: dict, step: str) -> bool:
    return all(draft.get(key) not in (None, "") for key in REQUIRED_KEYS[step])


def _first_incomplete(draft: dict) -> str | None:
    return next((step for step in STEP_NAMES if not _complete(draft, step)), None)


def _form_for(step: str, data, draft: dict, today: date, files=None) -> forms.Form:
    form_class = {name: form for name, form, _ in STEPS}[step]
    kwargs = {"initial": _initial(draft)}
    if form_class is PlaceQuestion:
        kwargs["today"] = today
    if form_class is ReasonsQuestion:
        kwargs["infant"] = draft.get("year_group") in INFANT_YEAR_GROUPS
    form = (
        form_class(data, files, **kwargs)
        if form_class is EvidenceQuestion
        else form_class(data, **kwargs)
    )
    form.helper = (
        question_helper(form)
        if len(form.fields) == 1 and step != "evidence"
        else layout_for(form, "Continue" if step != "evidence" else "Upload file")
    )
    form.question_is_heading = len(form.fields) == 1 and step != "evidence"
    return form


def question_helper(form: forms.Form):
    """One question on the page: its label (or legend) is the page's heading (GOV.UK question
    pages)."""
    [(name, field)] = form.fields.items()
    if isinstance(field, GovDateField):
        item = Field(name, context={"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"})
    elif isinstance(field.widget, forms.Textarea):
        item = Field.textarea(name, label_size=Size.LARGE, label_tag="h1", rows=8)
    elif isinstance(field.widget, forms.Select):
        # Field.select takes legend arguments, which a select's label ignores.
        item = Field(name, context={"label_size": Size.for_label(Size.LARGE), "label_tag": "h1"})
    else:
        item = Field.text(name, label_size=Size.LARGE, label_tag="h1")
    return gov_helper(item, Submit("submit", "Continue"))


def _school(draft: dict) -> School | None:
    return School.objects.filter(pk=draft.get("school")).first()


# --- Pages ---------------------------------------------------------------------------------------


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "appeals/lodge/start.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, name: str) -> HttpResponse:
    if name not in STEP_NAMES:
        raise Http404("No such question")
    draft = _draft(request)
    missing = _first_incomplete(draft)
    if missing is not None and STEP_NAMES.index(missing) < STEP_NAMES.index(name):
        return redirect("appeals:lodge-step", missing)
    today = timezone.localdate()
    if name == "evidence":
        return _evidence_step(request, draft, today)
    form = _form_for(name, posted(request), draft, today)
    if request.method == "POST" and form.is_valid():
        _store(request, form.cleaned_data)
        if request.GET.get("change") and _first_incomplete(_draft(request)) is None:
            return redirect("appeals:lodge-check")
        next_index = STEP_NAMES.index(name) + 1
        return redirect("appeals:lodge-step", STEP_NAMES[next_index])
    index = STEP_NAMES.index(name)
    back = (
        reverse("appeals:lodge-start")
        if index == 0
        else reverse("appeals:lodge-step", args=[STEP_NAMES[index - 1]])
    )
    return render(
        request,
        "appeals/lodge/question.html",
        {"form": form, "title": STEPS[index][2], "back_url": back, "step": name},
    )


def _evidence_step(request: HttpRequest, draft: dict, today: date) -> HttpResponse:
    form = _form_for("evidence", posted(request), draft, today, files=request.FILES or None)
    if request.method == "POST":
        if "remove" in request.POST:
            _remove_upload(request, draft, request.POST["remove"])
            return redirect("appeals:lodge-step", "evidence")
        if "continue" in request.POST:
            draft["evidence_seen"] = True
            request.session.modified = True
            return redirect("appeals:lodge-check")
        if form.is_valid():
            uploaded = form.cleaned_data.get("file")
            if uploaded is None:
                form.add_error("file", "Choose a file to upload, or continue without one")
            elif len(draft["uploads"]) >= MAX_DRAFT_FILES:
                form.add_error("file", f"You can upload up to {MAX_DRAFT_FILES} files")
            elif not throttle.upload_allowed(request):
                form.add_error("file", "You have uploaded too many files: try again in an hour")
            else:
                try:
                    checked = uploads.check_file(uploaded, field="file")
                except ValidationError as error:
                    service_errors(form, error)
                else:
                    _add_upload(request, draft, checked)
                    return redirect("appeals:lodge-step", "evidence")
    return render(
        request,
        "appeals/lodge/evidence.html",
        {
            "form": form,
            "title": STEPS[-1][2],
            "back_url": reverse("appeals:lodge-step", args=["reasons"]),
            "uploads": draft["uploads"],
        },
    )


def _draft_path(draft: dict, checked: uploads.CheckedUpload) -> str:
    extension = Evidence.EXTENSIONS[checked.content_type]
    return f"appeals/drafts/{draft['id']}/{checked.sha256[:16]}{extension}"


def _add_upload(request: HttpRequest, draft: dict, checked: uploads.CheckedUpload) -> None:
    path = _draft_path(draft, checked)
    if not private_storage.exists(path):
        private_storage.save(path, ContentFile(checked.data))
    if path not in [u["path"] for u in draft["uploads"]]:
        draft["uploads"].append({"name": checked.name, "path": path, "size": checked.size})
    request.session.modified = True


def _remove_upload(request: HttpRequest, draft: dict, path: str) -> None:
    kept = [u for u in draft["uploads"] if u["path"] != path]
    if len(kept) != len(draft["uploads"]) and path.startswith(f"appeals/drafts/{draft['id']}/"):
        private_storage.delete(path)
    draft["uploads"] = kept
    request.session.modified = True


def _discard(request: HttpRequest) -> None:
    draft = request.session.pop(DRAFT, None)
    for upload in (draft or {}).get("uploads", []):
        if upload["path"].startswith(f"appeals/drafts/{draft['id']}/"):
            private_storage.delete(upload["path"])


def lodging_from_draft(draft: dict, today: date) -> cases.Lodging:
    checked = []
    for upload in draft["uploads"]:
        with private_storage.open(upload["path"], "rb") as handle:
            checked.append(uploads.check(upload["name"], handle.read()))
    in_year = draft["when"] == "in_year"
    return cases.Lodging(
        kind=Appeal.Kind.ADMISSION_IN_YEAR if in_year else Appeal.Kind.ADMISSION_NORMAL,
        school=_school(draft),
        year_group=draft["year_group"],
        entry_year=in_year_year(today) if in_year else normal_round_year(today),
        decision_notified_on=date.fromisoformat(draft["decision_notified_on"]),
        child=cases.ChildDetails(
            first_name=draft["child_first_name"],
            last_name=draft["child_last_name"],
            date_of_birth=date.fromisoformat(draft["child_date_of_birth"]),
            current_school_name=draft.get("current_school_name", ""),
        ),
        appellants=[
            cases.AppellantDetails(
                name=draft["appellant_name"],
                relationship=draft["relationship"],
                email=draft["email"],
                phone=draft.get("phone", ""),
                address=draft["address"],
                postcode=draft["postcode"],
            )
        ],
        grounds=draft["grounds"],
        infant_class_size_grounds=draft.get("infant_class_size_grounds", []),
        channel=Appeal.Channel.ONLINE,
        lodged_on=today,
        evidence=checked,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    missing = _first_incomplete(draft)
    if missing is not None:
        return redirect("appeals:lodge-step", missing)
    today = timezone.localdate()
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        if not throttle.lodging_allowed(request):
            return render(request, "appeals/lodge/too_many.html", status=429)
        try:
            appeal = cases.appeal_lodge(
                lodging=lodging_from_draft(draft, today), by=None, today=today
            )
        except ValidationError as error:
            problems = _problems(error)
        else:
            _discard(request)
            request.session[LODGED] = {
                "reference": appeal.reference,
                "late": appeal.lodged_late,
                "email": draft["email"],
            }
            return redirect("appeals:lodge-done")
    school = _school(draft)
    place = PlaceQuestion(today=today).fields["when"].choices
    rows = [
        ("School", str(school) if school else "", "school"),
        ("Year group", dict(YearGroup.choices).get(draft["year_group"], ""), "place"),
        ("When your child would start", dict(place).get(draft["when"], ""), "place"),
        (
            "Told the application was unsuccessful",
            _govuk(draft["decision_notified_on"]),
            "decision",
        ),
        ("Child's name", f"{draft['child_first_name']} {draft['child_last_name']}", "child"),
        ("Child's date of birth", _govuk(draft["child_date_of_birth"]), "child"),
        ("Current school", draft.get("current_school_name") or "None given", "child"),
        ("Your name", draft["appellant_name"], "contact"),
        (
            "Relationship to the child",
            dict(Appellant.Relationship.choices).get(draft["relationship"], ""),
            "contact",
        ),
        ("Email address", draft["email"], "contact"),
        ("Phone number", draft.get("phone") or "None given", "contact"),
        ("Postal address", f"{draft['address']}\n{draft['postcode']}", "contact"),
        ("Reasons for the appeal", draft["grounds"], "reasons"),
    ]
    if draft.get("infant_class_size_grounds"):
        labels = dict(InfantClassSizeGround.choices)
        rows.append(
            (
                "Infant class size",
                "\n".join(labels[g] for g in draft["infant_class_size_grounds"]),
                "reasons",
            )
        )
    rows.append(
        (
            "Documents",
            "\n".join(u["name"] for u in draft["uploads"]) or "None",
            "evidence",
        )
    )
    return render(
        request,
        "appeals/lodge/check.html",
        {
            "rows": rows,
            "problems": problems,
            "back_url": reverse("appeals:lodge-step", args=["evidence"]),
        },
    )


#: The question each of the lodging service's fields is answered on, so a problem found when the
#: appeal is lodged links to the page that puts it right.
FIELD_STEP = {
    **{key: step for step, keys in REQUIRED_KEYS.items() for key in keys},
    "current_school_name": "child",
    "appellant_email": "contact",
    "phone": "contact",
    "infant_class_size": "reasons",
    "infant_class_size_grounds": "reasons",
}


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    """The service's refusal as (message, address of the question to change), the address empty
    for a problem with no question of its own."""
    if not hasattr(error, "error_dict"):
        return [(message, "") for message in error.messages]
    found = []
    for name, errors in error.error_dict.items():
        step = FIELD_STEP.get(name, "evidence" if name in ("evidence", "file") else None)
        url = reverse("appeals:lodge-step", args=[step]) + "?change=1" if step else ""
        found += [(message, url) for message in ValidationError(errors).messages]
    return found


def _govuk(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    lodged = request.session.get(LODGED)
    if lodged is None:
        return redirect("appeals:lodge-start")
    return render(request, "appeals/lodge/done.html", {"lodged": lodged})


# --- Adding evidence by the emailed link ---------------------------------------------------------


class AddEvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, JPEG or PNG, smaller than 10 MB",
        error_messages={"required": "Choose a file to upload", "empty": EMPTY_FILE},
    )
    description = forms.CharField(
        label="What is this document? (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long_message("The description of the document", 200)},
        help_text="For example: letter from my child's doctor",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def evidence_link(request: HttpRequest, signed: str) -> HttpResponse:
    """The page the emailed link opens: add documents to the appeal, with nothing about the
    child or family shown (whoever holds the link sees only the reference and the school)."""
    link = cases.evidence_link_resolve(signed)
    if link is None:
        return render(request, "appeals/lodge/link_expired.html", status=404)
    form = AddEvidenceForm(posted(request), request.FILES or None)
    form.helper = layout_for(form, "Upload file")
    added = request.GET.get("added") == "1"
    if request.method == "POST" and form.is_valid():
        if not throttle.upload_allowed(request):
            form.add_error("file", "You have uploaded too many files: try again in an hour")
        else:
            try:
                checked = uploads.check_file(form.cleaned_data["file"], field="file")
                cases.evidence_add(
                    appeal=link.appeal,
                    upload=checked,
                    source=Evidence.Source.LINK,
                    description=form.cleaned_data["description"],
                    link=link,
                    by=None,
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                return redirect(reverse("appeals:evidence-link", args=[signed]) + "?added=1")
    return render(
        request,
        "appeals/lodge/add_evidence.html",
        {
            "form": form,
            "appeal": link.appeal,
            "added": added,
            "expires": link.expires_at,
            "max_size": settings.APPEALS_UPLOAD_MAX_BYTES // (1024 * 1024),
        },
    )
