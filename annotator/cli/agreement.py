"""The ``agreement`` verb: how far reviewers agree, per concept and overall.

Its ``--json`` line is the public contract (DESIGN §5): ``{"concept", "units", "reviewers",
"percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "span_f1",
"unitizing_alpha"}``, a figure that is undefined being ``null``. What a unit is, and which
documents and annotations count, is said in ``annotator.store.agreement``.
"""

from __future__ import annotations

import click

from annotator.agreement.parts import tally_scope
from annotator.agreement.report import agreement_lines, confusion_table, figures_table
from annotator.cli.options import json_option
from annotator.cli.output import echo, emit_json
from annotator.cli.settings import Settings
from annotator.store import Access


@click.command()
@click.option(
    "--reviewers",
    metavar="A,B,...",
    help="Whom to compare (default: everyone with annotations but the gold layer).",
)
@click.option("--doc", "document", metavar="ID", help="Only this document.")
@click.option(
    "--concept", metavar="ID", help="Only this concept (its line, and the overall over it)."
)
@json_option
@click.pass_obj
def agreement(
    settings: Settings,
    reviewers: str | None,
    document: str | None,
    concept: str | None,
    as_json: bool,
) -> None:
    """Inter-annotator agreement per concept and overall, worst first.

    For each concept, the units are the passages of the documents every compared reviewer
    annotated; a reviewer says 1 for a passage they tagged with that concept (whole or a
    span), else 0. Figures: percent agreement, Cohen's kappa (the mean over pairs), Fleiss'
    kappa, Krippendorff's alpha, the exact-match F1 of spans, and Krippendorff's alpha-u over
    character offsets; undefined ones are shown as — (null with --json). Then a confusion
    table of the first two reviewers: where one tagged a passage with a concept, what the
    other tagged it with. Current versions of documents count, and annotations with a place
    in them (not orphans).
    """
    store = settings.open_store(Access.READ)
    store.refuse_unless_curator(settings.reviewer, "compares reviewers")
    names = None
    if reviewers is not None:
        names = [name.strip() for name in reviewers.split(",") if name.strip()]
    scope = store.agreement_scope(names, document, concept, gold=store.gold_reviewer())
    labels = store.concept_labels()
    concepts = list(labels)
    tallies = tally_scope(store, scope, concepts)
    lines = agreement_lines(scope, concepts, tallies)
    if as_json:
        for line in lines:
            emit_json(line.record())
        return
    for text in figures_table(scope, lines, labels):
        echo(text)
    first, second = scope.reviewers[:2]
    echo("")
    counts = store.agreement_confusion(scope, first, second)
    for text in confusion_table(scope, counts, first, second, labels):
        echo(text)
