"""The annual canvass's pages (issue 12, points 5 and 6).

Officer pages, under /elections/register/canvass/ and /elections/register/statistics/: for
electoral services only, a 404 to anyone else (like the register's). The public online response
form, under /elections/canvass/respond/: no account, a reference and security code, one question
a page (GOV.UK question pages), throttled, and one answer for every failure so it never says
whether a reference exists.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from democracy import audit, spreadsheet, text_limits
from democracy.client_ip import client_ip
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.storage import private_storage
from elections import canvass as services
from elections import tasks
from elections.canvass_rules import ROUTE_LABELS, Route
from elections.models import (
    Canvass,
    CanvassBatch,
    CanvassContact,
    CanvassMatch,
    CanvassMatchImport,
    CanvassProperty,
    CanvassResponse,
    DefinedProperty,
    Elector,
    PollingDistrict,
    Property,
    parse_canvass_reference,
)
from elections.register_rules import parse_elector_number
from elections.register_views import require_electoral


def _service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _canvass(request: HttpRequest, year: int) -> Canvass:
    require_electoral(request)
    canvass = Canvass.objects.filter(year=year).first()
    if canvass is None:
        raise Http404("No such canvass")
    return canvass


# --- The canvasses -----------------------------------------------------------------------------


class CanvassForm(forms.Form):
    year = forms.IntegerField(
        label="Year of the canvass",
        min_value=2020,
        max_value=2100,
        error_messages={
            "required": "Enter the year of the canvass",
            "invalid": "Enter the year as a number, like 2026",
            "min_value": "The canvass reform applies from 2020: enter 2020 or later",
            "max_value": "Enter a year before 2100",
        },
    )
    election_in_period = forms.BooleanField(
        label="An election is held in the canvass period (1 July to 1 December)",
        required=False,
        help_text="The revised register may then be published by 1 February.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("year", field_width=4),
            "election_in_period",
            Submit("open", "Open the canvass"),
        )


def canvass_list(request: HttpRequest) -> HttpResponse:
    """The canvasses, and the form to open one."""
    require_electoral(request)
    form = CanvassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            canvass = services.canvass_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"The canvass of {canvass.year} is open")
            return redirect("elections:canvass", canvass.year)
    return render(
        request,
        "elections/canvass/list.html",
        {"form": form, "canvasses": Canvass.objects.order_by("-year")[:20]},
    )


class BatchForm(forms.Form):
    kind = forms.ChoiceField(
        label="Communication",
        choices=CanvassBatch.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the communication"},
    )
    attempt = forms.TypedChoiceField(
        label="Contact attempt",
        choices=[
            (1, "The first communication"),
            (2, "Route 2: the second attempt, a reminder by letter"),
            (3, "Route 2: the third attempt, a reminder by letter (after a personal attempt)"),
        ],
        coerce=int,
        initial=1,
        required=False,
        empty_value=1,
        widget=forms.RadioSelect,
        help_text="A reminder goes only to the Route 2 properties still without a response "
        "that are due that attempt.",
        error_messages={"required": "Choose the contact attempt"},
    )
    polling_district = forms.ModelChoiceField(
        label="Polling district",
        queryset=PollingDistrict.objects.order_by("code"),
        required=False,
        empty_label="Every polling district",
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "kind",
            "attempt",
            "polling_district",
            Submit("build", "Build the letters"),
            action=reverse("elections:canvass-batches", args=[year]),
        )


class FindForm(forms.Form):
    reference = forms.CharField(
        label="Canvass reference",
        max_length=20,
        help_text="As printed on the letter, like C26-0000123",
        error_messages={"required": "Enter the canvass reference"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("reference", field_width=10), Submit("find", "Find"), method="get"
        )


def canvass_detail(request: HttpRequest, year: int) -> HttpResponse:
    """A canvass: its dates, the data step, routing, the letters, and progress by route and
    district as a chart with its table."""
    canvass = _canvass(request, year)
    find = FindForm(request.GET or None)
    if request.GET and find.is_valid():
        parsed = parse_canvass_reference(find.cleaned_data["reference"])
        found = (
            CanvassProperty.register.for_officer(request.user)
            .filter(canvass=canvass, property_id=parsed[1])
            .first()
            if parsed and parsed[0] == canvass.year
            else None
        )
        if found is not None:
            return redirect("elections:canvass-property", year, found.pk)
        find.add_error("reference", "There is no property with that reference in this canvass")
    rows = services.canvass_progress(canvass)
    by_route = services.progress_by_route(rows)
    return render(
        request,
        "elections/canvass/detail.html",
        {
            "canvass": canvass,
            "rows": rows,
            "by_route": by_route,
            "chart": _chart(by_route),
            "route_labels": {int(k): v for k, v in ROUTE_LABELS.items()},
            "batch_form": BatchForm(year=year),
            "find": find,
            "imports": canvass.imports.order_by("-created_at")[:5],
            "batches": canvass.batches.select_related("polling_district").order_by("-created_at")[
                :20
            ],
            "matches": CanvassMatch.register.filter(canvass=canvass).count(),
        },
    )


CHART_WIDTH = 400  # the bars' scale in the SVG's own units
BAR_HEIGHT = 28
BAR_GAP = 16
LABEL_WIDTH = 90


def _chart(by_route: list[services.ProgressRow]) -> dict:
    """A horizontal bar a route: responded (no change, changes) against all its properties,
    drawn as SVG with its widths as attributes (no inline style: the policy refuses it)."""
    bars = []
    for index, row in enumerate(by_route):
        scale = CHART_WIDTH / row.properties if row.properties else 0
        no_change = round(row.no_change * scale)
        changes = round(row.changes * scale)
        bars.append(
            {
                "label": f"Route {row.route}",
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT // 2 + 5,
                "no_change": no_change,
                "changes": changes,
                "changes_x": LABEL_WIDTH + no_change,
                "percent": row.percent,
                "percent_x": LABEL_WIDTH + CHART_WIDTH + 8,
            }
        )
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "width": CHART_WIDTH,
        "bar_height": BAR_HEIGHT,
        "view_width": LABEL_WIDTH + CHART_WIDTH + 50,
        "view_height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
    }


def _post_only(request: HttpRequest) -> HttpResponse | None:
    """POST only, once the role is checked: to anyone else the page does not exist at all."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def canvass_route(request: HttpRequest, year: int) -> HttpResponse:
    """Allocate every property to its route (again, after more data matching: a property whose
    letter has gone out keeps its route)."""
    canvass = _canvass(request, year)
    if refused := _post_only(request):
        return refused
    counts = services.canvass_route(canvass=canvass, by=request.user)
    messages.success(
        request,
        f"Properties allocated: {counts[1]:,} to Route 1, {counts[2]:,} to Route 2 and "
        f"{counts[3]:,} to Route 3",
    )
    return redirect("elections:canvass", year)


# --- The data step -----------------------------------------------------------------------------


class MatchUploadForm(forms.Form):
    file = forms.FileField(
        label="Data match results (CSV)",
        help_text=(
            "Two columns, elector_number and result (green, amber or red). Nothing is imported "
            "unless every row is right."
        ),
        error_messages={"required": "Choose a CSV file to import"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper("file", Submit("import", "Import the results"))
        self.helper.form_enctype = "multipart/form-data"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        if not upload.size:
            raise forms.ValidationError("The file is empty: choose the data match results")
        return upload


def match_import(request: HttpRequest, year: int) -> HttpResponse:
    canvass = _canvass(request, year)
    form = MatchUploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        job = services.match_import_start(
            canvass=canvass, upload=form.cleaned_data["file"], by=request.user
        )
        transaction.on_commit(lambda: tasks.import_canvass_matches.delay(job.pk))
        return redirect("elections:canvass-match-import", year, job.pk)
    return render(
        request, "elections/canvass/match_import.html", {"form": form, "canvass": canvass}
    )


def _job(request: HttpRequest, year: int, pk: int) -> CanvassMatchImport:
    canvass = _canvass(request, year)
    job = CanvassMatchImport.objects.filter(canvass=canvass, pk=pk).first()
    if job is None:
        raise Http404("No such import")
    return job


def match_import_detail(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    job = _job(request, year, pk)
    return render(request, "elections/canvass/match_import_detail.html", {"job": job})


def match_import_progress(request: HttpRequest, year: int, pk: int) -> JsonResponse:
    job = _job(request, year, pk)
    return JsonResponse(
        {
            "status": job.status,
            "phase": job.phase,
            "percent": job.percent,
            "done": job.rows_read,
            "finished": job.finished,
        }
    )


class LocalMatchForm(forms.Form):
    elector_number = forms.CharField(
        label="Elector number",
        max_length=20,
        help_text="Like KA12 or KA12/1",
        error_messages={"required": "Enter the elector number"},
    )
    result = forms.ChoiceField(
        label="Result of local data matching",
        choices=CanvassMatch.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the result of local data matching"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("elector_number", field_width=10), "result", Submit("save", "Save")
        )

    def clean_elector_number(self) -> Elector:
        value = self.cleaned_data["elector_number"]
        parsed = parse_elector_number(value)
        elector = None
        if parsed is not None:
            elector = (
                Elector.register.live()
                .filter(polling_district__code=parsed[0], number=parsed[1], suffix=parsed[2])
                .first()
            )
        if elector is None:
            raise forms.ValidationError("There is no elector with that number on the register")
        return elector


def local_match(request: HttpRequest, year: int) -> HttpResponse:
    """Record the result of local data matching for an elector (it overrides the national)."""
    canvass = _canvass(request, year)
    form = LocalMatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        elector = form.cleaned_data["elector_number"]
        try:
            services.match_local_override(
                canvass=canvass,
                elector=elector,
                result=form.cleaned_data["result"],
                by=request.user,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Local data matching recorded for {elector}")
            return redirect("elections:canvass-local-match", year)
    return render(request, "elections/canvass/local_match.html", {"form": form, "canvass": canvass})


class DefinedPropertyForm(forms.Form):
    property_reference = forms.CharField(
        label="Property reference",
        max_length=30,
        help_text="The property's reference on the register",
        error_messages={"required": "Enter the property reference"},
    )
    kind = forms.ChoiceField(
        label="Kind of property",
        choices=DefinedProperty.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of property"},
    )
    responsible_person = forms.CharField(
        label="Responsible person",
        max_length=200,
        help_text="Who will give the residents' details, like the care home's manager",
        error_messages={"required": "Enter the responsible person: Route 3 needs one"},
    )
    responsible_email = text_limits.limited_email(
        "Their email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            Field.text("property_reference", field_width=10),
            "kind",
            "responsible_person",
            "responsible_email",
            Submit("save", "Save"),
        )

    def clean_property_reference(self) -> Property:
        found = Property.objects.filter(reference=self.cleaned_data["property_reference"].strip())
        prop = found.first()
        if prop is None:
            raise forms.ValidationError("There is no property with that reference")
        return prop


def defined_properties(request: HttpRequest, year: int) -> HttpResponse:
    """Route 3: the defined properties of this canvass and their responsible people."""
    canvass = _canvass(request, year)
    form = DefinedPropertyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.defined_property_set(
            canvass=canvass, property=data.pop("property_reference"), **data, by=request.user
        )
        messages.success(request, "The property will be canvassed by Route 3")
        return redirect("elections:canvass-defined", year)
    return render(
        request,
        "elections/canvass/defined.html",
        {
            "form": form,
            "canvass": canvass,
            "defined": DefinedProperty.register.filter(canvass=canvass)
            .select_related("property")
            .order_by("property__postcode", "property__address_1")[:200],
        },
    )


# --- Communications ------------------------------------------------------------------------------


def batch_create(request: HttpRequest, year: int) -> HttpResponse:
    canvass = _canvass(request, year)
    if refused := _post_only(request):
        return refused
    form = BatchForm(request.POST, year=year)
    if form.is_valid():
        try:
            batch = services.batch_create(canvass=canvass, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            transaction.on_commit(lambda: tasks.build_canvass_batch.delay(batch.pk))
            return redirect("elections:canvass-batch", year, batch.pk)
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect("elections:canvass", year)


def _batch(request: HttpRequest, year: int, pk: int) -> CanvassBatch:
    canvass = _canvass(request, year)
    batch = (
        CanvassBatch.objects.select_related("canvass", "polling_district")
        .filter(canvass=canvass, pk=pk)
        .first()
    )
    if batch is None:
        raise Http404("No such batch")
    return batch


def batch_detail(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A batch's progress bar while it builds (the page follows it), then its file."""
    batch = _batch(request, year, pk)
    return render(request, "elections/canvass/batch.html", {"batch": batch})


def batch_progress(request: HttpRequest, year: int, pk: int) -> JsonResponse:
    batch = _batch(request, year, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "phase": batch.phase,
            "percent": batch.percent,
            "done": batch.done_count,
            "finished": batch.finished,
        }
    )


def batch_pdf(request: HttpRequest, year: int, pk: int) -> FileResponse:
    """The batch's letters (they carry security codes): audited, and only once built."""
    batch = _batch(request, year, pk)
    if batch.status != CanvassBatch.Status.DONE or not batch.stored_as:
        raise Http404("The letters are not built yet")
    with transaction.atomic():
        audit.record("elections.canvass_batch.download", batch, by=request.user)
    return FileResponse(
        private_storage.open(batch.stored_as, "rb"),
        as_attachment=True,
        filename=f"canvass-{year}-{batch.kind}-{batch.pk}.pdf",
        content_type="application/pdf",
    )


# --- A property in the canvass: responses and contact attempts --------------------------------


class OfficerResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Response",
        choices=[
            (CanvassProperty.Response.NO_CHANGE, "No change"),
            (CanvassProperty.Response.CHANGES, "Changes"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose no change or changes"},
    )
    channel = forms.ChoiceField(
        label="How the response came",
        choices=[c for c in CanvassResponse.Channel.choices if c[0] != "online"],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the response came"},
    )
    details = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="What has changed",
        required=False,
        help_text="Who has moved in or out, or whose details are different",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "outcome", "channel", "details", Submit("record", "Record the response")
        )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "changes" and not data.get("details", "").strip():
            self.add_error("details", "Enter what has changed")
        return data


class ContactForm(forms.Form):
    method = forms.ChoiceField(
        label="How contact was attempted",
        choices=[
            (m.value, m.label)
            for m in CanvassContact.Method
            if m not in (CanvassContact.Method.CCA, CanvassContact.Method.ROUTE_3)
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how contact was attempted"},
    )
    made_on = GovDateField(label="Date of the attempt", help_text="For example, 3 8 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "method", date_question("made_on"), Submit("attempt", "Record the attempt")
        )


def canvass_property(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A property in the canvass: its route, electors, responses and contact attempts, and the
    forms to record a response and (Route 2) a contact attempt. Shows people: audited."""
    canvass = _canvass(request, year)
    found = (
        CanvassProperty.register.for_officer(request.user)
        .select_related("canvass", "property__polling_district")
        .filter(canvass=canvass, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such property")
    response_form = OfficerResponseForm(
        request.POST if request.method == "POST" and "record" in request.POST else None
    )
    contact_form = ContactForm(
        request.POST if request.method == "POST" and "attempt" in request.POST else None
    )
    if request.method == "POST" and "record" in request.POST and response_form.is_valid():
        data = response_form.cleaned_data
        changes = (
            [{"kind": "note", "text": data["details"].strip()}]
            if data["outcome"] == "changes"
            else []
        )
        services.response_record(
            canvass_property=found,
            outcome=data["outcome"],
            channel=data["channel"],
            changes=changes,
            by=request.user,
        )
        messages.success(request, "The response has been recorded")
        return redirect("elections:canvass-property", year, pk)
    if request.method == "POST" and "attempt" in request.POST and contact_form.is_valid():
        try:
            services.contact_record(
                canvass_property=found, **contact_form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _service_errors(contact_form, error)
        else:
            messages.success(request, "The contact attempt has been recorded")
            return redirect("elections:canvass-property", year, pk)
    electors = list(
        Elector.register.for_officer(request.user)
        .live()
        .filter(qualifying_address_id=found.property_id)
        .select_related("polling_district")
        .order_by("number", "suffix")
    )
    with transaction.atomic():
        audit.record("elections.canvass_property.view", found, by=request.user)
    return render(
        request,
        "elections/canvass/property.html",
        {
            "canvass": canvass,
            "item": found,
            "electors": electors,
            "responses": list(found.responses.select_related("recorded_by")[:20]),
            "contacts": list(found.contacts.all()),
            "response_form": response_form,
            "contact_form": contact_form if found.route == Route.UNMATCHED else None,
        },
    )


# --- Statistics (issue 12, point 6) ------------------------------------------------------------


class StatisticsForm(forms.Form):
    on = GovDateField(label="Figures on", help_text="For example, 1 12 2026", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(date_question("on"), Submit("show", "Show"), method="get")


def _statistics_date(request: HttpRequest) -> tuple[StatisticsForm, date]:
    form = StatisticsForm(request.GET or None)
    on = timezone.localdate()
    if request.GET and form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    return form, on


def statistics(request: HttpRequest) -> HttpResponse:
    """The electorate by polling district, ward and franchise, with the figures the Electoral
    Commission's returns ask for."""
    require_electoral(request)
    form, on = _statistics_date(request)
    since = services.revision_since(on)
    rows = services.electorate_statistics(on=on, since=since)
    return render(
        request,
        "elections/canvass/statistics.html",
        {
            "form": form,
            "on": on,
            "since": since,
            "columns": services.STATISTICS_COLUMNS,
            "rows": rows,
            "wards": services.statistics_totals(rows, "ward"),
            "total": services.statistics_totals(rows)[0] if rows else None,
            "franchise": services.electorate_by_franchise(on=on),
        },
    )


def statistics_csv(request: HttpRequest) -> HttpResponse:
    """The same figures as CSV, by polling district with a total: audited."""
    require_electoral(request)
    _, on = _statistics_date(request)
    since = services.revision_since(on)
    rows = services.electorate_statistics(on=on, since=since)
    total = services.statistics_totals(rows)
    header = [
        "Polling district",
        "Name",
        "Ward",
        *(label for _, label in services.STATISTICS_COLUMNS),
    ]
    lines = [
        [
            r["district"],
            r["district_name"],
            r["ward"],
            *(r[k] for k, _ in services.STATISTICS_COLUMNS),
        ]
        for r in rows
    ]
    lines += [["Total", "", "", *(t[k] for k, _ in services.STATISTICS_COLUMNS)] for t in total]
    with transaction.atomic():
        audit.record(
            "elections.register.statistics_export",
            request.user,
            by=request.user,
            note=f"Electorate statistics on {on.isoformat()} (since {since.isoformat()})",
        )
    return spreadsheet.csv_response(
        f"electorate-{on.isoformat()}.csv", spreadsheet.csv_text(header, lines)
    )


# --- The public online response ----------------------------------------------------------------

SESSION_KEY = "canvass_response"
SESSION_MINUTES = 30
DONE_KEY = "canvass_response_done"
GENERIC_REFUSAL = (
    "The reference and security code do not match a letter we sent. Check them against your "
    "letter and try again"
)


class AccessForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="It is on your letter, like C26-0000123",
        error_messages={"required": "Enter the reference from your letter"},
    )
    security_code = forms.CharField(
        label="Security code",
        max_length=20,
        help_text="It is on your letter, under the reference",
        error_messages={"required": "Enter the security code from your letter"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["security_code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gov_helper(
            Field.text("reference", field_width=10),
            Field.text("security_code", field_width=10),
            Submit("continue", "Continue"),
        )


class HouseholdQuestion(forms.Form):
    correct = forms.ChoiceField(
        label="Is this information correct?",
        choices=[("yes", "Yes, nothing has changed"), ("no", "No, something has changed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if nothing has changed"},
    )


class RemoveQuestion(forms.Form):
    remove = forms.MultipleChoiceField(
        label="Who no longer lives at this address?",
        help_text="Select all that apply, or none",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(name, name) for name in names]


class AddQuestion(forms.Form):
    add = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Who else lives at this address and is aged 16 or over?",
        help_text="Full names, one on each line, or leave blank if nobody",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


STEPS = {
    "household": (HouseholdQuestion, "Is this information correct?"),
    "remove": (RemoveQuestion, "Who no longer lives at this address?"),
    "add": (AddQuestion, "Who else lives at this address?"),
}


def _visitor(request: HttpRequest) -> str:
    """The visitor's address as the sign-in lock-outs see it (behind a trusted proxy, the
    address it forwards); only a keyed hash of it is stored."""
    return client_ip(request) or "unknown"


def _session(request: HttpRequest) -> dict | None:
    """The visitor's verified property, for half an hour after they entered the code."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return None
    opened = datetime.fromisoformat(state["opened"])
    if timezone.now() - opened > timedelta(minutes=SESSION_MINUTES):
        request.session.pop(SESSION_KEY, None)
        return None
    return state


def _property_for(state: dict) -> CanvassProperty | None:
    return (
        CanvassProperty.register.select_related("property", "canvass")
        .filter(pk=state["id"])
        .first()
    )


def _names(item: CanvassProperty) -> list[str]:
    """The names on the letter: live electors, never an anonymous one."""
    return [
        " ".join(p for p in (first, surname) if p)
        for first, surname in Elector.register.live()
        .filter(qualifying_address_id=item.property_id, anonymous=False, overseas=False)
        .order_by("number", "suffix")
        .values_list("first_names", "surname")[:100]
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def respond_start(request: HttpRequest) -> HttpResponse:
    """Respond to the canvass: the reference and security code from the letter."""
    form = AccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.response_access(
                reference=form.cleaned_data["reference"],
                code=form.cleaned_data["security_code"],
                visitor=_visitor(request),
            )
        except services.Throttled:
            return render(request, "elections/canvass/respond_too_many.html", status=429)
        if found is None:
            form.add_error(None, GENERIC_REFUSAL)
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = {
                "id": found.pk,
                "opened": timezone.now().isoformat(),
                "answers": {},
            }
            return redirect("elections:canvass-respond-step", "household")
    if form.is_bound:
        # The code is never shown back, whatever was wrong: the page is the same whatever was
        # typed in it (democracy.audit treats a security code as a secret).
        form.data = form.data.copy()
        form.data["security_code"] = ""
    return render(request, "elections/canvass/respond_start.html", {"form": form})


def _question_helper(form: forms.Form):
    [(name, field)] = form.fields.items()
    if isinstance(field.widget, forms.Textarea):
        item = Field.textarea(name, label_size=Size.LARGE, label_tag="h1", rows=4)
    else:
        item = Field(name, context={"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"})
    return gov_helper(item, Submit("continue", "Continue"))


@never_cache
@require_http_methods(["GET", "POST"])
def respond_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such question")
    state = _session(request)
    item = _property_for(state) if state else None
    if item is None:
        return redirect("elections:canvass-respond")
    names = _names(item)
    answers = state["answers"]
    form_class, title = STEPS[step]
    kwargs = {"names": names} if form_class is RemoveQuestion else {}
    initial = {k: v for k, v in answers.items() if k in form_class.base_fields}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **kwargs)
    form.helper = _question_helper(form)
    if request.method == "POST" and form.is_valid():
        answers.update(form.cleaned_data)
        request.session.modified = True
        if step == "household":
            if form.cleaned_data["correct"] == "yes":
                return redirect("elections:canvass-respond-check")
            return redirect("elections:canvass-respond-step", "remove" if names else "add")
        if step == "remove":
            return redirect("elections:canvass-respond-step", "add")
        return redirect("elections:canvass-respond-check")
    back = {
        "household": reverse("elections:canvass-respond"),
        "remove": reverse("elections:canvass-respond-step", args=["household"]),
        "add": reverse("elections:canvass-respond-step", args=["remove" if names else "household"]),
    }[step]
    return render(
        request,
        "elections/canvass/respond_question.html",
        {
            "form": form,
            "title": title,
            "back_url": back,
            "step": step,
            "item": item,
            "names": names,
        },
    )


def _changes(answers: dict) -> list[dict]:
    changes = [{"kind": "remove", "name": name} for name in answers.get("remove", [])]
    for line in (answers.get("add") or "").splitlines():
        if line.strip():
            changes.append({"kind": "add", "name": " ".join(line.split())[:200]})
    return changes


@never_cache
@require_http_methods(["GET", "POST"])
def respond_check(request: HttpRequest) -> HttpResponse:
    state = _session(request)
    item = _property_for(state) if state else None
    if item is None:
        return redirect("elections:canvass-respond")
    answers = state["answers"]
    if "correct" not in answers:
        return redirect("elections:canvass-respond-step", "household")
    no_change = answers["correct"] == "yes"
    changes = [] if no_change else _changes(answers)
    problem = ""
    if request.method == "POST":
        if not no_change and not changes:
            problem = "Tell us who has moved out or in, or go back and say nothing has changed"
        else:
            services.response_record(
                canvass_property=item,
                outcome="no_change" if no_change else "changes",
                channel=CanvassResponse.Channel.ONLINE,
                changes=changes,
                by=None,
            )
            request.session.pop(SESSION_KEY, None)
            request.session[DONE_KEY] = {"reference": item.reference, "changes": not no_change}
            return redirect("elections:canvass-respond-done")
    return render(
        request,
        "elections/canvass/respond_check.html",
        {
            "item": item,
            "no_change": no_change,
            "removed": [c["name"] for c in changes if c["kind"] == "remove"],
            "added": [c["name"] for c in changes if c["kind"] == "add"],
            "problem": problem,
        },
    )


@never_cache
def respond_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_KEY)
    if done is None:
        return redirect("elections:canvass-respond")
    return render(request, "elections/canvass/respond_done.html", {"done": done})
