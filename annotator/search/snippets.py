"""One search result as one line: where it is, then the stretch of its passage where the
matched words are densest, those words highlighted.

The CLI's text output and the UI's search screen show the same snippet. It is built with
styles applied by offset, never from markup, so a passage holding ``[bold]`` prints it, and the
text goes through ``visible`` first so control characters cannot reach the terminal.
"""

from __future__ import annotations

from rich.text import Text

from annotator.display import visible
from annotator.search.engine import Hit

CONTEXT = 60
"""Characters shown before the densest stretch of matches and after it."""

HIGHLIGHT = "bold reverse"


def densest(matches: tuple[tuple[int, int], ...], width: int = CONTEXT) -> tuple[int, int]:
    """Start and end of the stretch of ``width`` characters holding the most matches
    (the first such stretch; (0, 0) without matches)."""
    if not matches:
        return 0, 0
    best = max(matches, key=lambda left: sum(left[0] <= m[0] < left[0] + width for m in matches))
    inside = [m for m in matches if best[0] <= m[0] < best[0] + width]
    return best[0], max(end for _, end in inside)


def snippet(hit: Hit, where: str, context: int = CONTEXT) -> Text:
    """``where  …text…``: ``where`` dim, then the passage around its densest matches, each
    match inside the excerpt highlighted."""
    text = visible(hit.passage.text)
    first, last = densest(hit.matches, context)
    start = max(0, first - context // 2)
    end = min(len(text), last + context)
    line = Text(f"{where}  ", style="dim")
    excerpt = Text(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
    shift = 1 if start else 0
    for match_start, match_end in hit.matches:
        if match_start < end and match_end > start:
            left = max(match_start, start) - start + shift
            excerpt.stylize(HIGHLIGHT, left, min(match_end, end) - start + shift)
    line.append_text(excerpt)
    return line
