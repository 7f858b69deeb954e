"""Finding a concept by what the reviewer types (issue #14), on the bundled scheme: a label's
words before an alias's before a description's; a whole word before the start of one before
a typo; every word typed must match."""

from __future__ import annotations

from functools import cache

from annotator.search.choices import Match, Name, Tier, concept_names, rank
from schemas import load_bundled_scheme

LIMIT = 30


@cache
def _named() -> list[tuple[str, tuple[Name, ...]]]:
    return [(concept.id, concept_names(concept)) for concept in load_bundled_scheme().concepts]


def matches(query: str) -> list[Match]:
    return rank(query, _named(), LIMIT)


def ranked(query: str) -> list[str]:
    return [match.id for match in matches(query)]


def test_the_start_of_a_label_word_beats_words_of_aliases() -> None:
    # Aliases hold "substantive legality" and "vice de procédure substantiel".
    assert ranked("subs")[0] == "rtu-substitution-amm"


def test_a_typo_in_a_label_beats_the_word_in_a_description() -> None:
    found = ranked("recomandation")
    assert found[0] == "rtu"
    assert "amm" not in found or found.index("rtu") < found.index("amm")


def test_every_word_in_the_label_beats_words_scattered_in_a_description() -> None:
    # Conseil d'État's description speaks of the "juge de l'excès de pouvoir".
    assert ranked("exces pouvoir")[0] == "rep"


def test_an_abbreviation_finds_what_it_names_then_what_names_it() -> None:
    # Both say RTU in a label (the id, the French label); a concept whose alias says it next.
    found = ranked("RTU")
    assert found[:3] == ["rtu", "rtu-substitution-amm", "indication-therapeutique"]


def test_an_english_label_finds_its_concept_and_nothing_missing_a_word() -> None:
    found = ranked("limited review")
    assert found[0] == "controle-restreint"
    assert "rep" not in found  # nothing of it says "limited"


def test_words_of_one_alias_beat_one_word_of_a_label() -> None:
    # "posologie maximale" is an alias of Dose maximale; Posologie matches one word only.
    assert ranked("posologie max")[0] == "dose-maximale"


def test_a_description_only_match_ranks_below_any_label_match() -> None:
    found = matches("pouvoir")
    tiers = [match.name.tier for match in found]
    assert {"rep", "detournement-pouvoir"} <= {m.id for m in found if m.name.tier == Tier.LABEL}
    assert "review-intensity" in [m.id for m in found]  # "juge de l'excès de pouvoir"
    assert tiers == sorted(tiers)


def test_a_description_finds_what_no_name_says() -> None:
    assert ranked("Lamotte") == ["rep"]  # CE, Ass., 17 février 1950, Dame Lamotte


def test_every_word_must_match_something() -> None:
    assert ranked("posologie zzzz") == []


def test_a_short_word_is_not_forgiven_typos() -> None:
    assert "ansm" not in ranked("ansn")


def test_the_name_that_matched_comes_back_with_where() -> None:
    [first, *_] = matches("RTU")
    assert (first.name.kind, first.name.text) == ("id", "rtu")
    [english, *_] = matches("limited review")
    assert (english.name.kind, english.name.text) == ("en", "Limited review")
    assert english.spans == ((0, 7), (8, 14))
    [alias, *_] = matches("posologie max")
    assert (alias.name.kind, alias.name.text) == ("alias", "posologie maximale")


def test_the_french_label_is_named_first_among_equals() -> None:
    assert matches("subs")[0].name.kind == "fr"  # the id starts with "rtu-subs…" too


def test_ties_keep_the_scheme_order() -> None:
    named = [("b", ("Dose",)), ("a", ("dose",))]
    assert [match.id for match in rank("dose", named, 5)] == ["b", "a"]


def test_accents_and_case_are_folded() -> None:
    assert ranked("REFERE SUSPENSION")[0] == "refere-suspension"
    assert ranked("référé-liberté")[0] == "refere-liberte"


def test_a_query_without_words_finds_nothing() -> None:
    assert ranked(" '- ") == []
