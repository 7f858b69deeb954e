"""Refusing to remove another reviewer's work by accident.

An id pasted from a listing can be anyone's: ``untag`` and ``unrelate`` remove only the
reviewer's own annotation or relation, and say whose it is otherwise; ``--force`` removes it
all the same (the removal is then the forcing reviewer's change, which they can undo).
"""

from __future__ import annotations

from annotator.errors import UserError

FORCE_HELP = "Remove it even if another reviewer made it."


def refuse_others(kind: str, item_id: str, owner: str | None, reviewer: str, verb: str) -> None:
    """Refuse ``verb`` on ``kind`` ``item_id`` unless ``owner`` is ``reviewer``; an unknown
    item (``owner`` None) is left for the store to refuse, as it names what exists."""
    if owner is not None and owner != reviewer:
        raise UserError(
            f"{kind} {item_id} is {owner}'s: {verb} only your own (--force removes it anyway)"
        )
