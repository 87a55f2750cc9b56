"""The main text of a web page, without its menus, counters and related-news links.

Portals that publish administrative documents wrap the document in navigation: a menu
bar, breadcrumbs, "Các tin khác" (other news) link lists, a visit counter ("SỐ LƯỢT
TRUY CẬP", "Người dùng Online"), a footer. Steps, in order:

1. ``drop_tags`` – script, style, nav, header, footer, aside, form, menus, iframes.
2. ``drop_boilerplate_blocks`` – elements whose id/class names them as navigation
   (menu, sidebar, breadcrumb, footer, counter, related, other-news ...).
3. ``main_block`` – the element holding the most paragraph text with the fewest links
   (link density), in the spirit of readability/jusText.
4. ``cut_tail`` – a block-level heading such as "Các tin khác" or "Tin liên quan"
   ends the article: everything from it on is dropped.

The text keeps block structure: one line per paragraph, heading or table row (cells
separated by `` | ``).
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "input",
    "svg",
    "canvas",
    "template",
    "menu",
    "object",
    "embed",
)

# id/class words that mark navigation and page furniture (matched as whole words
# inside the id/class string, case-insensitive). "tinkhac"/"tin-khac" is the
# "Các tin khác" list of Vietnamese portals; "luot-truy-cap" their visit counter.
BOILERPLATE_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|menus|mainmenu|topmenu|submenu|sidebar|side-bar|"
    r"breadcrumbs?|footer|header|banner|advert|ads|quangcao|counter|visitors?|online|"
    r"thongke|thong-ke|luot-truy-cap|related|relatednews|other-?news|tin-?khac|"
    r"tin-?lien-?quan|social|share|sharing|comments?|widget|login|search|tags?|"
    r"weather|marquee|cookie|popup|modal|pagination|copyright)(?:$|[\s_\-])",
    re.IGNORECASE,
)

# Headings that end an article on Vietnamese portals (and the counters after it).
TAIL_MARKERS = re.compile(
    r"^\s*(?:Các\s+tin\s+khác|Tin\s+khác|Tin\s+liên\s+quan|Tin\s+cùng\s+chuyên\s+mục|"
    r"Bài\s+viết\s+liên\s+quan|Các\s+bài\s+viết\s+khác|Xem\s+thêm|Tin\s+đã\s+đưa|"
    r"Số\s+lượt\s+truy\s+cập|Lượt\s+truy\s+cập|Thống\s+kê\s+truy\s+cập|"
    r"Người\s+dùng\s+online|Đang\s+truy\s+cập|Bình\s+luận)\s*:?\s*$",
    re.IGNORECASE,
)

# The subset that is safe on plain text saved from a portal (seeds/001 ends with
# "Các tin khác:", "SỐ LƯỢT TRUY CẬP", "Người dùng Online"): phrases no administrative
# document uses as a line of its own.
WEB_TAIL_MARKERS = re.compile(
    r"^\s*(?:Các\s+tin\s+khác|Tin\s+liên\s+quan|Tin\s+cùng\s+chuyên\s+mục|"
    r"Bài\s+viết\s+liên\s+quan|Các\s+bài\s+viết\s+khác|Số\s+lượt\s+truy\s+cập|"
    r"Người\s+dùng\s+online)\s*:?\s*$",
    re.IGNORECASE,
)

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "address",
        "figure",
        "figcaption",
        "center",
    ]
)


def html_to_text(html: str) -> str:
    """NFC text of the main content of an HTML page."""
    soup = BeautifulSoup(html, "lxml")
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    drop_tags(soup)
    drop_boilerplate_blocks(soup)
    root = main_block(soup)
    lines = block_lines(root)
    lines = cut_tail(lines)
    text = "\n".join(lines)
    return unicodedata.normalize("NFC", text).strip()


def drop_tags(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile("navigation|banner|contentinfo|menu")}):
        tag.decompose()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none", re.I)):
        tag.decompose()


def drop_boilerplate_blocks(soup: BeautifulSoup) -> None:
    for tag in list(soup.find_all(True)):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if attrs and BOILERPLATE_ATTR.search(attrs) and not _is_article_attr(attrs):
            tag.decompose()


def _is_article_attr(attrs: str) -> bool:
    return bool(re.search(r"content|article|detail|noidung|chitiet|post-body", attrs, re.I))


def _text_len(tag: Tag) -> int:
    return len(" ".join(tag.get_text(" ").split()))


def _link_len(tag: Tag) -> int:
    return sum(len(" ".join(a.get_text(" ").split())) for a in tag.find_all("a"))


def main_block(soup: BeautifulSoup) -> Tag:
    """The element with the most non-link paragraph text, penalised for link density."""
    body = soup.body or soup
    best, best_score = body, -1.0
    total = max(1, _text_len(body))
    for tag in body.find_all(["article", "main", "div", "section", "td"]):
        n = _text_len(tag)
        if n < 200:
            continue
        links = _link_len(tag)
        density = links / n
        paras = len(tag.find_all(["p", "br", "li", "tr"])) + 1
        score = (n - links) * (1 - density) * min(1.0, paras / 3)
        # Prefer the smallest element that still holds most of the body's text.
        better = score > best_score * 1.02
        smaller = score >= best_score * 0.9 and n < _text_len(best) and n >= 0.25 * total
        if better or smaller:
            best, best_score = tag, score
    return best


def block_lines(root: Tag) -> list[str]:
    """One line per block element; table rows as ``cell | cell``."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = " ".join("".join(buf).split())
        if s:
            lines.append(s)
        buf.clear()

    def walk(node) -> None:
        if isinstance(node, NavigableString):
            buf.append(str(node))
            return
        if not isinstance(node, Tag):
            return
        if node.name == "br":
            flush()
            return
        if node.name == "tr":
            flush()
            cells = [" ".join(c.get_text(" ").split()) for c in node.find_all(["td", "th"])]
            cells = [c for c in cells if c]
            if cells:
                lines.append(" | ".join(cells))
            return
        block = node.name in BLOCK_TAGS
        if block:
            flush()
        for child in node.children:
            walk(child)
        if block:
            flush()

    walk(root)
    flush()
    return lines


def cut_tail(lines: list[str]) -> list[str]:
    """Drop everything from a "Các tin khác"-like heading on (only in the last part)."""
    for i, line in enumerate(lines):
        if i >= max(1, len(lines) // 3) and TAIL_MARKERS.match(line):
            return lines[:i]
    return lines


def cut_web_tail(text: str) -> tuple[str, bool]:
    """Plain text saved from a web page: drop the portal's tail (related news, counters).

    Only a marker in the last two thirds of the text counts. Returns (text, cut?).
    """
    lines = text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 3:
        return text, False
    first_allowed = nonblank[len(nonblank) // 3]
    for i in nonblank:
        if i >= first_allowed and WEB_TAIL_MARKERS.match(lines[i]):
            return "\n".join(lines[:i]).rstrip(), True
    return text, False
