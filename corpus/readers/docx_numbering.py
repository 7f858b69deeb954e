"""The numbers Word draws before the paragraphs of a numbered list, read back as text.

Word does not store "1." in a numbered paragraph: the paragraph names a list (``w:numPr``:
a numbering instance and a level, directly or through its style) and Word counts as it lays the
document out. A decision typed with Word's numbering would lose its point numbers, and with
them its ``pt N`` labels (``corpus.decision``), so the reader counts as Word does:

- a numbering instance (``w:num``) points to an abstract list (``w:abstractNum``) whose levels
  say the format (``decimal``, ``lowerLetter``, ``upperRoman``...), the text (``%1.`` is the
  first level's counter then a dot) and the start;
- instances of one abstract list continue one count, unless an instance overrides a level's
  start (Word's "Restart at 1"): the count restarts at that instance's first paragraph;
- a paragraph at a level resets the deeper levels' counts.

Bullets are left out: a bullet glyph is layout, not text a reader quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

Element = Any
"""An lxml element of the document's XML (lxml has no type stubs)."""

T = TypeVar("T")

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of an abstract list: how its counter is written, and where it starts."""

    format: str
    text: str
    start: int


@dataclass(frozen=True, slots=True)
class _Instance:
    """A ``w:num``: its abstract list, and the levels whose start it overrides."""

    abstract: str
    restarts: dict[int, int]


@dataclass
class Numbering:
    """The document's lists, and the counts so far as the body is read in order."""

    abstracts: dict[str, dict[int, _Level]] = field(default_factory=dict)
    instances: dict[str, _Instance] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    """The list a paragraph style puts its paragraphs in (``List Number``), base styles
    followed."""
    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        """The numbering definitions of ``document`` (none when it has no numbering part)."""
        numbering = cls()
        for rel in document.part.rels.values():
            if rel.reltype == RT.NUMBERING and not rel.is_external:
                numbering._read(parse_xml(rel.target_part.blob))
        numbering.styles = _style_lists(document)
        return numbering

    def _read(self, root: Element) -> None:
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = {
                _int(level.get(qn("w:ilvl")), 0): _Level(
                    _val(level, "w:numFmt") or "decimal",
                    _val(level, "w:lvlText") or "",
                    _int(_val(level, "w:start"), 1),
                )
                for level in abstract.iterchildren(qn("w:lvl"))
            }
            self.abstracts[abstract.get(qn("w:abstractNumId"), "")] = levels
        for instance in root.iterchildren(qn("w:num")):
            restarts = {
                _int(override.get(qn("w:ilvl")), 0): _int(_val(override, "w:startOverride"), 1)
                for override in instance.iterchildren(qn("w:lvlOverride"))
                if override.find(qn("w:startOverride")) is not None
            }
            abstract = _val(instance, "w:abstractNumId") or ""
            self.instances[instance.get(qn("w:numId"), "")] = _Instance(abstract, restarts)

    def label(self, properties: Element | None, style: str | None) -> str | None:
        """The number Word shows before a paragraph (``3.``, ``b)``, ``II.``), counting it;
        None for a paragraph in no numbered list, or in a bulleted one."""
        place = _own_list(properties) or (self.styles.get(style) if style else None)
        if place is None:
            return None
        instance_id, level = place
        instance = self.instances.get(instance_id)
        levels = self.abstracts.get(instance.abstract) if instance else None
        if instance is None or levels is None or level not in levels:
            return None
        counts = self.counts.setdefault(instance.abstract, {})
        if instance_id not in self.restarted and instance.restarts:
            self.restarted.add(instance_id)
            for restarted, start in instance.restarts.items():
                counts[restarted] = start - 1
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [other for other in counts if other > level]:
            del counts[deeper]
        if levels[level].format in {"bullet", "none"}:
            return None
        return _expand(levels, counts, level) or None


def _expand(levels: dict[int, _Level], counts: dict[int, int], level: int) -> str:
    """A level's text with each ``%N`` replaced by level N-1's count in its format."""
    text = levels[level].text
    for index in range(level, -1, -1):  # %10 is not a thing: one digit, 1 to 9
        marker = f"%{index + 1}"
        if marker in text:
            shown = levels.get(index, levels[level])
            count = counts.get(index, shown.start)
            text = text.replace(marker, _formatted(count, shown.format))
    return text.strip()


def _formatted(count: int, style: str) -> str:
    """A count written as a list level's ``w:numFmt`` says (decimal for formats not known)."""
    if style in {"lowerLetter", "upperLetter"} and count > 0:
        letter = chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1)
        return letter.upper() if style == "upperLetter" else letter
    if style in {"lowerRoman", "upperRoman"} and count > 0:
        roman = _roman(count)
        return roman.upper() if style == "upperRoman" else roman
    if style == "decimalZero":
        return f"{count:02d}"
    return str(count)


def _roman(count: int) -> str:
    digits: list[str] = []
    for value, letters in _ROMAN:
        while count >= value:
            digits.append(letters)
            count -= value
    return "".join(digits)


def _own_list(properties: Element | None) -> tuple[str, int] | None:
    """The list a paragraph's own properties put it in; numId 0 takes it out of any list
    (then its style's list does not apply either: returned as a list that does not exist)."""
    numbering = None if properties is None else properties.find(qn("w:numPr"))
    if numbering is None:
        return None
    instance = _val(numbering, "w:numId")
    if instance is None:
        return None
    return instance, _int(_val(numbering, "w:ilvl"), 0)


def _style_lists(document: Document) -> dict[str, tuple[str, int]]:
    """Each paragraph style's list, its own or its base style's."""
    own: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"), "")
        if (place := _own_list(style.find(qn("w:pPr")))) is not None:
            own[style_id] = place
        if (parent := _val(style, "w:basedOn")) is not None:
            based_on[style_id] = parent
    lists = {style_id: inherited(style_id, own, based_on) for style_id in own.keys() | based_on}
    return {style_id: place for style_id, place in lists.items() if place is not None}


def inherited(style_id: str, own: Mapping[str, T | None], based_on: Mapping[str, str]) -> T | None:
    """What a style says of itself, or else what the style it is based on says, and so on
    (None when none says; a loop of ``basedOn`` in a damaged file ends)."""
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current not in seen:
        seen.add(current)
        verdict = own.get(current)
        if verdict is not None:
            return verdict
        current = based_on.get(current)
    return None


def _val(element: Element, child: str) -> str | None:
    found = element.find(qn(child))
    return None if found is None else found.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.strip().lstrip("-").isdigit() else default
