"""Electoral services' results pages (issue 13, point 5), under
/elections/elections/<pk>/results/: enter each contest's count, check it, declare it, put the
election's results live, and confirm the new councillors' terms of office. Electoral services
only: to anyone else every page here is a 404. Every write goes through
``elections.result_services``."""

from __future__ import annotations

from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from democracy.forms import gov_helper
from elections import count_rules, nominations, result_documents, result_services
from elections.election_views import _add_errors, get_election_for_user
from elections.models import Contest
from elections.result_models import ContestResult
from elections.result_services import CandidateVotes


def _contest(request: HttpRequest, pk: int, contest_pk: int):
    election = get_election_for_user(request, pk)
    contest = (
        Contest.objects.select_related("ward").filter(election=election, pk=contest_pk).first()
    )
    if contest is None:
        raise Http404("No such contest")
    result = ContestResult.all_objects.filter(contest=contest).first()
    return election, contest, result


def results_home(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    if request.method == "POST":
        result_services.results_publish_live(election=election, by=request.user)
        messages.success(request, "The results pages are live")
        return redirect("elections:results-entry", pk=election.pk)
    contests = list(
        Contest.objects.filter(election=election)
        .select_related("ward", "result")
        .order_by("division_name")
    )
    rows = [(c, getattr(c, "result", None)) for c in contests]
    live = hasattr(election, "results_live")
    return render(
        request,
        "elections/results/entry_home.html",
        {"election": election, "rows": rows, "live": live},
    )


class CountForm(forms.Form):
    electorate = forms.IntegerField(
        label="Electorate", min_value=0, error_messages={"required": "Enter the electorate"}
    )
    ballot_papers_issued = forms.IntegerField(
        label="Ballot papers issued (ballot paper accounts)",
        min_value=0,
        error_messages={"required": "Enter the ballot papers issued"},
    )
    ballot_papers_counted = forms.IntegerField(
        label="Ballot papers counted",
        min_value=0,
        error_messages={"required": "Enter the ballot papers counted"},
    )
    valid_ballot_papers = forms.IntegerField(
        label="Valid ballot papers",
        min_value=0,
        required=False,
        help_text="Contests for more than one seat only: a paper may carry several votes",
    )
    candidates = forms.CharField(
        label="Candidates and their votes",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One a line: first names, surname, description, votes. For example: "
        "Ann, Smith, Labour Party, 812",
        error_messages={"required": "Enter the candidates and their votes"},
    )
    drawn_by_lot = forms.CharField(
        label="Candidates the lot fell on",
        max_length=2_000,
        required=False,
        help_text="Only after an equality of votes for a seat: full names, one a line",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, standing=(), **kwargs):
        """``standing``: the contest's validly nominated candidates. With them, the form has a
        votes box for each (in the statement's order) and the lot is chosen among them; without,
        the candidates are typed in, one a line."""
        super().__init__(*args, **kwargs)
        self.standing = list(standing)
        for head, label in count_rules.REJECTION_HEADS.items():
            self.fields[head] = forms.IntegerField(
                label=f"Rejected: {label.lower()}", min_value=0, initial=0, required=False
            )
        candidate_fields = ["candidates"]
        if self.standing:
            del self.fields["candidates"]
            candidate_fields = []
            for candidate in self.standing:
                key = f"votes_{candidate.pk}"
                description = candidate.description or (
                    candidate.party.name if candidate.party else ""
                )
                self.fields[key] = forms.IntegerField(
                    label=f"Votes for {candidate.ballot_name}",
                    help_text=description or "No description",
                    min_value=0,
                    error_messages={
                        "required": f"Enter the votes for {candidate.ballot_name}",
                        "invalid": f"Votes for {candidate.ballot_name} must be a whole number",
                        "min_value": f"Votes for {candidate.ballot_name} cannot be negative",
                    },
                )
                candidate_fields.append(key)
            self.fields["drawn_by_lot"] = forms.MultipleChoiceField(
                label="Candidates the lot fell on",
                help_text="Only after an equality of votes for a seat",
                required=False,
                choices=[(str(c.pk), c.ballot_name) for c in self.standing],
                widget=forms.CheckboxSelectMultiple,
            )
        self.helper = gov_helper(
            "electorate",
            "ballot_papers_issued",
            "ballot_papers_counted",
            "valid_ballot_papers",
            *count_rules.REJECTION_HEADS,
            *candidate_fields,
            "drawn_by_lot",
            Submit("save", "Save the count"),
        )

    def entries(self) -> tuple[list[CandidateVotes], list[str]]:
        """The candidates' votes and the names the lot fell on, from the cleaned form."""
        data = self.cleaned_data
        if not self.standing:
            drawn = [n.strip() for n in data["drawn_by_lot"].splitlines() if n.strip()]
            return data["candidates"], drawn
        rows = [
            CandidateVotes(
                c.ballot_forenames, c.ballot_surname, "", data[f"votes_{c.pk}"], candidate_id=c.pk
            )
            for c in self.standing
        ]
        chosen = set(data["drawn_by_lot"])
        drawn = [
            f"{c.ballot_forenames} {c.ballot_surname}" for c in self.standing if str(c.pk) in chosen
        ]
        return rows, drawn

    def clean_candidates(self) -> list[CandidateVotes]:
        rows = []
        for number, line in enumerate(self.cleaned_data["candidates"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) != 4 or not parts[0] or not parts[1]:
                raise ValidationError(
                    f"Line {number}: give first names, surname, description and votes, "
                    "separated by commas"
                )
            try:
                votes = int(parts[3])
            except ValueError:
                raise ValidationError(f"Line {number}: votes must be a whole number") from None
            if votes < 0:
                raise ValidationError(f"Line {number}: votes cannot be negative")
            rows.append(CandidateVotes(parts[0], parts[1], parts[2], votes))
        if not rows:
            raise ValidationError("Enter the candidates and their votes")
        return rows


def contest_count(request: HttpRequest, pk: int, contest_pk: int) -> HttpResponse:
    election, contest, result = _contest(request, pk, contest_pk)
    if result is not None and result.is_declared:
        return redirect("elections:results-entry-declare", pk=pk, contest_pk=contest_pk)
    standing, _others = nominations.candidates_for_statement(contest)
    form = CountForm(request.POST if request.method == "POST" else None, standing=standing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries, drawn = form.entries()
        try:
            result_services.contest_result_enter(
                contest=contest,
                electorate=data["electorate"],
                ballot_papers_issued=data["ballot_papers_issued"],
                ballot_papers_counted=data["ballot_papers_counted"],
                valid_ballot_papers=data["valid_ballot_papers"],
                rejected={h: data.get(h) or 0 for h in count_rules.REJECTION_HEADS},
                candidates=entries,
                drawn_by_lot=drawn,
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The count for {contest} is saved: check it and declare")
            return redirect("elections:results-entry-declare", pk=pk, contest_pk=contest_pk)
    return render(
        request,
        "elections/results/entry_count.html",
        {"election": election, "contest": contest, "form": form, "standing": standing},
    )


def contest_declare(request: HttpRequest, pk: int, contest_pk: int) -> HttpResponse:
    election, contest, result = _contest(request, pk, contest_pk)
    if result is None:
        raise Http404("No count entered")
    if request.method == "POST" and not result.is_declared:
        result_services.contest_result_declare(result=result, by=request.user)
        messages.success(request, f"The result for {contest} is declared")
        return redirect("elections:results-entry-declare", pk=pk, contest_pk=contest_pk)
    return render(
        request,
        "elections/results/entry_declare.html",
        {
            "election": election,
            "contest": contest,
            "result": result,
            "candidates": list(result.candidates.all()),
            "checks": result_services.contest_result_check(result),
        },
    )


def contest_document(request: HttpRequest, pk: int, contest_pk: int, document: str):
    """The declaration of result or the statement of rejected ballot papers as a tagged PDF,
    marked as a draft until the result is declared."""
    _election, contest, result = _contest(request, pk, contest_pk)
    render_document = result_documents.DOCUMENTS.get(document)
    if result is None or render_document is None:
        raise Http404("No such document")
    response = HttpResponse(render_document(result), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document}-{contest.ballot_id}.pdf"'
    return response


def contest_terms(request: HttpRequest, pk: int, contest_pk: int) -> HttpResponse:
    """The confirmation step: the terms of office the declared result would create, listed;
    nothing is created until the officer confirms."""
    election, contest, result = _contest(request, pk, contest_pk)
    if result is None or not result.is_declared:
        raise Http404("Not declared")
    if request.method == "POST" and result.terms_confirmed_at is None:
        created = result_services.contest_result_confirm_terms(result=result, by=request.user)
        messages.success(request, f"{len(created)} term(s) of office created")
        return redirect("elections:results-entry-terms", pk=pk, contest_pk=contest_pk)
    preview = (
        [] if result.terms_confirmed_at else result_services.contest_result_terms_preview(result)
    )
    return render(
        request,
        "elections/results/entry_terms.html",
        {"election": election, "contest": contest, "result": result, "preview": preview},
    )
