"""The main text of a saved web page: a decision on Légifrance or conseil-etat.fr, an article on
a law blog, without the navigation, breadcrumbs, cookie banners, sidebars and footers around it.

trafilatura finds the main text, but its output is not the text returned: on a page without
``<article>`` it leaves out headings and lists, it leaves out ``<div>`` text beside ``<p>``
text, a paragraph that repeats the one before, and it makes non-breaking spaces plain. So:

1. trafilatura extracts the main text (fast, precise) from a copy of the page without menus;
2. its lines are found again among the page's blocks; the innermost element holding them
   (widened to the article's ``<h1>``) is the main content;
3. the main content is read block by block, without boilerplate (navigation, banners, hidden
   text, elements whose class says sidebar, cookie...), and a block is kept when trafilatura
   kept it, or when it is not only links, a picture's caption, or a heading over nothing kept.

A page where trafilatura finds nothing is read from its whole body, without boilerplate and
links. Blocks are what a browser lays out as blocks: each paragraph, heading, list item and
table cell one, a ``<br>`` a line break inside it, two ``<br>`` in a row a paragraph break (a
block holds no blank line).

The modules, in the order a page goes through them: ``charset`` decodes the bytes, ``dom``
parses the text into a tree without scripts and styles, ``kept`` runs trafilatura (on a copy
without ``boilerplate``), ``main_content`` finds its lines among the page's ``blocks`` and
chooses the blocks returned.
"""

from __future__ import annotations

from corpus.readers import Extracted, Format, ReadError
from corpus.readers.html.charset import decode
from corpus.readers.html.dom import NO_MAIN_TEXT, page_title, parse
from corpus.readers.html.main_content import main_blocks

__all__ = ["NO_MAIN_TEXT", "read_html"]


def read_html(data: bytes) -> Extracted:
    """The main text of a web page as blocks, and its title.

    ``ReadError`` when the page has no main text (only menus, an empty body) or when a library
    fails on it: a reader's refusal is one line, never a traceback.
    """
    try:
        return _read(data)
    except ReadError:
        raise
    except Exception as error:  # any library's failure on a strange page becomes a refusal
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ReadError(f"unreadable web page ({reason})") from error


def _read(data: bytes) -> Extracted:
    root = parse(decode(data))
    body = root.find("body")
    if body is None:
        raise ReadError(NO_MAIN_TEXT)
    blocks = main_blocks(root, body)
    if not blocks:
        raise ReadError(NO_MAIN_TEXT)
    return Extracted(Format.HTML, tuple(blocks), page_title(root))
