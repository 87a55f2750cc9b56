"""Server-side pictures: campaign plots (matplotlib to SVG) and a node's neighbourhood
(SVG written here, each node a link).

No JavaScript: the browser shows SVG as it is. Colours of the answer statuses are the
same in the matrix, the plots and the legend (STATUS_COLOURS).
"""

from __future__ import annotations

import datetime as dt
import io
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


def _figure(width: float, height: float):  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: small, searchable
    plt.rcParams["font.family"] = "DejaVu Sans"  # has every Vietnamese letter
    return plt, plt.subplots(figsize=(width, height))


def _svg(plt, fig) -> str:  # noqa: ANN001
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _d(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def timeline_svg(report: dict[str, Any], labels: dict[str, str], title: str) -> str:
    """Each answer as a dot at its date (arrival date where stamped), coloured by status,
    one row per addressee; each deadline a dashed line."""
    rows: list[tuple[str, dt.date, str]] = []
    deadlines: set[dt.date] = set()
    for d in report["directing"]:
        for a in d["answers"]:
            if a["deadline"]:
                deadlines.add(_d(a["deadline"]))
            if a["answered_on"]:
                who = (a["answer_issuer"] or a["addressee"] or "?")[:40]
                rows.append((who, _d(a["answered_on"]), a["status"]))
    names = list(dict.fromkeys(r[0] for r in rows))
    plt, (fig, ax) = _figure(8, max(2.2, 0.35 * len(names) + 1.2))
    if not rows:
        ax.text(0.5, 0.5, labels["empty"], ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return _svg(plt, fig)
    import matplotlib.dates as mdates

    for status, colour in STATUS_COLOURS.items():
        pts = [(r[1], names.index(r[0])) for r in rows if r[2] == status]
        if pts:
            ax.scatter(
                [p[0] for p in pts],
                [p[1] for p in pts],
                color=colour,
                s=60,
                label=labels.get(status, status),
                zorder=3,
            )
    for i, due in enumerate(sorted(deadlines)):
        ax.axvline(due, color="#111827", linestyle="--", linewidth=1)
        ax.annotate(  # labels of close deadlines alternate in height so they never overlap
            labels["due"] + " " + labels["fmt"](due),
            (due, len(names) - 0.55 + 0.3 * (i % 2)),
            fontsize=8,
            ha="left",
            va="bottom",
            rotation=0,
        )
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_ylim(-0.7, len(names) + 0.2)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(labels["date_format"]))
    fig.autofmt_xdate()
    ax.grid(axis="x", color="#e5e7eb")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _svg(plt, fig)


def coverage_svg(counts: list[tuple[str, int]], title: str, empty: str) -> str:
    """Documents of a campaign per province, as horizontal bars (most first)."""
    counts = counts[:30]
    plt, (fig, ax) = _figure(6, max(1.8, 0.3 * len(counts) + 1))
    if not counts:
        ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return _svg(plt, fig)
    names = [c[0] for c in counts][::-1]
    vals = [c[1] for c in counts][::-1]
    from matplotlib.ticker import MaxNLocator

    ax.barh(names, vals, color="#2563eb")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for i, v in enumerate(vals):
        ax.text(v, i, f" {v}", va="center", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(plt, fig)


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
