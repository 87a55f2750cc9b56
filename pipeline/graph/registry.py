"""External registries of known documents (a province's published list of its documents).

``vanthu registry import FILE.csv`` loads a CSV with the columns of
``shared/real/binhduong_registry.csv`` — ``so_ky_hieu`` (number/symbol),
``ngay_ban_hanh`` (dd/mm/yyyy), ``trich_yeu`` (subject), ``hieu_luc`` (validity) — into
the ``registry`` table, each row with the node key it names, so that cited documents
that are not in the archive get a date and a title in ``nodes`` (rebuild_graph).

Public API: :func:`import_registry`, :func:`infer_province`.
"""

from __future__ import annotations

import csv
import logging
import re
from datetime import date
from pathlib import Path

import duckdb

from pipeline.errors import VanthuError
from pipeline.graph.keys import province_in
from pipeline.graph.reference import fold, load, nfc, slug
from pipeline.graph.resolve import ensure_schema, reference_descriptor

log = logging.getLogger(__name__)

REQUIRED = ("so_ky_hieu", "ngay_ban_hanh", "trich_yeu")
# Dates as registries print them: 20/07/2022, 20-07-2022, 2022-07-20.
DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


class RegistryError(VanthuError):
    """The registry file cannot be used (missing columns, unknown province)."""


def _date(s: str | None) -> date | None:
    if not s:
        return None
    m = DMY.match(s)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = YMD.match(s)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def infer_province(path: Path, subjects: list[str]) -> str | None:
    """Province from the file name (``binhduong_registry.csv``) or the subjects' "tỉnh X"."""
    ref = load()
    name = re.sub(r"[^a-z0-9]", "", slug(path.stem))
    for p in sorted(ref.provinces, key=lambda p: -len(p.slug)):
        if p.slug.replace("-", "") in name:
            return p.name
    counts: dict[str, int] = {}
    for s in subjects[:2000]:
        for m in re.finditer(r"tỉnh ([^\s,.;]+(?: [^\s,.;]+){0,2})", fold(s)):
            p = province_in(m.group(1))
            if p:
                counts[p] = counts.get(p, 0) + 1
    if counts:
        best = max(sorted(counts), key=lambda k: counts[k])
        if counts[best] >= 3:
            return best
    return None


def import_registry(
    con: duckdb.DuckDBPyConnection, path: Path, province: str | None = None
) -> dict:
    """Load ``path`` into ``registry`` (re-importing the same file replaces its rows).

    Returns counts: rows read, distinct rows stored, rows without a usable number.
    """
    path = Path(path)
    ref = load()
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise RegistryError(f"cannot read {path}: {e}") from e
    if not rows or any(c not in rows[0] for c in REQUIRED):
        raise RegistryError(f"{path.name}: expected columns {', '.join(REQUIRED)} (and hieu_luc)")
    if province:
        prov = province_in(province)
        if prov is None:
            raise RegistryError(f"unknown province {province!r}")
    else:
        prov = infer_province(path, [r.get("trich_yeu") or "" for r in rows])
        if prov is None:
            raise RegistryError(f"cannot tell the province of {path.name}: pass --province")
    seen = set()
    out = []
    bad = 0
    for r in rows:
        so = nfc((r.get("so_ky_hieu") or "").strip())
        when = _date(r.get("ngay_ban_hanh"))
        if not so or not re.match(r"^\d", so):
            bad += 1
            continue
        k = (so, when)
        if k in seen:
            continue
        seen.add(k)
        d = reference_descriptor(so, None, when.isoformat() if when else None, ref, prov)
        out.append(
            [
                prov,
                so,
                when,
                nfc(r.get("trich_yeu") or "") or None,
                nfc(r.get("hieu_luc") or "") or None,
                d.key,
                path.name,
            ]
        )
    ensure_schema(con)
    con.execute("DELETE FROM registry WHERE province = ? AND source_file = ?", [prov, path.name])
    con.executemany("INSERT INTO registry VALUES (?, ?, ?, ?, ?, ?, ?)", out)
    log.info(
        "registry %s: %d rows read, %d stored for %s, %d without number",
        path.name,
        len(rows),
        len(out),
        prov,
        bad,
    )
    return {
        "file": path.name,
        "province": prov,
        "read": len(rows),
        "stored": len(out),
        "skipped": bad,
    }
