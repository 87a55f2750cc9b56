"""Server-side pictures, SVG written here: campaign plots (a timeline of answers against
deadlines, coverage by province) and a node's neighbourhood (each node a link).

No JavaScript: the browser shows SVG as it is. Colours of the answer statuses are the
same in the matrix, the plots and the legend (STATUS_COLOURS).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

STATUS_COLOURS = {
    "on time": "#16a34a",
    "late": "#dc2626",
    "no answer": "#f59e0b",
    "answered": "#0891b2",
    "not addressed": "#9333ea",
    "for information": "#9ca3af",
}
RELATION_COLOURS = {
    "answers": "#dc2626",
    "based_on": "#2563eb",
    "attached_to": "#7c3aed",
    "repeals": "#db2777",
    "amends": "#db2777",
    "cites": "#6b7280",
}


def _d(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _svg_open(w: int, h: int, cls: str, title: str) -> list[str]:
    return [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="DejaVu Sans, sans-serif" font-size="11" '
        f'role="img" class="{cls}"><title>{escape(title)}</title>',
        f'<text x="{w // 2}" y="16" text-anchor="middle" font-size="13">{escape(title)}</text>',
    ]


def _message(w: int, title: str, text: str, cls: str) -> str:
    parts = _svg_open(w, 90, cls, title)
    parts.append(
        f'<text x="{w // 2}" y="55" text-anchor="middle" fill="#6b7280">{escape(text)}</text>'
    )
    return "".join(parts) + "</svg>"


TIMELINE_ROWS = 30  # addressees drawn; the others are counted under the plot


def timeline_svg(report: dict[str, Any], labels: dict[str, Any], title: str) -> str:
    """Each answer as a dot at its date (arrival date where stamped), coloured by status,
    one row per addressee; each deadline a dashed line.

    Drawn from the aggregate, not the rows: answers of one addressee on one day with one
    status are one dot (bigger, its count in its tooltip), and at most ``TIMELINE_ROWS``
    addressees (the most answering) get a row. Plain SVG written here: no plotting
    library to load, a few kilobytes whatever the campaign's size.
    """
    points: dict[tuple[str, dt.date, str], int] = {}
    deadlines: set[dt.date] = set()
    for d in report["directing"]:
        for a in d["answers"]:
            if a["deadline"]:
                deadlines.add(_d(a["deadline"]))
            if a["answered_on"]:
                who = (a["answer_issuer"] or a["addressee"] or "?")[:40]
                k = (who, _d(a["answered_on"]), a["status"])
                points[k] = points.get(k, 0) + 1
    w = 980
    if not points:
        return _message(w, title, labels["empty"], "plot timeline")
    per_name: dict[str, int] = {}
    for (who, _day, _st), n in points.items():
        per_name[who] = per_name.get(who, 0) + n
    names = sorted(per_name, key=lambda k: (-per_name[k], k))[:TIMELINE_ROWS]
    hidden = len(per_name) - len(names)
    row_of = {n: i for i, n in enumerate(names)}
    days = [k[1] for k in points if k[0] in row_of] + sorted(deadlines)
    lo, hi = min(days), max(days)
    span = max(1, (hi - lo).days)
    lo, hi = lo - dt.timedelta(days=span * 0.04 + 1), hi + dt.timedelta(days=span * 0.04 + 1)
    span = (hi - lo).days
    left, right, top, row_h = 250, 230, 56, 22
    plot_w = w - left - right
    h = top + row_h * len(names) + 60

    def x(day: dt.date) -> float:
        return left + plot_w * (day - lo).days / span

    parts = _svg_open(w, h, "plot timeline", title)
    bottom = top + row_h * len(names)
    for i, name in enumerate(names):  # rows, their names
        y = top + row_h * i + row_h / 2
        parts.append(
            f'<line x1="{left}" y1="{y:.0f}" x2="{left + plot_w}" y2="{y:.0f}" stroke="#f3f4f6"/>'
            f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">{escape(name)}</text>'
        )
    for i in range(6):  # date ticks
        day = lo + dt.timedelta(days=round(span * (i + 0.5) / 6))
        parts.append(
            f'<line x1="{x(day):.1f}" y1="{top - 4}" x2="{x(day):.1f}" y2="{bottom}"'
            f' stroke="#e5e7eb"/><text x="{x(day):.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{escape(labels['fmt'](day))}</text>"
        )
    for i, due in enumerate(sorted(deadlines)):  # labels of close deadlines alternate height
        xd = x(due)
        parts.append(
            f'<line x1="{xd:.1f}" y1="{top - 6}" x2="{xd:.1f}" y2="{bottom}" stroke="#111827"'
            f' stroke-dasharray="5,4"/><text x="{xd + 3:.1f}" y="{top - 10 - 12 * (i % 2)}"'
            f' font-size="10">{escape(labels["due"] + " " + labels["fmt"](due))}</text>'
        )
    for (who, day, status), n in sorted(points.items(), key=lambda kv: -kv[1]):
        if who not in row_of:
            continue
        y = top + row_h * row_of[who] + row_h / 2
        r = min(9.0, 4.5 + 1.5 * (n**0.5 - 1))
        tip = f"{who} · {labels['fmt'](day)} · {labels.get(status, status)}"
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y:.0f}" r="{r:.1f}"'
            f' fill="{STATUS_COLOURS.get(status, "#6b7280")}" fill-opacity="0.85">'
            f"<title>{escape(tip + (f' ({n})' if n > 1 else ''))}</title></circle>"
        )
    present = [s for s in STATUS_COLOURS if any(k[2] == s for k in points)]
    for i, status in enumerate(present):  # legend, right of the plot
        y = top + 8 + 18 * i
        parts.append(
            f'<circle cx="{w - right + 16}" cy="{y}" r="5" fill="{STATUS_COLOURS[status]}"/>'
            f'<text x="{w - right + 26}" y="{y + 4}">{escape(labels.get(status, status))}</text>'
        )
    if hidden > 0:
        parts.append(
            f'<text x="{left}" y="{h - 12}" fill="#6b7280">+{hidden} '
            f"{escape(labels.get('more_offices', '…'))}</text>"
        )
    return "".join(parts) + "</svg>"


COVERAGE_ROWS = 30


def coverage_svg(counts: list[tuple[str, int]], title: str, empty: str) -> str:
    """Documents of a campaign per province, as horizontal bars (most first); plain SVG."""
    w = 560
    if not counts:
        return _message(w, title, empty, "plot coverage")
    shown = counts[:COVERAGE_ROWS]
    left, top, row_h = 150, 30, 18
    bar_w = w - left - 60
    h = top + row_h * len(shown) + 24
    most = max(n for _, n in shown) or 1
    parts = _svg_open(w, h, "plot coverage", title)
    for i, (name, n) in enumerate(shown):
        y = top + row_h * i
        bw = max(1.0, bar_w * n / most)
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(str(name))}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{bw:.1f}" height="{row_h - 5}" fill="#2563eb">'
            f"<title>{escape(str(name))}: {n}</title></rect>"
            f'<text x="{left + bw + 4:.1f}" y="{y + 12}">{n}</text>'
        )
    if len(counts) > len(shown):
        rest = sum(n for _, n in counts[len(shown) :])
        parts.append(
            f'<text x="{left}" y="{h - 6}" fill="#6b7280">+{len(counts) - len(shown)} · {rest}'
            "</text>"
        )
    return "".join(parts) + "</svg>"


def neighbourhood_svg(trees: dict[str, Any], href, limit: int = 14) -> str:  # noqa: ANN001
    """The node in the middle, what cites it on the left, what it cites on the right, one
    level; every node a link (``href(key)``), edges coloured by relation."""
    root = trees["cited_by"]
    left = root.children[:limit]
    right = trees["cites"].children[:limit]
    w, row_h, box_w, box_h = 1000, 34, 300, 26
    n = max(len(left), len(right), 1)
    h = max(120, n * row_h + 60)
    cx, cy = w // 2, h // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="DejaVu Sans, sans-serif" font-size="11" '
        'role="img" class="graph">'
    ]

    def node(x: int, y: int, tn, cls: str) -> None:  # noqa: ANN001
        text = tn.label if len(tn.label) <= 46 else tn.label[:45] + "…"
        fill = "#fef3c7" if cls == "root" else "#eef2ff" if tn.doc_id else "#f3f4f6"
        parts.append(
            f'<a href="{escape(href(tn.key))}"><g class="node {cls}">'
            f"<title>{escape(tn.label)}</title>"
            f'<rect x="{x - box_w // 2}" y="{y - box_h // 2}" width="{box_w}" height="{box_h}"'
            f' rx="5" fill="{fill}"'
            f' stroke="#6b7280"/>'
            f'<text x="{x}" y="{y + 4}" text-anchor="middle">{escape(text)}</text></g></a>'
        )

    def column(items: list, x: int, incoming: bool) -> None:
        top = cy - (len(items) - 1) * row_h / 2
        for i, tn in enumerate(items):
            y = int(top + i * row_h)
            colour = RELATION_COLOURS.get(tn.relation or "cites", "#6b7280")
            x1 = x + box_w // 2 if incoming else cx + box_w // 2
            x2 = cx - box_w // 2 if incoming else x - box_w // 2
            y1, y2 = (y, cy) if incoming else (cy, y)
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}"'
                f' stroke-width="1.5"><title>{escape(tn.relation or "")}</title></line>'
            )
            node(x, y, tn, "in" if incoming else "out")

    column(left, box_w // 2 + 5, True)
    column(right, w - box_w // 2 - 5, False)
    node(cx, cy, root, "root")
    more_l = len(root.children) - len(left) + root.more
    more_r = len(trees["cites"].children) - len(right) + trees["cites"].more
    for x, more in ((box_w // 2, more_l), (w - box_w // 2, more_r)):
        if more > 0:
            parts.append(f'<text x="{x}" y="{h - 8}" text-anchor="middle">+{more} …</text>')
    parts.append("</svg>")
    return "".join(parts)
