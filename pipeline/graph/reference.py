"""Reference data of the citation graph, loaded once from ``pipeline/data/*.yaml``.

Four hand-edited files, each with a header saying where its facts come from:

- ``provinces.yaml``: the 63 provinces of 2008-2025, their former names and the 34
  provinces they became on 12/6/2025 (so "by province" questions work across the change);
- ``issuers.yaml``: issuer codes of symbols (BCA, UBND, TU ...) with their scope
  (national / province / district) and the phrases that name them in running text,
  and the document-type codes;
- ``national_documents.yaml``: well-known national documents (number, date, issuer, title);
- ``campaigns.yaml``: the campaign registry analysts edit.

Everything is exposed as frozen dataclasses (:func:`load`), validated on load (bad
entries are logged and skipped), and written into DuckDB tables ``ref_provinces``,
``ref_issuers``, ``ref_doc_types``, ``ref_documents`` (:func:`load_into`) so analysts
can join them.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.clean import tone_placement

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"

# OCR and some fonts give Icelandic eth (U+00D0) for Vietnamese Đ (U+0110): "QÐ-UBND".
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"})


def nfc(text: str) -> str:
    """NFC, Đ for look-alike eths, and modern tone placement.

    >>> nfc("Uỷ ban nhân dân tỉnh Thanh Hoá")
    'Ủy ban nhân dân tỉnh Thanh Hóa'
    """
    return tone_placement(unicodedata.normalize("NFC", text).translate(_ETH))


def fold(text: str) -> str:
    """Lower-case, NFC, modern tone placement, single spaces (for matching names)."""
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


@lru_cache(maxsize=1 << 14)
def slug(text: str) -> str:
    """ASCII slug of a name: ``Quảng Ngãi`` -> ``quang-ngai``.

    >>> slug("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    s = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    slug: str
    kind: str
    aliases: tuple[str, ...]
    former: tuple[str, ...]
    since_2025: str


@dataclass(frozen=True, slots=True)
class Issuer:
    code: str
    name: str
    scope: str  # national | province | district
    party: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocType:
    code: str
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefDocument:
    ref: str
    doc_type: str
    date: str | None
    issuer: str | None
    title: str | None
    aka: tuple[str, ...]
    succeeded_by: str | None


@dataclass(frozen=True, slots=True)
class Anchor:
    ref: str
    doc_type: str | None
    year: int | None
    province: str | None


@dataclass(frozen=True, slots=True)
class Campaign:
    campaign_id: str
    name: str
    anchors: tuple[Anchor, ...]


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: loaded once, used as a cache key
class Reference:
    provinces: tuple[Province, ...]
    provinces_2025: tuple[str, ...]
    issuers: tuple[Issuer, ...]
    doc_types: tuple[DocType, ...]
    documents: tuple[RefDocument, ...]
    campaigns: tuple[Campaign, ...]

    # ---- look-ups -------------------------------------------------------------
    def province_by_name(self) -> dict[str, Province]:
        """Folded name, alias or slug -> province (former names excluded)."""
        out: dict[str, Province] = {}
        for p in self.provinces:
            for n in (p.name, *p.aliases):
                out[fold(n)] = p
            out[p.slug] = p
        return out

    def issuer_by_code(self) -> dict[str, Issuer]:
        return {i.code.upper(): i for i in self.issuers}

    def type_by_code(self) -> dict[str, DocType]:
        return {t.code.upper(): t for t in self.doc_types}

    def type_by_name(self) -> dict[str, DocType]:
        out: dict[str, DocType] = {}
        for t in self.doc_types:
            for n in (t.name, *t.names):
                out.setdefault(fold(n), t)
        return out


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    if not isinstance(data, dict):
        log.warning("%s: expected a mapping at top level; ignored", path)
        return {}
    return data


def _strs(v: object) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (nfc(v),)
    return tuple(nfc(str(x)) for x in v)  # type: ignore[union-attr]


def load_campaigns(path: Path) -> tuple[Campaign, ...]:
    out = []
    seen: set[str] = set()
    for i, c in enumerate(_read(path).get("campaigns") or []):
        cid = str(c.get("id") or "").strip()
        anchors = []
        for a in c.get("anchors") or []:
            if not isinstance(a, dict) or not a.get("ref"):
                log.warning("%s: campaign %r: anchor without ref ignored", path.name, cid)
                continue
            year = a.get("year")
            anchors.append(
                Anchor(
                    ref=nfc(str(a["ref"])),
                    doc_type=nfc(a["doc_type"]) if a.get("doc_type") else None,
                    year=int(year) if year else None,
                    province=nfc(a["province"]) if a.get("province") else None,
                )
            )
        if not cid or not anchors or cid in seen:
            log.warning(
                "%s: entry %d (%r) has no id, no anchor or a duplicate id; ignored",
                path.name,
                i,
                cid,
            )
            continue
        seen.add(cid)
        out.append(Campaign(cid, nfc(str(c.get("name") or cid)), tuple(anchors)))
    return tuple(out)


@lru_cache(maxsize=8)
def load(data_dir: Path | None = None) -> Reference:
    """Load and validate the reference files of ``data_dir`` (default: pipeline/data)."""
    d = Path(data_dir) if data_dir else DATA_DIR
    pv = _read(d / "provinces.yaml")
    new = tuple(nfc(p["name"]) for p in pv.get("provinces_2025") or [] if p.get("name"))
    provinces = []
    for p in pv.get("provinces") or []:
        name = nfc(str(p.get("name") or ""))
        since = nfc(str(p.get("since_2025") or name))
        if not name:
            continue
        if new and since not in new:
            log.warning(
                "provinces.yaml: %s: since_2025 %r is not one of the 34; ignored", name, since
            )
            continue
        provinces.append(
            Province(
                name,
                slug(name),
                str(p.get("kind") or "tinh"),
                _strs(p.get("aliases")),
                _strs(p.get("former")),
                since,
            )
        )
    iss = _read(d / "issuers.yaml")
    issuers = []
    for i in iss.get("issuers") or []:
        if not i.get("code") or i.get("scope") not in ("national", "province", "district"):
            log.warning("issuers.yaml: bad entry %r ignored", i)
            continue
        issuers.append(
            Issuer(
                nfc(str(i["code"])),
                nfc(str(i.get("name") or i["code"])),
                i["scope"],
                bool(i.get("party")),
                _strs(i.get("aliases")),
            )
        )
    doc_types = [
        DocType(nfc(str(t["code"])), nfc(str(t["name"])), _strs(t.get("names")))
        for t in iss.get("doc_types") or []
        if t.get("code") and t.get("name")
    ]
    documents = []
    for r in _read(d / "national_documents.yaml").get("documents") or []:
        if not r.get("ref") or not r.get("doc_type"):
            log.warning("national_documents.yaml: entry without ref/doc_type ignored: %r", r)
            continue
        date = r.get("date")
        documents.append(
            RefDocument(
                ref=nfc(str(r["ref"])),
                doc_type=nfc(str(r["doc_type"])),
                date=str(date) if date else None,
                issuer=nfc(str(r["issuer"])) if r.get("issuer") else None,
                title=nfc(str(r["title"])) if r.get("title") else None,
                aka=_strs(r.get("aka")),
                succeeded_by=nfc(str(r["succeeded_by"])) if r.get("succeeded_by") else None,
            )
        )
    campaigns = load_campaigns(d / "campaigns.yaml")
    return Reference(
        tuple(provinces), new, tuple(issuers), tuple(doc_types), tuple(documents), campaigns
    )


def load_into(con, ref: Reference) -> None:  # noqa: ANN001 - duckdb connection
    """(Re)write the ``ref_*`` tables from ``ref`` (idempotent)."""
    tables = {
        "ref_provinces": (
            "province VARCHAR PRIMARY KEY, slug VARCHAR, kind VARCHAR, aliases VARCHAR[],"
            " former_names VARCHAR[], province_2025 VARCHAR",
            [
                (p.name, p.slug, p.kind, list(p.aliases), list(p.former), p.since_2025)
                for p in ref.provinces
            ],
        ),
        "ref_issuers": (
            "code VARCHAR PRIMARY KEY, name VARCHAR, scope VARCHAR, party BOOLEAN,"
            " aliases VARCHAR[]",
            [(i.code, i.name, i.scope, i.party, list(i.aliases)) for i in ref.issuers],
        ),
        "ref_doc_types": (
            "code VARCHAR PRIMARY KEY, name VARCHAR",
            [(t.code, t.name) for t in ref.doc_types],
        ),
        "ref_documents": (
            "ref VARCHAR PRIMARY KEY, doc_type VARCHAR, issued_date DATE, issuer VARCHAR,"
            " title VARCHAR, aka VARCHAR[], succeeded_by VARCHAR",
            [
                (r.ref, r.doc_type, r.date, r.issuer, r.title, list(r.aka), r.succeeded_by)
                for r in ref.documents
            ],
        ),
    }
    for name, (columns, rows) in tables.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
        if rows:  # one INSERT with a VALUES list: executemany is slow in DuckDB
            marks = "(" + ", ".join("?" * len(rows[0])) + ")"
            con.execute(
                f"INSERT INTO {name} VALUES {', '.join([marks] * len(rows))}",
                [v for row in rows for v in row],
            )
