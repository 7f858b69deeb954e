"""The scheme's concepts as a tree in the sidebar: hotkey, colour chip, French label."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from annotator.tui.render import contrast
from schemas import ConceptScheme


class ConceptTree(Tree[str]):
    """Every concept under its parent, expanded; a leaf's data is its concept id."""

    def __init__(self, scheme: ConceptScheme, *, id: str | None = None) -> None:
        super().__init__("Concepts", id=id)
        self.show_root = False
        self.guide_depth = 2
        nodes: dict[str | None, TreeNode[str]] = {None: self.root}
        parents = {concept.parent for concept in scheme.concepts}
        for concept in scheme.concepts:
            label = Text(f"{concept.key} " if concept.key else "  ", style="bold")
            label.append("  ", contrast(concept.color))
            label.append(f" {concept.label.fr}")
            parent = nodes[concept.parent]
            if concept.id in parents:
                nodes[concept.id] = parent.add(label, data=concept.id, expand=True)
            else:
                parent.add_leaf(label, data=concept.id)
