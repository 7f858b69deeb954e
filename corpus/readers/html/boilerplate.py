"""What is never the main text of a page: elements judged by their tag, ARIA role, being
hidden, or the words of their class and id (``blocks.Walker`` skips them); and a copy of the
page without its menus, which trafilatura reads (``kept.kept_lines``)."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree  # type: ignore[import-untyped]

_SKIPPED_TAGS = frozenset(
    [
        "nav",
        "aside",
        "footer",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "label",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "dialog",
        "audio",
        "video",
        "map",
        "rt",
        "rp",
    ]
)
"""Elements that are never the main text: site navigation, sidebars, footers, form controls
(a search box, a cookie banner's buttons), embedded media, ruby annotations (a reading shown
above the text, not in it). Not ``<form>``: ASP.NET pages hold their whole body in one."""
_SKIPPED_ROLES = frozenset(
    [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "toolbar",
        "tablist",
        "dialog",
        "alertdialog",
    ]
)
_WITH_ROLE = etree.XPath("//*[@role]")
_BOILERPLATE_WORDS = frozenset(
    [
        "breadcrumb",
        "breadcrumbs",
        "ariane",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "rgpd",
        "tarteaucitronroot",
        "tarteaucitron",
        "didomi",
        "axeptio",
        "navbar",
        "nav",
        "navigation",
        "menu",
        "sidebar",
        "skiplink",
        "skiplinks",
        "skipnav",
        "evitement",
        "share",
        "sharing",
        "partage",
        "social",
        "follow",
        "newsletter",
        "comments",
        "related",
        "footer",
        "pagination",
        "byline",
        "author",
        "caption",
        "credit",
        "credits",
        "copyright",
        "disclaimer",
        "subscribe",
        "sronly",
        "srtext",
        "visuallyhidden",
    ]
)
"""Words of a class or id that mark boilerplate: ``fil-ariane``, ``cookie-banner``,
``main-nav``, ``sr-only`` (text for screen readers only: "Ouvrir le menu"), a blog's
``comments-area`` (not ``commentaire``: on a law blog, the commentary is the article), its
author's box, a photo's credit. Not ``widget`` (Blogger and Elementor put the post itself in
one), nor a bare ``skip`` (``<main class="skip-main">``)."""
_NEVER_SKIPPED_BY_NAME = frozenset({"html", "body", "main", "article"})
"""Elements whose class says how the page is laid out, not what they are (``<body
class="single-post sidebar-primary">``): their class and id are not read."""
_CLASS_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL_CASE = re.compile(r"([a-z0-9])([A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def is_boilerplate(element: etree._Element, keep: frozenset[etree._Element]) -> bool:
    """Whether an element is never main text: by its tag, its ARIA role, being hidden, or,
    unless it holds located main text, the words of its class and id."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED_TAGS or (tag == "header" and _is_page_header(element)):
        return True
    if _role(element) in _SKIPPED_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if element in keep or tag in _NEVER_SKIPPED_BY_NAME or _role(element) == "main":
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    words = set(_CLASS_WORDS.findall(_CAMEL_CASE.sub(r"\1 \2", names).lower()))  # "fr", "nav"
    words |= {name.replace("-", "").replace("_", "") for name in names.lower().split()}  # "sronly"
    return not words.isdisjoint(_BOILERPLATE_WORDS) and not _holds_landmark(element)


def _holds_landmark(element: etree._Element) -> bool:
    """Whether the page's title or main part is inside: then a class such as ``sidebar-right``
    says how the page is laid out (a content column beside a sidebar), not what it is."""
    return next(element.iterdescendants("h1", "main", "article"), None) is not None


def _is_page_header(element: etree._Element) -> bool:
    """A ``<header>`` outside any article or section is the site's banner; inside one, it is
    that article's own header (its title, its date)."""
    return not any(
        ancestor.tag in ("article", "main", "section") or ancestor.get("role") == "main"
        for ancestor in element.iterancestors()
    )


def without_menus(root: etree._Element) -> etree._Element:
    """A copy of the page without the elements that are never main text (by tag or role) and
    the lists of links only: menus, which locate nothing (``main_content._anchors`` passes over
    links) but are what trafilatura is slowest on. Found by lxml's own iteration: an XPath
    predicate tried on every element of a large page takes longer than trafilatura saves."""
    copy = deepcopy(root)
    menus = [
        *copy.iter(*_SKIPPED_TAGS),
        *(element for element in _WITH_ROLE(copy) if _role(element) in _SKIPPED_ROLES),
        *(element for element in copy.iter("ul", "ol") if _is_link_list(element)),
    ]
    for element in menus:
        _drop(element)
    return copy


def _is_link_list(element: etree._Element) -> bool:
    """Whether every item of a list is links and nothing else: a menu."""
    items = element.findall("li")
    return bool(items) and all(
        len(item) > 0
        and not (item.text or "").strip()
        and all(child.tag == "a" and not (child.tail or "").strip() for child in item)
        for item in items
    )


def _role(element: etree._Element) -> str:
    return str(element.get("role") or "").strip().lower()


def _drop(element: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
