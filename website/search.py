"""Site-wide search (the composition root's public search page): PostgreSQL full-text search
over the public index of agendas, reports, minutes and decisions (``meetings.public.search``), ranked,
with highlighted snippets and filters by committee, date range and type."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from democracy.forms import GovDateField, date_question, gov_helper
from democracy.public_cache import public_conditional
from meetings import public as public_data
from meetings.models import SearchEntry

PAGE_SIZE = 20


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search agendas, reports, minutes and decisions",
        max_length=200,
        error_messages={"required": "Enter what you are looking for"},
        help_text='For example, Local Plan or "Mill Lane". Use quotes for a phrase and - '
        "before a word to leave it out.",
    )
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=public_data.committees().order_by("name"),
        required=False,
        empty_label="All committees",
    )
    kinds = forms.MultipleChoiceField(
        label="Type",
        choices=SearchEntry.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = GovDateField(label="From", required=False)
    date_to = GovDateField(label="To", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].help_text = "For example, 1 4 2026"
        self.fields["date_to"].help_text = "For example, 31 3 2027"
        self.helper = gov_helper(
            Field.text("q"),
            Fieldset(
                Field.select("committee"),
                Field.checkboxes("kinds", legend_size=Size.SMALL, small=True),
                date_question("date_from"),
                date_question("date_to"),
                legend="Filter the results",
                legend_size=Size.MEDIUM,
            ),
            Submit("search", "Search"),
            method="get",
            action=reverse("search"),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", 'The "To" date must be the same as or after the "From" date')
        return data


def appendix_urls(entries) -> dict[int, str]:
    """Where each appendix among ``entries`` is read (one query for the page): its PDF if it was
    uploaded as one, else its place in the report's page, where an appendix written as text is
    shown (a text appendix has no PDF: linking there gave a 404)."""
    wanted = [entry.object_id for entry in entries if entry.kind == SearchEntry.Kind.APPENDIX]
    if not wanted:
        return {}
    found = {}
    rows = public_data.appendices().filter(pk__in=wanted)
    for pk, report_id, position, pdf in rows.values_list("pk", "report_id", "position", "pdf"):
        found[pk] = (
            reverse("meetings:public-appendix-pdf", args=[pk])
            if pdf
            else reverse("meetings:public-report", args=[report_id]) + f"#appendix-{position}"
        )
    return found


def result_url(entry: SearchEntry, appendices: dict[int, str]) -> str:
    """Where a result leads on the public site."""
    if entry.kind == SearchEntry.Kind.REPORT:
        return reverse("meetings:public-report", args=[entry.object_id])
    if entry.kind == SearchEntry.Kind.APPENDIX:
        return appendices.get(entry.object_id, "")
    if entry.kind == SearchEntry.Kind.DECISION:
        return reverse("meetings:public-decision", args=[entry.object_id])
    url = entry.meeting.get_absolute_url()
    return f"{url}#minutes" if entry.kind == SearchEntry.Kind.MINUTE else url


def page_number(request: HttpRequest) -> int:
    """The page asked for: a whole number from 1 (anything else is the first page)."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@public_conditional
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        committee = data.get("committee")
        filters = public_data.SearchFilters(
            text=data["q"],
            committee_id=committee.pk if committee else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kinds=data.get("kinds") or (),
        )
        found = public_data.search_page(filters, number=page_number(request), size=PAGE_SIZE)
        # A Django page over the rows already read, counted by the same query.
        paginator = Paginator(found.entries, PAGE_SIZE)
        paginator.count = found.total
        page = Page(found.entries, found.number, paginator)
        appendices = appendix_urls(page.object_list)
        for entry in page.object_list:
            entry.url = result_url(entry, appendices)
            entry.snippet = public_data.snippet(entry.headline)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "website/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
