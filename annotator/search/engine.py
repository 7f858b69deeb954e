"""Fuzzy search over passages: FTS5 shortlists, rapidfuzz expands words, Python reranks.

Nothing scans every passage for a query. Each query word is expanded to the indexed words
within its typo budget (the dictionary is in memory, by length); one FTS5 query over those
words, all clauses required, gives the candidates (any clause, if no passage has them all:
that OR query is the costly one on a big corpus, so it only runs when it must); the
candidates are ranked by words found, typos, closeness and BM25, and their matched spans found.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.search.query import Clause, parse
from annotator.search.rank import Expanded, Ranked, rank
from annotator.search.vocabulary import Vocabulary
from annotator.store import PassageFilter, Store
from schemas import Passage

CANDIDATES = 300
"""Passages FTS5 hands to the reranker at most, best BM25 first."""

RERANK_CHARS = 500_000
"""Characters of passage text the reranker reads at most for a query: its time grows with them.
``CANDIDATES`` passages of usual length (a few hundred characters) fit many times over; of the
longest passages (``corpus.MAX_PASSAGE_CHARS``), only the best sixty or so by BM25 are read."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found, with its score and the spans that matched (offsets in its text)."""

    passage: Passage
    score: float
    matches: tuple[tuple[int, int], ...]


class SearchEngine:
    """Searches one store; keeps the dictionary in memory and reloads it when it changes."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._vocabulary: Vocabulary | None = None
        self._version: int | None = None

    def vocabulary(self) -> Vocabulary:
        """The index's dictionary, brought up to date if passages were added since."""
        version = self._store.search_index_version()
        if self._vocabulary is None or version != self._version:
            self._vocabulary = Vocabulary(self._store.search_terms(), self._store.passage_count())
            self._version = version
        return self._vocabulary

    def search(
        self,
        text: str,
        limit: int = 20,
        passage_filter: PassageFilter | None = None,
        document: str | None = None,
    ) -> list[Hit]:
        """The passages best matching ``text``, best first; none for a query without words."""
        query = parse(text)
        if not query.clauses or limit <= 0:
            return []
        vocabulary = self.vocabulary()
        expanded = [self._expand(clause, vocabulary) for clause in query.clauses]
        groups = [group for group in map(_fts_group, expanded) if group]
        if not groups:
            return []
        candidates = self._shortlist(" AND ".join(groups), passage_filter, document)
        if not candidates and len(groups) > 1:  # no passage has every word: take the best part
            candidates = self._shortlist(" OR ".join(groups), passage_filter, document)
        ranked: list[tuple[tuple[int, int, int, float, int, int], Passage, Ranked]] = []
        for passage, order in candidates:
            result = rank(passage.text, expanded, vocabulary)
            if result.found:
                ranked.append(((*result.key(), order, passage.seq), passage, result))
        ranked.sort(key=lambda item: item[0])
        return [
            Hit(passage, result.score(), result.matches) for _, passage, result in ranked[:limit]
        ]

    def _shortlist(
        self, match: str, passage_filter: PassageFilter | None, document: str | None
    ) -> list[tuple[Passage, int]]:
        """The candidates FTS5 finds for ``match``: ``CANDIDATES`` at most, fewer when their
        texts together exceed ``RERANK_CHARS`` (the best by BM25, as many as fit on average)."""
        candidates = self._store.search_candidates(match, CANDIDATES, passage_filter, document)
        size = sum(len(passage.text) for passage, _ in candidates)
        if size <= RERANK_CHARS:
            return candidates
        fitting = max(1, len(candidates) * RERANK_CHARS // size)
        return self._store.search_candidates(match, fitting, passage_filter, document)

    @staticmethod
    def _expand(clause: Clause, vocabulary: Vocabulary) -> Expanded:
        if clause.phrase:
            words = tuple({term.text: 0} for term in clause.terms)
            return Expanded(words, (None,) * len(words), phrase=True)
        term = clause.terms[0]
        expansions = vocabulary.expand(term)
        split = vocabulary.split(term.text) if not expansions else None
        if split is not None:
            expansions[term.text] = 0  # the text's joined compound, as ranking sees it
        return Expanded((expansions,), (term.text if term.prefix else None,), False, split)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_group(clause: Expanded) -> str:
    """The FTS5 expression for one clause; empty if no indexed word can match it."""
    if clause.phrase:
        return _quoted(" ".join(next(iter(words)) for words in clause.words))
    options = [_quoted(word) for word in clause.words[0] if word != "".join(clause.split or ())]
    if clause.split is not None:
        options.append(_quoted(" ".join(clause.split)))
    if clause.prefixes[0] is not None:
        options.append(_quoted(clause.prefixes[0]) + "*")
    return "(" + " OR ".join(options) + ")" if options else ""
