"""A reproducible synthetic corpus for the benchmarks, grown from the two seed documents.

The seeds (``seeds/*.txt``) are reflowed by the project's own cleaner and split into sentences
with a simple regex. Each sentence becomes a template whose names, drugs, agencies, courts,
studies, numbers and dates are slots; a ``PassageGenerator`` fills the slots at random and strings
sentences into paragraphs, with a heading now and then, so the vocabulary is not tiny while the
prose stays realistic French (and some English) legal and medical text.

``write_corpus`` lays passages out in files the way users have them, mixing three layouts the
cleaner handles: PDF extraction like the seeds (a blank line after every wrapped line, trailing
spaces, the odd double space, page breaks as runs of blank lines that fall mid-sentence),
hard-wrapped paragraphs separated by blank lines, and one paragraph per line.

Everything is drawn from ``random.Random`` seeded with a fixed value, and each file depends only
on the seed and its index: the first k files of a big corpus are the files of a small one.

Reuse, e.g. for a search benchmark::

    from bench.corpus_gen import passages, write_corpus

    texts = list(passages(1000, seed=1))
    corpus = write_corpus(Path(tmp), passages=20_000)
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corpus import parse_bytes
from schemas import PassageKind

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
"""The two seed documents (PDF extractions) the corpus is grown from."""

DEFAULT_SEED = 20240601
"""Random seed of the benchmarks' corpus; change it and every file changes."""

PASSAGES_PER_FILE = 500

LAYOUTS = ("pdf", "blocks", "lines")
"""``pdf``: a blank line after every wrapped line, page breaks as runs of blank lines;
``blocks``: hard-wrapped paragraphs separated by a blank line; ``lines``: a paragraph a line."""

WIDTHS = (70, 110)
"""Range of line widths the wrapped layouts use (one width per file)."""

HEADING_SHARE = 0.04
"""Share of passages that are headings."""

SENTENCES_PER_PARAGRAPH = (1, 6)
"""Fewest and most sentences in a paragraph (drawn uniformly): about 600 bytes a passage."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…»\"])\s+(?=[«\"A-ZÀ-Ý])")

FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FIRST_NAMES = _words(
    "Dominique Philippe Claire Nathalie Jean-Pierre Sophie Michel Isabelle François Hélène "
    "Olivier Catherine Laurent Valérie Thierry Sandrine Éric Anne-Marie Pascal Martine Bernard "
    "Céline Yves Delphine Gérard Agnès Hervé Élodie Patrick Brigitte Luc Françoise Vincent "
    "Mathilde Julien Camille Antoine Léa Mehdi Fatima Karim Amélie Grégoire Solène Bruno Inès"
)
LAST_NAMES = _words(
    "Maraninchi Jaury Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau "
    "Simon Laurent Lefèbvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard "
    "André Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau "
    "Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont "
    "Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval "
    "Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Pérez Marchand Dufour Blanchard"
)
DRUGS = (
    ("baclofène", "baclofen"),
    ("lévothyrox", "levothyrox"),
    ("valproate", "valproate"),
    ("isotrétinoïne", "isotretinoin"),
    ("méthylphénidate", "methylphenidate"),
    ("dompéridone", "domperidone"),
    ("misoprostol", "misoprostol"),
    ("finastéride", "finasteride"),
    ("nalméfène", "nalmefene"),
    ("acamprosate", "acamprosate"),
    ("naltrexone", "naltrexone"),
    ("topiramate", "topiramate"),
    ("gabapentine", "gabapentin"),
    ("prégabaline", "pregabalin"),
    ("tramadol", "tramadol"),
    ("codéine", "codeine"),
    ("kétamine", "ketamine"),
    ("lithium", "lithium"),
    ("clozapine", "clozapine"),
    ("benfluorex", "benfluorex"),
    ("mifépristone", "mifepristone"),
    ("hydroxychloroquine", "hydroxychloroquine"),
    ("oxybate de sodium", "sodium oxybate"),
    ("diazépam", "diazepam"),
)
AGENCIES = _words(
    "ANSM Ansm HAS DGS CNAMTS INSERM ARS EMA CNIL DGOS IGAS Cnam Anses Afssaps CEPS INCa DREES "
    "ONDAM CRPV"
)
CITIES = _words(
    "Paris Lyon Marseille Bordeaux Nantes Lille Toulouse Strasbourg Montpellier Rennes Nancy "
    "Douai Versailles Grenoble Rouen Dijon Poitiers Limoges Amiens Caen Besançon Orléans Pau "
    "Nîmes Toulon Clermont-Ferrand Cergy-Pontoise Melun Montreuil Châlons-en-Champagne"
)
MAGAZINES = (
    "Le Point",
    "Le Monde",
    "Libération",
    "Le Figaro",
    "L’Express",
    "Les Échos",
    "La Croix",
    "Ouest-France",
    "Le Quotidien du médecin",
    "Prescrire",
)
STUDY_SUFFIXES = ("ville", "dir", "stop", "care", "cure", "gen", "tox", "pharm", "dose", "trial")
HEADINGS = (
    "Résumé",
    "Abstract",
    "Les faits",
    "La procédure",
    "Sur la légalité externe",
    "Sur la légalité interne",
    "Sur les conclusions à fin d’annulation",
    "Sur l’erreur manifeste d’appréciation",
    "Discussion",
    "Conclusion",
    "Observations",
    "Background",
    "Findings",
    "Décision n° {number}",
    "Chapitre {small}",
    "Audience du {date}",
    "Affaire {last}",
    "Le cas du {drug}",
    "Tribunal administratif de {city}",
    "Commentaire de {first} {last}",
)

_MONTHS_FR = "|".join(FR_MONTHS)
_SLOTS = re.compile(
    r"(?P<person>Dominique Maraninchi|Philippe Jaury)"
    r"|(?P<study>Bacloville|Alpadir)"
    r"|(?P<drug_fr>[Bb]aclofène)"
    r"|(?P<drug_en>[Bb]aclofen)"
    r"|(?P<agency>\b(?:ANSM|Ansm|CNAMTS|INSERM)\b)"
    r"|(?P<court_fr>Conseil d’État)"
    r"|(?P<court_en>Conseil d’Etat)"
    r"|(?P<magazine>Le Point)"
    rf"|(?P<date_fr>\b\d{{1,2}} (?:{_MONTHS_FR}) (?:19|20)\d\d\b)"
    rf"|(?P<month_fr>\b(?:{_MONTHS_FR})\b)"
    rf"|(?P<month_en>\b(?:{'|'.join(EN_MONTHS)})\b)"
    r"|(?P<year>\b(?:19|20)\d\d(?=s?\b))"
    r"|(?P<number>\d+(?:,\d{3})*)"
)

Slot = Callable[[random.Random], str]
Template = tuple[str | Slot, ...]


def _capitalized(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _year(rng: random.Random) -> str:
    return str(rng.randint(1965, 2024))


def _date_fr(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(FR_MONTHS)} {_year(rng)}"


def _study(rng: random.Random) -> str:
    stem = rng.choice(DRUGS)[1].replace(" ", "")[: rng.randint(4, 6)]
    return stem.capitalize() + rng.choice(STUDY_SUFFIXES)


def _court_fr(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "Conseil d’État"
    city = rng.choice(CITIES)
    if kind == 1:
        return f"tribunal administratif de {city}"
    return f"cour administrative d’appel de {city}"


def _court_en(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return "Conseil d’Etat"
    city = rng.choice(CITIES)
    if kind == 1:
        return f"administrative court of {city}"
    return f"administrative court of appeal of {city}"


def _number_like(digits: str) -> Slot:
    groups = [len(group) for group in digits.split(",")]

    def number(rng: random.Random) -> str:
        parts = [str(rng.randint(10 ** (groups[0] - 1), 10 ** groups[0] - 1))]
        parts += [f"{rng.randrange(10**size):0{size}d}" for size in groups[1:]]
        return ",".join(parts)

    return number


def _drug(found: str, language: int) -> Slot:
    def drug(rng: random.Random) -> str:
        return _capitalized(rng.choice(DRUGS)[language], found)

    return drug


def _agency(rng: random.Random) -> str:
    return rng.choice(AGENCIES)


def _magazine(rng: random.Random) -> str:
    return rng.choice(MAGAZINES)


def _month_fr(rng: random.Random) -> str:
    return rng.choice(FR_MONTHS)


def _month_en(rng: random.Random) -> str:
    return rng.choice(EN_MONTHS)


def _slot(kind: str, found: str) -> Slot:
    simple: dict[str, Slot] = {
        "person": _person,
        "study": _study,
        "agency": _agency,
        "court_fr": _court_fr,
        "court_en": _court_en,
        "magazine": _magazine,
        "date_fr": _date_fr,
        "month_fr": _month_fr,
        "month_en": _month_en,
        "year": _year,
    }
    if kind == "drug_fr":
        return _drug(found, 0)
    if kind == "drug_en":
        return _drug(found, 1)
    if kind == "number":
        return _number_like(found)
    return simple[kind]


def seed_sentences(folder: Path = SEEDS) -> list[str]:
    """The sentences of the seed documents' paragraphs (headings and URLs left out)."""
    sentences: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        parsed = parse_bytes(path.read_bytes(), path.name)
        for passage in parsed.passages:
            if passage.kind is PassageKind.HEADING or passage.text.startswith("http"):
                continue
            sentences.extend(_SENTENCE_SPLIT.split(passage.text))
    return sentences


SLOT_KINDS = tuple(_SLOTS.groupindex)
"""The kinds of slot ``compile_template`` finds in a seed sentence (``person``, ``drug_fr``...)."""


def compile_template(
    sentence: str, slot: Callable[[str, str], Slot | None] | None = None
) -> Template:
    """A sentence as literal text and slots that draw a replacement each time.

    ``slot(kind, found)``, if given, may return the slot to use for a kind of ``SLOT_KINDS``
    and the text found there instead of this module's (None keeps this module's): another
    benchmark can fill names or drugs from longer lists.
    """

    def make_slot(kind: str, found: str) -> Slot:
        chosen = slot(kind, found) if slot is not None else None
        return _slot(kind, found) if chosen is None else chosen

    parts: list[str | Slot] = []
    position = 0
    for match in _SLOTS.finditer(sentence):
        if match.start() > position:
            parts.append(sentence[position : match.start()])
        kind = match.lastgroup
        assert kind is not None
        parts.append(make_slot(kind, match.group()))
        position = match.end()
    if position < len(sentence):
        parts.append(sentence[position:])
    return tuple(parts)


@cache
def templates() -> tuple[Template, ...]:
    """The seed sentences as templates (computed once)."""
    return tuple(compile_template(sentence) for sentence in seed_sentences())


class PassageGenerator:
    """Draws sentences, paragraphs and headings from the seed templates with its own RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._templates = templates()

    def sentence(self) -> str:
        """One seed sentence with its slots filled at random."""
        rng = self.rng
        return "".join(
            part if isinstance(part, str) else part(rng) for part in rng.choice(self._templates)
        )

    def paragraph(self) -> str:
        """A few sentences in a row."""
        low, high = SENTENCES_PER_PARAGRAPH
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def heading(self) -> str:
        """A short title such as 'Sur la légalité externe' or 'Audience du 3 mai 2016'."""
        rng = self.rng
        return rng.choice(HEADINGS).format(
            number=rng.randint(100_000, 499_999),
            small=rng.randint(1, 12),
            date=_date_fr(rng),
            first=rng.choice(FIRST_NAMES),
            last=rng.choice(LAST_NAMES),
            drug=rng.choice(DRUGS)[0],
            city=rng.choice(CITIES),
        )

    def passages(self, count: int) -> Iterator[str]:
        """``count`` passages: paragraphs, and a heading now and then (never two in a row)."""
        previous_heading = True
        for _ in range(count):
            if not previous_heading and self.rng.random() < HEADING_SHARE:
                previous_heading = True
                yield self.heading()
            else:
                previous_heading = False
                yield self.paragraph()


def sentences(seed: int = DEFAULT_SEED) -> Iterator[str]:
    """An endless, reproducible stream of varied sentences."""
    generator = PassageGenerator(random.Random(seed))
    while True:
        yield generator.sentence()


def passages(count: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """``count`` reproducible passages (paragraphs and headings), one at a time."""
    return PassageGenerator(random.Random(seed)).passages(count)


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrapping at ``width`` characters, as a word processor or pdftotext does."""
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [word], len(word)
        else:
            current.append(word)
            length += 1 + len(word)
    lines.append(" ".join(current))
    return lines


def render(paragraphs: Sequence[str], layout: str, rng: random.Random, width: int) -> str:
    """The text of a file holding ``paragraphs`` in one of the ``LAYOUTS``."""
    if layout == "lines":
        return "\n".join(paragraphs) + "\n"
    if layout == "blocks":
        return "\n\n".join("\n".join(wrap(text, width)) for text in paragraphs) + "\n"
    if layout != "pdf":
        raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    parts: list[str] = []
    next_page = rng.randint(40, 60)
    for index, line in enumerate(line for text in paragraphs for line in wrap(text, width)):
        if index == next_page:  # a page break: a run of blank lines, wherever the page ends
            parts.append(rng.choice(("\n \n\n", "\n\n\n\n", "\n \n\n \n\n")))
            next_page += rng.randint(40, 60)
        if rng.random() < 0.03:
            line = line.replace(" ", "  ", 1)  # PDF extraction leaves the odd double space
        parts.append(line)
        parts.append(" \n\n" if rng.random() < 0.5 else "\n\n")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A folder of generated files."""

    folder: Path
    files: tuple[Path, ...]
    passages: int
    """Passages generated; the cleaner may find a few more or fewer."""
    bytes: int


def file_text(index: int, count: int, seed: int = DEFAULT_SEED) -> tuple[str, str]:
    """The layout and text of the corpus's file number ``index`` holding ``count`` passages."""
    rng = random.Random(f"{seed}/{index}")
    layout = LAYOUTS[index % len(LAYOUTS)]
    width = rng.randint(*WIDTHS)
    paragraphs = list(PassageGenerator(rng).passages(count))
    return layout, render(paragraphs, layout, rng, width)


def write_corpus(
    folder: Path,
    passages: int,
    seed: int = DEFAULT_SEED,
    per_file: int = PASSAGES_PER_FILE,
) -> Corpus:
    """Write about ``passages`` passages into ``folder`` as UTF-8 files of ``per_file`` each.

    Files are written one at a time (memory stays flat) and named ``NNNN-layout.txt``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    total = 0
    index = 0
    remaining = passages
    while remaining > 0:
        count = min(per_file, remaining)
        layout, text = file_text(index, count, seed)
        path = folder / f"{index:04d}-{layout}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        total += len(data)
        remaining -= count
        index += 1
    return Corpus(folder, tuple(files), passages, total)
