"""The register of electors' officer pages (issue 12), under /elections/register/.

For electoral services officers only: to anyone else, signed in or not, every page here is a 404
("can't see" and "doesn't exist" are one answer). Every page that shows a person's entry writes
an audit row naming the record by id and elector number only, never the person.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from democracy import audit
from democracy.forms import GovDateField, date_question, gov_helper, number_input
from democracy.permissions import has_role
from democracy.roles import Role
from elections import (
    exports,
    poll_cards,
    publication,
    registration,
    services,
    station_allocation,
    tasks,
)
from elections.models import (
    Elector,
    PollingDistrict,
    PollingStation,
    Property,
    RegisterImport,
    RegisterSupply,
)
from elections.register_rules import normalise_postcode

SEARCH_LIMIT = 50


def require_electoral(request: HttpRequest) -> None:
    """The register is electoral services' alone; to anyone else it does not exist."""
    if not has_role(request.user, Role.ELECTORAL_SERVICES_OFFICER):
        raise Http404("No such page")


class PropertySearchForm(forms.Form):
    q = forms.CharField(
        label="Postcode or address",
        max_length=100,
        help_text="For example, KM1 2AB or 12 Mill Lane",
        error_messages={"required": "Enter a postcode or part of an address"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper("q", Submit("search", "Search"), method="get")

    def clean_q(self) -> str:
        value = " ".join(self.cleaned_data["q"].split())
        if len(value) < 2:
            raise forms.ValidationError("Enter at least 2 characters of a postcode or address")
        return value


def search_properties(query: str):
    """Properties whose postcode is ``query`` (any spacing), or whose address contains it."""
    postcode = normalise_postcode(query)
    if postcode:
        found = Property.objects.filter(postcode=postcode)
    else:
        words = Q()
        for word in query.split():
            words &= (
                Q(address_1__icontains=word)
                | Q(address_2__icontains=word)
                | Q(address_3__icontains=word)
                | Q(address_4__icontains=word)
                | Q(postcode__istartswith=word.upper())
            )
        found = Property.objects.filter(words)
    return found.select_related("polling_district").order_by("postcode", "address_1", "pk")


def register_home(request: HttpRequest) -> HttpResponse:
    """Find a property by postcode or address; the way into the register."""
    require_electoral(request)
    form = PropertySearchForm(request.GET or None)
    results = None
    more = False
    if form.is_valid():
        found = list(search_properties(form.cleaned_data["q"])[: SEARCH_LIMIT + 1])
        more = len(found) > SEARCH_LIMIT
        results = found[:SEARCH_LIMIT]
    return render(
        request,
        "elections/register/home.html",
        {
            "form": form,
            "results": results,
            "more": more,
            "limit": SEARCH_LIMIT,
            "districts": PollingDistrict.objects.order_by("code"),
            "dates": registration.publication_dates(timezone.localdate()),
        },
    )


def property_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A property and the entries registered at it. The page shows people, so it is audited."""
    require_electoral(request)
    prop = Property.objects.select_related("polling_district__ward").filter(pk=pk).first()
    if prop is None:
        raise Http404("No such property")
    electors = list(
        Elector.register.for_officer(request.user)
        .live()
        .filter(qualifying_address=prop)
        .select_related("polling_district")
        .order_by("number", "suffix")
    )
    with transaction.atomic():
        audit.record("elections.property.view", prop, by=request.user)
    return render(
        request, "elections/register/property.html", {"property": prop, "electors": electors}
    )


def elector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One elector's entry. Every view is audited: who looked at which entry (by id and
    elector number, never the name)."""
    require_electoral(request)
    elector = (
        Elector.register.for_officer(request.user)
        .select_related("polling_district__ward", "qualifying_address")
        .filter(pk=pk)
        .first()
    )
    if elector is None:
        raise Http404("No such elector")
    with transaction.atomic():
        audit.record("elections.elector.view", elector, by=request.user)
    return render(request, "elections/register/elector.html", {"elector": elector})


# --- Importing and exporting (issue 12, point 2) ------------------------------------------------


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Register file (CSV)",
        help_text=(
            "This system's register format, or the Democracy Club polling station export from "
            "Xpress. Nothing is imported unless every row is right."
        ),
        error_messages={"required": "Choose a CSV file to import"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper("file", Submit("import", "Import the file"))
        self.helper.form_enctype = "multipart/form-data"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The file must be a CSV file")
        if not upload.size:
            raise forms.ValidationError("The file is empty: choose the register file")
        return upload


def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a register file; the import runs in the background with a progress bar."""
    require_electoral(request)
    if request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
    else:
        form = RegisterUploadForm()
    if request.method == "POST" and form.is_valid():
        job = services.register_import_start(upload=form.cleaned_data["file"], by=request.user)
        transaction.on_commit(lambda: tasks.import_register.delay(job.pk))
        return redirect("elections:register-import", pk=job.pk)
    recent = RegisterImport.objects.order_by("-created_at")[:10]
    return render(request, "elections/register/import.html", {"form": form, "recent": recent})


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress bar while it runs (the page refreshes itself), then what was
    imported, or every error by line and column."""
    require_electoral(request)
    job = RegisterImport.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("No such import")
    return render(request, "elections/register/import_detail.html", {"job": job})


def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress of an import, for the progress bar."""
    require_electoral(request)
    job = RegisterImport.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("No such import")
    return JsonResponse(
        {
            "status": job.status,
            "phase": job.phase,
            "percent": job.percent,
            "rows": job.rows_read,
            "finished": job.finished,
        }
    )


def export_democracy_club(request: HttpRequest) -> StreamingHttpResponse:
    """Polling districts, stations and property addresses in the Democracy Club layout, for
    the polling station finder. Streamed, and audited."""
    require_electoral(request)
    election_date = request.GET.get("election_date", "")
    try:
        readable = not election_date or parse_date(election_date) is not None
    except ValueError:  # well formed, but no such day (29 February 2025, year 0)
        readable = False
    if not readable:
        return HttpResponseBadRequest(
            "The election date must be a real date, like 2026-05-07.",
            content_type="text/plain; charset=utf-8",
        )
    with transaction.atomic():
        audit.record(
            "elections.register.export_democracy_club",
            request.user,
            by=request.user,
            note="Democracy Club polling station export",
        )
    response = StreamingHttpResponse(
        exports.democracy_club_lines(election_date=election_date),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="democracy-club-polling-stations.csv"'
    return response


# --- Publishing the register (issue 12, point 4) -------------------------------------------------


def register_csv(request: HttpRequest, pk: int, edition: str) -> StreamingHttpResponse:
    """The full or edited register of one polling district as CSV. Audited."""
    district = _published_district(request, pk, edition, "CSV")
    response = StreamingHttpResponse(
        publication.csv_lines(district, edition), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{edition}-register-{district.code}.csv"'
    )
    return response


def register_pdf(request: HttpRequest, pk: int, edition: str) -> HttpResponse:
    """The full or edited register of one polling district as a tagged PDF. Audited."""
    district = _published_district(request, pk, edition, "PDF")
    response = HttpResponse(
        publication.render_pdf(district, edition), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{edition}-register-{district.code}.pdf"'
    )
    return response


def _published_district(request: HttpRequest, pk: int, edition: str, kind: str):
    require_electoral(request)
    if edition not in publication.EDITIONS:
        raise Http404("No such register")
    district = PollingDistrict.objects.filter(pk=pk).first()
    if district is None:
        raise Http404("No such polling district")
    with transaction.atomic():
        audit.record(
            f"elections.register.export_{edition}",
            district,
            by=request.user,
            note=f"{publication.EDITIONS[edition]} ({kind})",
        )
    return district


class RegisterSupplyForm(forms.Form):
    recipient = forms.CharField(
        label="Who received it",
        max_length=200,
        error_messages={"required": "Enter who received the register"},
    )
    recipient_kind = forms.ChoiceField(
        label="Kind of recipient",
        choices=RegisterSupply.Recipient.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of recipient"},
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        max_length=200,
        help_text="The provision that entitles them, like “RPR 2001 reg 108 (candidate)”",
        error_messages={"required": "Enter the legal basis for the supply"},
    )
    polling_districts = forms.ModelMultipleChoiceField(
        label="Polling districts supplied",
        queryset=PollingDistrict.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one polling district"},
    )
    supplied_on = GovDateField(label="Date supplied", help_text="For example, 7 5 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "recipient",
            "recipient_kind",
            "legal_basis",
            "polling_districts",
            date_question("supplied_on"),
            Submit("record", "Record the supply"),
        )


def supplies(request: HttpRequest) -> HttpResponse:
    """Supplies of the full register: the record of who received it and under what law, and
    the form to record another."""
    require_electoral(request)
    form = RegisterSupplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.register_supply_record(**form.cleaned_data, by=request.user)
        messages.success(request, "The supply of the full register has been recorded")
        return redirect("elections:register-supplies")
    return render(
        request,
        "elections/register/supplies.html",
        {
            "form": form,
            "supplies": RegisterSupply.objects.prefetch_related("polling_districts")[:100],
        },
    )


# --- Polling stations: the elector numbers each serves (issue 13, point 4) ----------------------


class StationRangesForm(forms.Form):
    """First and last elector numbers for every station of one district, set together (the
    ranges must not overlap and must cover the register, so one station alone cannot be set)."""

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.stations = stations
        names = []
        for station in stations:
            for end in ("first", "last"):
                name = f"{end}_{station.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"Station {station.number}: {end} elector number",
                    required=False,
                    min_value=1,
                    widget=number_input(),
                    initial=getattr(station, f"{end}_elector_number"),
                    error_messages={
                        "invalid": f"Station {station.number}: the {end} elector number "
                        "must be a whole number",
                        "min_value": f"Station {station.number}: the {end} elector number "
                        "must be 1 or more",
                    },
                )
                names.append(name)
        self.helper = gov_helper(
            *(Field(name, css_class="govuk-input--width-10") for name in names),
            Submit("save", "Save the ranges"),
        )

    def ranges(self) -> dict[int, tuple[int | None, int | None]]:
        data = self.cleaned_data
        return {s.pk: (data.get(f"first_{s.pk}"), data.get(f"last_{s.pk}")) for s in self.stations}


def polling_station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A polling station, the elector numbers it serves today and, where its district has
    several stations, the form to set every station's range."""
    require_electoral(request)
    station = (
        PollingStation.objects.select_related("place", "polling_district__ward")
        .filter(pk=pk)
        .first()
    )
    if station is None:
        raise Http404("No such polling station")
    district = station.polling_district
    stations = list(district.stations.select_related("place").order_by("number"))
    form = StationRangesForm(request.POST or None, stations=stations)
    if request.method == "POST" and len(stations) > 1 and form.is_valid():
        try:
            services.polling_station_ranges_set(
                polling_district=district, ranges=form.ranges(), by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"The ranges of polling district {district.code} are saved.")
            return redirect("elections:register-station", pk=station.pk)
    today = timezone.localdate()
    allotted = poll_cards.allocations([district.pk], today)[district.pk]
    return render(
        request,
        "elections/register/station.html",
        {
            "station": station,
            "district": district,
            "rows": sorted(allotted, key=lambda r: r.station.number),
            "explicit": station_allocation.explicit(stations),
            "form": form if len(stations) > 1 else None,
        },
    )
