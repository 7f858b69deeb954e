"""Agreement between reviewers, as pure functions over counts: no database here.

`coding` measures how far reviewers agree on the value each gave a unit (a passage tagged with a
concept or not), from how many units show each pattern of values; `spans` measures how far they
agree on where spans begin and end, accumulated passage by passage so memory stays flat however
large the corpus. The store gathers the counts in SQL and hands them here.
"""
