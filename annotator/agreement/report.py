"""The agreement report: a line of figures per concept and one overall, worst first, and the
tables a person reads (the figures, and where two reviewers' concepts blur).

The store streams the reviewers' marks (``annotator.store.agreement``), ``tally`` counts them
per concept, and the measures of ``coding`` and ``spans`` turn the counts into figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.agreement.coding import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from annotator.agreement.tally import Tally
from annotator.display import one_line
from annotator.store.agreement import AgreementScope

WIDTH = 80
"""Columns the readable tables fit in."""
LABEL_WIDTH = 22
"""Characters of a concept's label the figures table shows."""
UNITS_WIDTH = 8
FIGURE_WIDTH = 8
UNDEFINED = "—"
"""What the table shows for a figure that is undefined (null in JSON)."""
MEASURE_HEADINGS = {
    "percent_agreement": ("", "agree"),
    "cohen_kappa": ("Cohen", "κ"),
    "fleiss_kappa": ("Fleiss", "κ"),
    "krippendorff_alpha": ("", "α"),
    "span_f1": ("span", "F1"),
    "unitizing_alpha": ("", "αu"),
}
"""Each measure, as the figures table heads its column (on two lines)."""
NOTHING = "nothing"
"""The confusion table's row and column for a passage a reviewer tagged with nothing."""


@dataclass(frozen=True, slots=True)
class AgreementLine:
    """The figures of one concept, or of all of them pooled (``concept`` None)."""

    concept: str | None
    units: int
    reviewers: tuple[str, ...]
    percent_agreement: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    span_f1: float | None
    unitizing_alpha: float | None

    def record(self) -> dict[str, Any]:
        """The line as ``agreement --json`` prints it (the public contract, in this order)."""
        return {
            "concept": self.concept,
            "units": self.units,
            "reviewers": list(self.reviewers),
            **{name: getattr(self, name) for name in MEASURE_HEADINGS},
        }


def agreement_lines(
    scope: AgreementScope, concepts: Sequence[str], tallies: dict[int, Tally]
) -> list[AgreementLine]:
    """A line per concept compared, worst first (by Krippendorff's alpha, undefined last,
    ties in the order of ``concepts``: the scheme's), then the overall line, which pools
    every (passage, concept) unit of those concepts.

    ``tallies`` are the counts of the concepts a compared reviewer marked in scope, by their
    number in ``concepts`` (``tally`` of the store's ``agreement_marks``): those are the
    concepts compared, or the scope's one. They are completed here.
    """
    reviewers = len(scope.reviewers)
    if scope.concept is not None:
        tallies.setdefault(concepts.index(scope.concept), Tally(reviewers))
    overall = Tally(reviewers)
    numbered = []
    for number, counts in tallies.items():
        counts.complete(scope.lengths)
        overall += counts
        numbered.append((number, _line(scope, concepts[number], scope.passages, counts)))
    numbered.sort(
        key=lambda item: (
            item[1].krippendorff_alpha is None,
            item[1].krippendorff_alpha or 0.0,
            item[0],
        )
    )
    overall_line = _line(scope, None, scope.passages * len(tallies), overall)
    return [line for _, line in numbered] + [overall_line]


def _line(scope: AgreementScope, concept: str | None, units: int, counts: Tally) -> AgreementLine:
    patterns = counts.patterns()
    return AgreementLine(
        concept=concept,
        units=units,
        reviewers=scope.reviewers,
        percent_agreement=percent_agreement(patterns),
        cohen_kappa=cohen_kappa(patterns),
        fleiss_kappa=fleiss_kappa(patterns),
        krippendorff_alpha=krippendorff_alpha(patterns),
        span_f1=counts.span_f1(),
        unitizing_alpha=counts.unitizing_alpha(),
    )


# --- the tables people read ---------------------------------------------------------------


def figures_table(
    scope: AgreementScope, lines: Sequence[AgreementLine], labels: Mapping[str, str]
) -> list[str]:
    """The lines as a table: what was compared, then a row per concept (its label) and the
    overall row, each figure to 3 decimals, ``—`` where it is undefined."""
    documents = len(scope.documents)
    concepts = len(lines) - 1
    headings = list(MEASURE_HEADINGS.values())
    table = [
        f"{', '.join(scope.reviewers)}: {scope.passages} passages in {documents} "
        f"document{'s' * (documents != 1)} annotated by each",
        " " * (LABEL_WIDTH + UNITS_WIDTH)
        + "".join(f"{top:>{FIGURE_WIDTH}}" for top, _ in headings),
        f"{'concept':<{LABEL_WIDTH}}{'units':>{UNITS_WIDTH}}"
        + "".join(f"{bottom:>{FIGURE_WIDTH}}" for _, bottom in headings),
    ]
    for line in lines:
        if line.concept is None:
            name = f"overall, {concepts} concept{'s' * (concepts != 1)}"
        else:
            name = labels.get(line.concept, line.concept)
        figures = "".join(
            f"{_figure(getattr(line, measure)):>{FIGURE_WIDTH}}" for measure in MEASURE_HEADINGS
        )
        table.append(f"{_cell(name, LABEL_WIDTH)}{line.units:>{UNITS_WIDTH}}{figures}")
    return [row.rstrip() for row in table]


def _figure(value: float | None) -> str:
    """A figure to 3 decimals, in less than a column (a very negative alpha-u, such as a
    single unit against nothing gives, in powers of ten)."""
    if value is None:
        return UNDEFINED
    shown = f"{value:.3f}"
    return shown if len(shown) < FIGURE_WIDTH else f"{value:.0e}"


def _cell(text: str, width: int) -> str:
    """``text`` on one line, cut to leave a space in a column of ``width``."""
    return f"{one_line(text, width - 1):<{width}}"


def confusion_table(
    scope: AgreementScope,
    counts: Mapping[tuple[str | None, str | None], int],
    first: str,
    second: str,
    labels: Mapping[str, str],
) -> list[str]:
    """Where ``first`` tagged a passage with a row's concept, how often ``second`` tagged it
    with each column's (a concept's number heads its column), or with nothing at all (—).

    Rows and columns are the same concepts (those either reviewer used), numbered in the
    scheme's order (``labels``'), so the diagonal is agreement and the rest shows which
    concepts blur. Columns that do not fit in ``WIDTH`` go on in another block, under the same
    rows. With
    the scope's concept, only the passages where one of the two said it count.
    """
    if scope.concept is not None:
        counts = {pair: count for pair, count in counts.items() if scope.concept in pair}
    used = {concept for pair in counts for concept in pair if concept is not None}
    in_order = [concept for concept in labels if concept in used]
    numbers = {concept: number for number, concept in enumerate(in_order, 1)}
    axis: list[str | None] = list(numbers)
    if any(None in pair for pair in counts):
        axis.append(None)
    table = [
        f"Passages tagged by {first} (rows) and {second} (columns): off the diagonal, what blurs"
    ]
    if not counts:
        return [*table, f"  neither tagged a passage with {scope.concept}"]
    cell = max(len(str(max(counts.values()))), len(str(len(numbers)))) + 2
    label_width = LABEL_WIDTH + 2
    per_block = max(1, (WIDTH - label_width) // cell)
    for block_start in range(0, len(axis), per_block):
        block = axis[block_start : block_start + per_block]
        if block_start:
            table.append("")
        table.append(" " * label_width + "".join(f"{_number(numbers, c):>{cell}}" for c in block))
        for row in axis:
            label = labels.get(row, row) if row is not None else NOTHING
            cells = "".join(f"{counts.get((row, column)) or '·':>{cell}}" for column in block)
            table.append(f"{_number(numbers, row):>3} {_cell(label, label_width - 4)}{cells}")
    return table


def _number(numbers: Mapping[str, int], concept: str | None) -> str:
    return str(numbers[concept]) if concept is not None else UNDEFINED
