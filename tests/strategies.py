"""Hypothesis strategies: arbitrary text, and realistic documents in every layout."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = [
    "le",
    "juge",
    "administratif",
    "contrôle",
    "erreur",
    "manifeste",
    "appréciation",
    "décision",
    "ANSM",
    "baclofène",
    "alcoolo-dépendance",
    "recommandation",
    "temporaire",
    "utilisation",
    "Conseil",
    "d'État",
    "excès",
    "pouvoir",
    "the",
    "court",
    "held",
    "that",
    "limited",
    "review",
    "pharmaco-epidemiological",
    "study",
    "posologie",
    "maximale",
    "80",
    "mg/jour",
    "«",
    "»",
    "(RTU)",
    "2017",
    "l’Agence",
]

ARBITRARY_ALPHABET = st.sampled_from(
    [
        *"abcdeéèàôçABCÉXyz0123456789 .,;:!?-–'’«»()[]/",
        *[" ", " ", "\n", "\n", "\n", "\r\n", "\r", "\f", "\t", "\u00a0", "\u00ad", "\x1b", "  "],
    ]
)

arbitrary_text = st.lists(ARBITRARY_ALPHABET, min_size=1, max_size=400).map("".join)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=25))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + draw(st.sampled_from([".", ".", ".", "?", "!", " »."]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 6)) == 0:  # a heading
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
        return " ".join(words).capitalize()
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=5)))


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrapping, as a word processor or pdftotext would."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    """A document of real-looking paragraphs laid out the way files come."""
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=8))
    layout = draw(st.sampled_from(["spaced", "blocks", "wrapped", "lines"]))
    width = draw(st.integers(40, 120))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if layout == "lines":
        return newline.join(paragraphs) + newline
    if layout == "blocks":
        return (newline * 2).join(newline.join(wrap(p, width)) for p in paragraphs) + newline
    if layout == "wrapped":
        return newline.join(line for p in paragraphs for line in wrap(p, width)) + newline
    lines = [
        line + draw(st.sampled_from(["", " ", "  "])) for p in paragraphs for line in wrap(p, width)
    ]
    return (newline * 2).join(lines) + newline
