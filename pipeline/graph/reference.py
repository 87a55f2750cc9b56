"""Reference data of the citation graph, loaded once.

The facts the extractors need too are read from the extractors' tables (one source for each
fact, in the lowest layer that needs it; loaded by :mod:`extractors.reference`):

- ``extractors/data/provinces.yaml``: the 63 provinces of 2008-2025, their former names and
  the 34 provinces they became on 12/6/2025 (so "by province" questions work across the change);
- ``extractors/data/issuers.yaml``: issuer codes of symbols (BCA, UBND, TU ...) with their
  scope (national / province / district) and the phrases that name them in running text;
- ``extractors/data/doc_types.yaml``: the document-type codes, what the graph keys each type
  by, its normative types and the short forms of joint types.

The graph's own files are in ``pipeline/graph/data/``, each with a header saying where its
facts come from:

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

from extractors import reference as xref
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
    party_codes: frozenset[str] = frozenset()  # upper case, scoped or not
    normative_codes: frozenset[str] = frozenset()  # type keys of normative documents
    short_type_pairs: frozenset[tuple[str, str]] = frozenset()  # (short, full) type keys

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
        data = xref.load_yaml(f) or {}
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


def _provinces() -> tuple[tuple[Province, ...], tuple[str, ...]]:
    """The 63 provinces of 2008-2025 as the graph keys them, and the 34 of 2025.

    A unit of 2025 whose name no 2008-2025 province had (thành phố Huế) is read as the one
    province that became it (Thừa Thiên Huế): the graph's provinces are those of 2008-2025.
    Forms naming a city inside a province (``city_forms``: Vũng Tàu) are no province here:
    ``thành phố Vũng Tàu`` in running text is that district-level city."""
    new = tuple(nfc(p.name) for p in xref.provinces_2025())
    old = xref.provinces_2008()
    successor_names: dict[str, tuple[str, ...]] = {}
    names = {p.name for p in old}
    for p in xref.provinces_2025():
        became = [o for o in old if o.since_2025 == p.name]
        if p.name not in names and len(became) == 1:
            successor_names[became[0].name] = (p.name, *p.short)
    out = []
    for p in old:
        name, since = nfc(p.name), nfc(p.since_2025 or p.name)
        if new and since not in new:
            log.warning(
                "provinces.yaml: %s: since_2025 %r is not one of the 34; ignored", name, since
            )
            continue
        aliases = tuple(nfc(a) for a in p.short if a not in p.city_forms)
        aliases += tuple(nfc(a) for a in successor_names.get(p.name, ()))
        kind = "thanh-pho" if p.level == "thành phố" else "tinh"
        out.append(Province(name, slug(name), kind, aliases, _strs(p.former), since))
    return tuple(out), new


def _issuers() -> tuple[tuple[Issuer, ...], frozenset[str]]:
    """The issuer codes with a scope, and every party code (scoped or not)."""
    out = []
    for i in xref.all_issuers():
        if i.scope is None:
            continue  # a code the graph gives no scope (its numbers' uniqueness is unknown)
        if i.scope not in ("national", "province", "district"):
            log.warning("issuers.yaml: %s: bad scope %r ignored", i.code, i.scope)
            continue
        out.append(
            Issuer(nfc(i.code), nfc(i.stands_for or i.name), i.scope, i.party, _strs(i.mentions))
        )
    party = frozenset(nfc(i.code).upper() for i in xref.all_issuers() if i.party)
    return tuple(out), party


def _doc_types() -> tuple[tuple[DocType, ...], frozenset[str], frozenset[tuple[str, str]]]:
    """The types the graph keys apart (one per key: a later row with the same key adds its
    names), the normative ones, and the (short, full) pairs of types a mention may shorten."""
    by_key: dict[str, list] = {}
    normative: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for t in xref.doc_types():
        if t.key is None:
            continue
        apart_names = {n for _, n in t.keyed_apart}
        names = [a for a in t.aliases if a not in apart_names]
        if t.key in by_key:
            by_key[t.key][2].extend([t.name, *names])
        else:
            by_key[t.key] = [t.key, t.name, names]
        for code, name in t.keyed_apart:
            by_key.setdefault(code, [code, name, []])
            if t.code:
                pairs.add((t.code, code))
        if t.kind == "normative":
            normative.add(t.key)
        if t.shortens_to:
            pairs.add((t.shortens_to, t.key))
    types = tuple(
        DocType(nfc(c), nfc(n), tuple(nfc(x) for x in ns)) for c, n, ns in by_key.values()
    )
    return types, frozenset(normative), frozenset(pairs)


@lru_cache(maxsize=8)
def load(data_dir: Path | None = None) -> Reference:
    """Load and validate the reference data: provinces, issuers and type codes from the
    extractors' tables, documents and campaigns from ``data_dir`` (default:
    pipeline/graph/data)."""
    d = Path(data_dir) if data_dir else DATA_DIR
    provinces, new = _provinces()
    issuers, party = _issuers()
    doc_types, normative, pairs = _doc_types()
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
        provinces, new, issuers, doc_types, tuple(documents), campaigns, party, normative, pairs
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
