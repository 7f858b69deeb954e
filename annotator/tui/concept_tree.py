"""The scheme's concepts as a tree in the sidebar: hotkey, colour chip, French label.

The tree shows its cursor from the start (a reviewer sees where the arrows will go before
pressing one), and ``ConceptPanel`` puts the highlighted concept's guideline under it: what a
concept means is a glance away, not a document away.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from annotator.tui.render import contrast
from schemas import Concept, ConceptScheme


class ConceptTree(Tree[str]):
    """Every concept under its parent, expanded; a node's data is its concept id."""

    def __init__(self, scheme: ConceptScheme, *, id: str | None = None) -> None:
        super().__init__("Concepts", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._concepts = scheme.by_id()
        nodes: dict[str | None, TreeNode[str]] = {None: self.root}
        parents = {concept.parent for concept in scheme.concepts}
        for concept in scheme.concepts:
            parent = nodes[concept.parent]
            if concept.id in parents:
                nodes[concept.id] = parent.add(_line(concept), data=concept.id, expand=True)
            else:
                parent.add_leaf(_line(concept), data=concept.id)

    def on_mount(self) -> None:
        """Highlight the first concept: the cursor shows, and its guideline with it."""
        self.cursor_line = 0

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """As the tree draws a label, but the line's style (the cursor's) goes under the
        label's own: the highlighted concept keeps its colour chip."""
        text = super().render_label(node, base_style, Style())
        text.stylize_before(style, len(text) - len(node.label))
        return text

    @property
    def highlighted_concept(self) -> Concept | None:
        """The concept under the cursor (what the guideline key opens), if any."""
        return self.concept_of(self.cursor_node)

    def concept_of(self, node: TreeNode[str] | None) -> Concept | None:
        """The concept a node stands for (None for the hidden root)."""
        if node is None or node.data is None:
            return None
        return self._concepts.get(node.data)


def _line(concept: Concept) -> Text:
    """A concept's line in the tree: its hotkey, colour chip and French label."""
    label = Text(f"{concept.key} " if concept.key else "  ", style="bold")
    label.append("  ", contrast(concept.color))
    label.append(f" {concept.label.fr}")
    return label


def guideline_summary(concept: Concept) -> Text:
    """A concept's French label (the tree may cut it) and its French description."""
    summary = Text(concept.label.fr, style="bold")
    summary.append(f" — {concept.description.fr}")
    return summary


class ConceptPanel(Vertical):
    """The concept tree with the highlighted concept's guideline under it."""

    def __init__(
        self, scheme: ConceptScheme, *, tree_id: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._scheme = scheme
        self._tree_id = tree_id

    def compose(self) -> ComposeResult:
        yield ConceptTree(self._scheme, id=self._tree_id)
        yield Static(classes="concept-description")

    @on(Tree.NodeHighlighted)
    def _describe(self, event: Tree.NodeHighlighted[str]) -> None:
        """Show the newly highlighted concept's guideline."""
        concept = self.query_one(ConceptTree).concept_of(event.node)
        area = self.query_one(".concept-description", Static)
        area.update(guideline_summary(concept) if concept is not None else "")
