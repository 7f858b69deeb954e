"""Reading a search query: words and "phrases", folded, each with its typo budget.

Any text is a valid query: quotes, parentheses, ``AND``, ``NEAR/``, ``*`` are just characters
here, and only folded words ever reach FTS5 (inside double quotes), so a query can find
nothing but never fail.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.fold import WORD, fold

MAX_CLAUSES = 12
"""Words and phrases a query uses at most; the rest of a very long query is ignored."""


def edit_budget(word: str) -> int:
    """Typos forgiven in a word: one from 5 letters, two from 9 (as Meilisearch and Typesense)."""
    if len(word) >= 9:
        return 2
    return 1 if len(word) >= 5 else 0


@dataclass(frozen=True, slots=True)
class Term:
    """A folded query word."""

    text: str
    budget: int
    prefix: bool = False
    """The word is still being typed: words starting with it match too."""


@dataclass(frozen=True, slots=True)
class Clause:
    """A word, or a phrase whose words must follow each other."""

    terms: tuple[Term, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; no clauses means it finds nothing."""

    clauses: tuple[Clause, ...]


def parse(text: str) -> Query:
    """Split ``text`` into phrases (between double quotes) and words, folded."""
    folded = fold(text.replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"'))
    clauses: list[Clause] = []
    segments = folded.split('"')
    for index, segment in enumerate(segments):
        words = WORD.findall(segment)
        closed_phrase = index % 2 == 1 and index < len(segments) - 1
        if closed_phrase and len(words) > 1:
            clauses.append(Clause(tuple(Term(word, 0) for word in words), phrase=True))
        else:
            clauses.extend(Clause((Term(word, edit_budget(word)),)) for word in words)
    clauses = clauses[:MAX_CLAUSES]
    typing = bool(folded) and not folded[-1].isspace() and folded[-1] != '"'
    if clauses and typing and not clauses[-1].phrase:
        last = clauses[-1].terms[0]
        clauses[-1] = Clause((Term(last.text, last.budget, prefix=True),))
    return Query(tuple(clauses))
