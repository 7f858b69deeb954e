"""Re-anchoring annotations on a new version of a document: a pure engine, no database.

``reanchor`` places every annotation of the old version in the new one (exact, moved, fuzzy or
orphan); ``candidates`` offers the best places for one the reviewer places by hand.
"""

from annotator.anchoring.engine import KEPT_SHARE, Reanchoring, candidates, reanchor
from annotator.anchoring.model import Anchor, AnchorState, Candidate, Placement, TextPassage
from annotator.anchoring.scoring import FUZZY_THRESHOLD
from schemas.annotations import CONTEXT_CHARS, context

__all__ = [
    "CONTEXT_CHARS",
    "FUZZY_THRESHOLD",
    "KEPT_SHARE",
    "Anchor",
    "AnchorState",
    "Candidate",
    "Placement",
    "Reanchoring",
    "TextPassage",
    "candidates",
    "context",
    "reanchor",
]
