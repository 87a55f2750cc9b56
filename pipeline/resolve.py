"""Resolve citations to documents: one node per real document, archive-wide.

Node keys
---------
A key names one document and is readable by a person::

    CT/07/CT-BCA/2014                    national: TYPE/NUMBER/SYMBOL/YEAR
    CT/09-CT/TW/2011                     party documents keep their hyphen: NUMBER-SYMBOL
    TT/23/TT-BCA/2012                    a year printed in the symbol moves to the end
    QĐ/1395/QĐ-UBND/2016@quang-ngai      local: @province slug
    CT/09-CT/TU/2011@thanh-hoa
    CV/123/UBND-NC/2020@quang-ngai/mo-duc   district body: @province/district
    CT/07/?BCA                           short form nobody could complete: ?ISSUER-CODE
    DOC/<doc_id>                         an archive document without a number

- TYPE is the type code of the symbol (``CT`` in ``07/CT-BCA-V28``); ``CV`` when the
  symbol has none (a công văn ``566/UBND-NC``; also ``1527/CAT-PV01``, which one writer
  calls Hướng dẫn and another Công văn); for a short form without symbol, the code of
  the type named in the mention.
- NUMBER: leading zeros trimmed, padded to two digits (``7``, ``07``, ``007`` -> ``07``).
- SYMBOL: upper case (type codes keep their printed case: ``CTr``, ``QyĐ``), spaces and
  parenthesised unit codes removed, ``/`` between issuers turned into ``-``
  (``TTLT/BCA-BGDĐT`` = ``TTLT-BCA-BGDĐT``), police unit suffixes after the issuer dropped
  (``TT-BCA-V28`` = ``TT-BCA``, ``HD-CAT-PV11`` = ``HD-CAT``: they name the drafting
  unit, the number belongs to the issuer).
- YEAR: from the symbol, else the cited date, else the extractor's ``cited_year``; absent
  when unknown. A mention without a year joins the node of the same (type, number,
  symbol, scope) when exactly one year is known for it anywhere (archive documents,
  other citations, reference data, imported registries), not later than the citing
  document.
- SCOPE: national issuers (``issuers.yaml``: CP, BCA, TW ...) have none; local ones
  (UBND, TU, CAT, BCĐ, unknown codes ...) take the province (and district for district
  bodies) named in the mention (``của UBND tỉnh Nghệ An``), else the citing document's
  province (``documents.province``/``issuer``/``place``; for a district body that names
  no province, the province of other archive documents of the same district, else the
  province its addressees and text name most), else ``@unknown-<file>`` (kept apart
  rather than merged with another province's document).

Archive documents are nodes too (their own number, symbol, year and province give the
same key as a citation of them, so a cited document in the archive resolves to its
``doc_id``); a citation without number resolves to the document it is attached to, or
to the document of the same file with that type and date.

Short forms (``Chỉ thị số 07``, ``Công văn số 1010``) take the key of the full mention
they abbreviate: ``citations.antecedent_seq`` when the extractor set it, else the
nearest full mention in the same document (then the same file) with the same type
and number, else a unique match (type, number, issuer) in the archive and reference
data, else a ``?``-key of their own.

Public API: :func:`rebuild_graph`, :func:`parse_ref`, :func:`citation_key`,
:func:`document_key`, :class:`Resolver`.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb

from pipeline.reference import Reference, fold, load, load_into, nfc, slug

log = logging.getLogger(__name__)

SCHEMA_SQL = Path(__file__).resolve().parent.parent / "schemas" / "graph.sql"

GRAPH_TABLES = (
    "nodes",
    "doc_nodes",
    "edges",
    "campaigns",
    "campaign_anchors",
    "campaign_documents",
)
RELATIONS = ("answers", "based_on", "attached_to", "repeals", "amends", "cites")
RELATION_STRENGTH = {name: len(RELATIONS) - i for i, name in enumerate(RELATIONS)}

# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------
# Dashes OCR and word processors put in symbols: "07/CT–BCA" (en dash), "‐" (U+2010).
DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
# Parenthesised unit codes: "4126/HD-BCĐ(PV01-PV05)", "765/HD-CAT-PV11 (PV28)".
PARENS = re.compile(r"\([^)]*\)?")
# A reference printed whole: number, separator, rest ("09-CT/TW", "23/2012/TT-BCA").
LEADING_NUMBER = re.compile(r"^\s*(?:số\s*:?\s*)?0*(\d+)\s*([-/])\s*(.*)$", re.IGNORECASE)
# A year printed inside the symbol: "2012/TT-BCA", "TT-BCA/2012" is not a form, but
# "06/2015/TTLT/BCA-BGDĐT" is.
SYMBOL_YEAR = re.compile(r"(?:^|/)((?:19|20)\d\d)(?=/)")
# The year a cited date starts with: "2014-08-15", "2014".
YEAR_PREFIX = re.compile(r"((?:19|20)\d\d)")
# Police unit suffix after the issuer: V28, PV01, PA83, PC45, X05 (letters + digits).
UNIT_SUFFIX = re.compile(r"^[A-ZĐ]{1,3}\d{1,3}[A-Z]?$")
# Trailing punctuation glued to a symbol by the sentence: "UBND-NC," "CT/TW)."
TRAILING = re.compile(r"[\s.,;:)\]]+$")
# District bodies named in text: "UBND huyện Mộ Đức", "Công an thị xã Đức Phổ".
DISTRICT_WORDS = re.compile(r"\b(huyện|thị xã|quận|thành phố|tp\.?)\s+", re.IGNORECASE)
PROVINCE_WORDS = re.compile(r"\b(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)

# Normative types: a year in the symbol; national unless issued by a local council.
# "Kế hoạch số 90" abbreviating "Kế hoạch phối hợp 90/KHPH-BVĐKLA-CAT".
SHORT_TYPE_PAIRS = {("KH", "KHPH"), ("NQ", "NQLT"), ("TT", "TTLT")}
NORMATIVE_CODES = {"NĐ", "TT", "TTLT", "NQLT", "L", "PL", "VBHN"}
PARTY_CODES_FALLBACK = {"TW", "TU", "HU", "ĐU", "ĐUK", "THU", "QU", "BCS"}


# ---------------------------------------------------------------------------
# Parsing a reference
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ParsedRef:
    """A number/symbol pair reduced to what identifies a document.

    >>> parse_ref("23", "2012/TT-BCA-V28").printed
    '23/2012/TT-BCA'
    >>> parse_ref("09", "CT/TW").printed
    '09-CT/TW'
    >>> parse_ref(None, "06/2015/TTLT/BCA-BGDĐT").symbol
    'TTLT-BCA-BGDĐT'
    """

    number: str | None
    type_code: str | None  # None for a công văn
    issuers: tuple[str, ...]
    year: int | None  # printed in the symbol
    party: bool

    @property
    def symbol(self) -> str | None:
        parts = ([self.type_code] if self.type_code else []) + list(self.issuers)
        if not parts:
            return None
        if self.party and self.type_code and self.issuers:
            return f"{self.type_code}/{'-'.join(self.issuers)}"
        return "-".join(parts)

    @property
    def printed(self) -> str:
        sym = self.symbol or ""
        num = self.number or ""
        if self.party:
            return f"{num}-{sym}"
        if self.year:
            return f"{num}/{self.year}/{sym}"
        return f"{num}/{sym}"


def norm_number(number: str | None) -> str | None:
    """``7``, ``07``, ``007`` -> ``07``; None or no digits -> None."""
    if number is None:
        return None
    m = re.search(r"\d+", str(number))
    if not m:
        return None
    return m.group(0).lstrip("0").rjust(2, "0")


@lru_cache(maxsize=1 << 18)
def parse_ref(
    number: str | None, symbol: str | None, ref_data: Reference | None = None
) -> ParsedRef:
    """Parse a cited or printed number/symbol (either may carry the whole reference)."""
    ref = ref_data or load()
    types = _type_codes(ref)
    issuers = _issuer_codes(ref)
    num = None
    raw = nfc(symbol or "").strip()
    if number is not None and str(number).strip():
        n = nfc(str(number)).strip()
        m = LEADING_NUMBER.match(n)
        if m and m.group(3):  # the number field holds the whole reference
            num, raw = m.group(1), m.group(3) + ("/" + raw if raw else "")
        else:
            num = norm_number(n)
    raw = DASHES.sub("-", raw)
    m = LEADING_NUMBER.match(raw)
    if m and (num is None or norm_number(m.group(1)) == num):
        num, raw = m.group(1), m.group(3)  # symbol repeats the number: "07/CT-BCA-V28"
    num = norm_number(num)
    raw = TRAILING.sub("", PARENS.sub("", raw)).replace(" ", "").strip("-/")
    year = None
    ym = SYMBOL_YEAR.search("/" + raw + "/") if raw else None
    if ym:
        year = int(ym.group(1))
        raw = re.sub(r"(^|/)" + ym.group(1) + r"(/|$)", r"\1", raw, count=1).strip("/")
    tokens = [t for t in re.split(r"[-/]+", raw) if t]
    type_code = None
    if tokens and tokens[0].upper() in types:
        type_code = types[tokens.pop(0).upper()]
    out: list[str] = []
    for i, t in enumerate(tokens):
        up = t.upper()
        if (type_code or i > 0) and out and UNIT_SUFFIX.match(up) and up not in issuers:
            continue  # drafting unit (V28, PV11), not the issuer
        out.append(issuers.get(up, up))
    party = bool(out) and out[0].upper() in _party_codes(ref)
    return ParsedRef(num, type_code, tuple(out), year, party)


@lru_cache(maxsize=8)
def _type_codes(ref: Reference) -> dict[str, str]:
    return {t.code.upper(): t.code for t in ref.doc_types if t.code != "CV"}


@lru_cache(maxsize=8)
def _issuer_codes(ref: Reference) -> dict[str, str]:
    return {i.code.upper(): i.code for i in ref.issuers}


@lru_cache(maxsize=8)
def _party_codes(ref: Reference) -> set[str]:
    return {i.code.upper() for i in ref.issuers if i.party} | PARTY_CODES_FALLBACK


# ---------------------------------------------------------------------------
# Names in running text: issuer codes, provinces, districts
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Gazetteer:
    issuer_aliases: tuple[tuple[str, str], ...]  # (folded alias, code), longest first
    issuer_re: re.Pattern[str]
    province_re: re.Pattern[str]
    province_of: dict[str, object]
    scope_of_code: dict[str, str]
    type_of_name: dict[str, str]  # folded type name -> code (CV for công văn)
    type_name_of_code: dict[str, str]


@lru_cache(maxsize=8)
def gazetteer(ref: Reference) -> _Gazetteer:
    aliases = sorted(
        {(fold(a), i.code) for i in ref.issuers for a in i.aliases},
        key=lambda x: (-len(x[0]), x[0]),
    )
    issuer_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a, _ in aliases) + r")(?!\w)")
    by_name = ref.province_by_name()
    names = sorted((n for n in by_name if " " in n or len(n) > 4), key=len, reverse=True)
    province_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    scope = {i.code.upper(): i.scope for i in ref.issuers}
    scope["UBND-H"] = "district"
    type_of_name = {}
    for t in ref.doc_types:
        for n in (t.name, *t.names):
            type_of_name.setdefault(fold(n), t.code)
    type_name_of_code = {t.code: t.name for t in ref.doc_types}
    return _Gazetteer(
        tuple(aliases), issuer_re, province_re, by_name, scope, type_of_name, type_name_of_code
    )


@lru_cache(maxsize=1 << 16)
def issuer_code_of(text: str | None, ref: Reference | None = None) -> str | None:
    """Issuer code named in running text: ``Chủ tịch UBND tỉnh`` -> ``UBND``.

    The earliest alias wins, the longest at equal position
    (``Văn phòng UBND tỉnh`` is VP, not UBND).
    """
    if not text:
        return None
    g = gazetteer(ref or load())
    best = None
    for m in g.issuer_re.finditer(fold(text)):
        if (
            best is None
            or m.start() < best.start()
            or (m.start() == best.start() and len(m.group(1)) > len(best.group(1)))
        ):
            best = m
    if best is None:
        return None
    alias = best.group(1)
    return next(code for a, code in g.issuer_aliases if a == alias)


@lru_cache(maxsize=1 << 16)
def province_in(text: str | None, ref: Reference | None = None) -> str | None:
    """The first province named in ``text`` (official 2008-2025 name), else None."""
    if not text:
        return None
    g = gazetteer(ref or load())
    m = g.province_re.search(fold(text))
    return g.province_of[m.group(1)].name if m else None  # type: ignore[attr-defined]


@lru_cache(maxsize=1 << 16)
def district_in(text: str | None, ref: Reference | None = None) -> str | None:
    """Slug of the district named after huyện/thị xã/quận/thành phố, else None.

    A centrally-run city after "thành phố" (Hà Nội) is a province, not a district.
    """
    if not text:
        return None
    t = nfc(text)
    g = gazetteer(ref or load())
    for m in DISTRICT_WORDS.finditer(t):
        words = []
        for w in t[m.end() :].split():
            w2 = w.strip(",;.()")
            if not w2 or not w2[0].isupper():
                break
            words.append(w2)
            if w2 != w or len(words) == 3:
                break
        if not words:
            continue
        name = " ".join(words)
        if fold(name) in g.province_of:
            continue
        return slug(name)
    return None


# ---------------------------------------------------------------------------
# Descriptors and keys
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Context:
    """What the citing document tells about local references."""

    province: str | None = None  # 2008-2025 name
    district: str | None = None  # slug, when the citing body is a district body
    file_id: str | None = None
    year: int | None = None  # the citing document's year: cited documents are not later


@dataclass(frozen=True, slots=True)
class Descriptor:
    """Everything that identifies a cited document, before the key is written."""

    type_code: str  # CV for a công văn
    number: str | None
    symbol: str | None
    issuer: str | None  # main issuer code
    year: int | None
    scope: str  # '' national; 'quang-ngai'; 'quang-ngai/mo-duc'; 'unknown-ab12cd34'
    printed: str
    party: bool = False

    @property
    def key(self) -> str:
        if self.symbol is None:
            ref = f"{self.number or '?'}/?{self.issuer or ''}"
        elif self.party:
            ref = f"{self.number or '?'}-{self.symbol}"
        else:
            ref = f"{self.number or '?'}/{self.symbol}"
        k = f"{self.type_code}/{ref}"
        if self.year:
            k += f"/{self.year}"
        if self.scope:
            k += f"@{self.scope}"
        return k

    @property
    def complete(self) -> bool:
        return self.symbol is not None and self.number is not None and self.year is not None


@lru_cache(maxsize=1 << 16)
def _scope(
    code: str | None, issuer_text: str | None, ctx: Context, ref: Reference, normative: bool
) -> tuple[str, str]:
    """(level, scope string) of a document issued by ``code`` / named ``issuer_text``.

    Cached: many citations share an issuer text and a citing context."""
    g = gazetteer(ref)
    level = None
    if code:  # "QH15": Quốc hội, 15th term
        level = g.scope_of_code.get(code.upper()) or g.scope_of_code.get(
            re.sub(r"\d+$", "", code.upper())
        )
    text_code = issuer_code_of(issuer_text, ref)
    if level is None:
        text_level = g.scope_of_code.get(text_code.upper()) if text_code else None
        if text_level == "national" or (normative and text_level is None):
            level = "national"
        else:
            level = "province"
    if level == "national":
        return "national", ""
    prov = province_in(issuer_text, ref)
    district = None
    ft = fold(issuer_text or "")
    if re.search(r"\b(huyện|thị xã|quận)\b", ft) or text_code in ("HU", "CAH", "UBND-H"):
        level = "district"
    if level == "district" or (text_code and g.scope_of_code.get(text_code.upper()) == "district"):
        district = district_in(issuer_text, ref) or (
            ctx.district if not prov or prov == ctx.province else None
        )
        level = "district"
    if prov is None:
        prov = ctx.province
    if prov is None:
        return "unknown", f"unknown-{(ctx.file_id or 'x')[:8]}"
    s = slug(prov)
    if level == "district":
        return "district", f"{s}/{district}" if district else s
    return "province", s


def type_code_for(doc_type: str | None, parsed: ParsedRef | None, ref: Reference) -> str:
    """The TYPE of a key: the symbol's type code; ``CV`` for a symbol without one (the
    same "1527/CAT-PV01" is called Công văn by one writer, Hướng dẫn by another); the
    type named in the mention for a short form without symbol."""
    if parsed is not None and parsed.type_code:
        return parsed.type_code
    if parsed is not None and parsed.issuers:
        return "CV"
    if doc_type:
        code = _type_of_name(doc_type, ref)
        if code:
            return code
    return "CV"


@lru_cache(maxsize=1 << 12)
def _type_of_name(doc_type: str, ref: Reference) -> str | None:
    return gazetteer(ref).type_of_name.get(fold(doc_type))


def citation_key(
    *,
    doc_type: str | None,
    number: str | None,
    symbol: str | None,
    cited_date: str | date | None = None,
    cited_year: int | None = None,
    cited_issuer: str | None = None,
    context: Context | None = None,
    ref: Reference | None = None,
) -> Descriptor:
    """Describe one cited document from the fields a citation extractor gives.

    The key of a full mention is ``citation_key(...).key``; a short form (no symbol)
    gets a ``?``-key here and is completed by :class:`Resolver`.

    >>> citation_key(doc_type="Chỉ thị", number="07", symbol="CT-BCA-V28",
    ...              cited_date="2014-08-15").key
    'CT/07/CT-BCA/2014'
    >>> citation_key(doc_type="Quyết định", number="1395", symbol="QĐ-UBND", cited_year=2016,
    ...              cited_issuer="Chủ tịch UBND tỉnh", context=Context(province="Quảng Ngãi")).key
    'QĐ/1395/QĐ-UBND/2016@quang-ngai'
    """
    # Only the year of a date matters to a key: cache on it, not on the day.
    m = re.match(r"((?:19|20)\d\d)", str(cited_date)) if cited_date else None
    return _citation_key(
        doc_type,
        number,
        symbol,
        None,
        int(m.group(1)) if m else cited_year,
        cited_issuer,
        _cache_context(context),
        ref or load(),
    )


def _cache_context(ctx: Context | None) -> Context:
    """What of the citing document a key depends on (so the cache is shared)."""
    if ctx is None:
        return Context()
    return Context(ctx.province, ctx.district, None if ctx.province else ctx.file_id, None)


@lru_cache(maxsize=1 << 20)  # an archive of 1M citations has ~500k distinct mentions
def _citation_key(
    doc_type: str | None,
    number: str | None,
    symbol: str | None,
    cited_date: str | None,
    cited_year: int | None,
    cited_issuer: str | None,
    context: Context,
    ref: Reference,
) -> Descriptor:
    """Cached body of :func:`citation_key`."""
    return _citation_key_uncached(
        doc_type=doc_type,
        number=number,
        symbol=symbol,
        cited_date=cited_date,
        cited_year=cited_year,
        cited_issuer=cited_issuer,
        context=context,
        ref=ref,
    )


def _citation_key_uncached(
    *,
    doc_type: str | None,
    number: str | None,
    symbol: str | None,
    cited_date: str | None,
    cited_year: int | None,
    cited_issuer: str | None,
    context: Context,
    ref: Reference,
) -> Descriptor:
    ref = ref or load()
    ctx = context or Context()
    parsed = parse_ref(number, symbol, ref) if (number or symbol) else None
    num = parsed.number if parsed else None
    tcode = type_code_for(doc_type, parsed, ref)
    year = parsed.year if parsed and parsed.year else None
    if year is None and cited_date:
        m = re.match(r"((?:19|20)\d\d)", str(cited_date))
        year = int(m.group(1)) if m else None
    if year is None and cited_year:
        year = int(cited_year)
    has_symbol = parsed is not None and bool(parsed.issuers or parsed.type_code)
    code = parsed.issuers[0] if parsed and parsed.issuers else issuer_code_of(cited_issuer, ref)
    normative = tcode in NORMATIVE_CODES or bool(parsed and parsed.year)
    if code and code.upper() in ("UBND", "HĐND"):
        normative = False
    _, scope = _scope(code, cited_issuer, ctx, ref, normative)
    if not has_symbol:
        return Descriptor(tcode, num, None, code, year, scope, f"{num or '?'}", False)
    assert parsed is not None
    sym, printed = _symbol_printed(parsed)
    return Descriptor(tcode, num, sym, code, year, scope, printed, parsed.party)


@lru_cache(maxsize=1 << 18)
def _symbol_printed(parsed: ParsedRef) -> tuple[str | None, str]:
    """``parsed.symbol`` and ``parsed.printed`` (properties), once per parsed reference."""
    return parsed.symbol, parsed.printed


def context_of(
    province: str | None,
    place: str | None,
    issuer: str | None,
    issuer_parent: str | None,
    file_id: str | None = None,
    year: int | None = None,
    ref: Reference | None = None,
) -> Context:
    """The citing document's province (and district, for a district body)."""
    ref = ref or load()
    prov = None
    for text in (province, issuer, issuer_parent, place):
        prov = province_in(text, ref)
        if prov:
            break
    district = None
    for text in (issuer, issuer_parent):
        if text and re.search(r"\b(huyện|thị xã|quận)\b", fold(text)):
            district = district_in(text, ref)
            if district:
                break
    return Context(prov, district, file_id, year)


def document_key(
    row: dict, ref: Reference | None = None, ctx: Context | None = None
) -> Descriptor | None:
    """The descriptor of an archive document (None when it has no number)."""
    ref = ref or load()
    number, symbol = row.get("number"), row.get("symbol")
    if not number and row.get("ref"):
        number, symbol = row["ref"], None
    if not number:
        return None
    ctx = ctx or context_of(
        row.get("province"),
        row.get("place"),
        row.get("issuer"),
        row.get("issuer_parent"),
        row.get("file_id"),
        row.get("issued_year"),
        ref,
    )
    issuer_text = row.get("issuer") or ""
    if ctx.province and not province_in(issuer_text, ref):
        issuer_text = f"{issuer_text} tỉnh {ctx.province}"
    if parse_ref(number, symbol, ref).number is None:
        return None  # a draft's blank number ("Số: /KH-BCĐ"): DOC/<doc_id>
    return citation_key(
        doc_type=row.get("doc_type"),
        number=number,
        symbol=symbol,
        cited_date=row.get("issued_date"),
        cited_year=row.get("issued_year"),
        cited_issuer=issuer_text or None,
        context=ctx,
        ref=ref,
    )


# ---------------------------------------------------------------------------
# The resolver: short forms, years, archive documents
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Cit:
    doc_id: str
    seq: int
    doc_type: str | None
    desc: Descriptor | None
    relation: str
    antecedent: int | None
    ctx: Context
    cited_date: str | None
    cited_issuer: str | None
    key: str | None = None
    short: bool = False  # a mention without symbol (short form)


@dataclass
class Resolver:
    """Candidates known archive-wide, used to complete short and yearless mentions."""

    ref: Reference
    # (type, number, symbol, scope) -> years known
    years: dict[tuple, set[int]] = field(default_factory=lambda: defaultdict(set))
    # (type, number, scope) -> complete descriptors
    by_number: dict[tuple, set[Descriptor]] = field(default_factory=lambda: defaultdict(set))
    # ids of the descriptor objects already added (the key cache hands out the same
    # object for the same mention: skip hashing it again); the list keeps them alive
    _seen: set[int] = field(default_factory=set, repr=False)
    _kept: list[Descriptor] = field(default_factory=list, repr=False)

    def add(self, d: Descriptor) -> None:
        if id(d) in self._seen:
            return
        self._seen.add(id(d))
        self._kept.append(d)
        if d.symbol is None or d.number is None:
            return
        if d.year:
            self.years[(d.type_code, d.number, d.symbol, d.scope)].add(d.year)
        self.by_number[(d.type_code, d.number, d.scope)].add(d)

    def complete_year(self, d: Descriptor, before: int | None) -> Descriptor:
        """A yearless descriptor takes the only year known for it (not after ``before``)."""
        if d.year or d.symbol is None:
            return d
        ys = {
            y
            for y in self.years.get((d.type_code, d.number, d.symbol, d.scope), ())
            if not before or y <= before
        }
        return replace(d, year=ys.pop()) if len(ys) == 1 else d

    def complete_short(self, d: Descriptor, ctx: Context) -> Descriptor:
        """A mention without symbol takes the only matching complete document, if one."""
        scopes = (
            [d.scope] if d.issuer else [d.scope, slug(ctx.province) if ctx.province else None, ""]
        )
        for scope in dict.fromkeys(s for s in scopes if s is not None):
            # A dateless full mention elsewhere ("Chỉ thị 07/CT-BCA") is the same document
            # as the dated one once its year is completed: complete before counting, or
            # the two keys make every short form look ambiguous.
            cands = {
                self.complete_year(c, ctx.year)
                for t in dict.fromkeys((d.type_code, "CV"))
                for c in self.by_number.get((t, d.number, scope), ())
                if (not d.issuer or c.issuer == d.issuer)
                and (
                    c.year == d.year
                    if d.year
                    else (not ctx.year or not c.year or c.year <= ctx.year)
                )
            }
            keys = {c.key for c in cands}
            if len(keys) == 1:
                return next(iter(cands))
            if len(keys) > 1:
                return d
        return d


@dataclass(frozen=True, slots=True)
class GraphStats:
    documents: int
    citations: int
    nodes: int
    edges: int
    resolved_short: int  # short forms that found their full mention
    unresolved: int  # citation rows whose key still has a '?'
    campaigns: int
    campaign_documents: int
    seconds: float


def _fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND"
            " table_schema = current_schema()",
            [name],
        ).fetchone()[0]
    )


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def _iso(v: object) -> str | None:
    return None if v is None else str(v)[:10]


def resolve_rows(
    docs: Sequence[dict], cits: Sequence[dict], ref: Reference, registry: Iterable[Descriptor] = ()
) -> tuple[dict[str, Descriptor | None], list[_Cit], Resolver]:
    """Pure core of :func:`rebuild_graph`: descriptors of documents and citations.

    ``docs`` rows have the columns of ``documents``; ``cits`` those of ``citations``.
    Returns (doc_id -> descriptor, citations with ``key`` set, the resolver).
    """
    marks = [("start", time.perf_counter())]  # phase times, logged at debug level
    res = Resolver(ref)
    for d in registry:
        res.add(d)
    for r in ref.documents:
        res.add(reference_descriptor(r.ref, r.doc_type, r.date, ref))
    doc_desc: dict[str, Descriptor | None] = {}
    ctx_of: dict[str, Context] = {}
    doc_by_id = {d["doc_id"]: d for d in docs}
    for d in docs:
        ctx_of[d["doc_id"]] = context_of(
            d.get("province"),
            d.get("place"),
            d.get("issuer"),
            d.get("issuer_parent"),
            d.get("file_id"),
            d.get("issued_year"),
            ref,
        )
    _fill_provinces(docs, ctx_of, ref)
    for d in docs:
        doc_desc[d["doc_id"]] = document_key(d, ref, ctx_of[d["doc_id"]])
        if doc_desc[d["doc_id"]] is not None:
            res.add(doc_desc[d["doc_id"]])  # type: ignore[arg-type]
    marks.append(("documents", time.perf_counter()))
    out: list[_Cit] = []
    cache_ctx: dict[str, int] = {}  # doc_id -> number of its (interned) cache context
    ctx_no: dict[Context, int] = {}
    ctxs: list[Context] = []
    # a plain dict on (type, number, symbol, year, issuer, context number): hashing
    # strings and ints, not the Context dataclass, for every row
    memo: dict[tuple, Descriptor] = {}
    no_ctx = Context()
    for c in cits:
        get = c.get
        doc_id = c["doc_id"]
        ctx = ctx_of.get(doc_id) or no_ctx
        desc = None
        when = get("cited_date")
        number, symbol = get("number"), get("symbol")
        if number or symbol:
            kno = cache_ctx.get(doc_id)
            if kno is None:
                kctx = _cache_context(ctx)
                kno = ctx_no.get(kctx)
                if kno is None:
                    kno = ctx_no[kctx] = len(ctxs)
                    ctxs.append(kctx)
                cache_ctx[doc_id] = kno
            if isinstance(when, date):
                year = when.year
            else:
                m = YEAR_PREFIX.match(str(when)) if when else None
                year = int(m.group(1)) if m else get("cited_year")
            doc_type, issuer = get("doc_type"), get("cited_issuer")
            mk = (doc_type, number, symbol, year, issuer, kno)
            desc = memo.get(mk)
            if desc is None:
                # citation_key's body, with the cache context computed once per document
                desc = memo[mk] = _citation_key(
                    doc_type, number, symbol, None, year, issuer, ctxs[kno], ref
                )
            if desc.number is None:
                desc = None  # a draft's blank number ("Số: /KH-BCĐ"): a numberless mention
            else:
                res.add(desc)
        out.append(
            _Cit(
                doc_id,
                int(c["seq"]),
                get("doc_type"),
                desc,
                get("relation") or "cites",
                get("antecedent_seq"),
                ctx,
                # only a numberless mention reads its date (never given a descriptor later)
                _iso(when) if desc is None else None,
                get("cited_issuer"),
            )
        )
    marks.append(("citation keys", time.perf_counter()))
    # Years for yearless complete mentions, then archive documents without a date.
    completed: dict[tuple[int, int | None], Descriptor] = {}
    for c in out:
        if (
            c.desc is not None
            and c.desc.symbol is not None
            and c.desc.number is not None
            and not c.desc.year
        ):
            ck = (id(c.desc), c.ctx.year)  # the same mention in many documents: once per year
            if ck not in completed:
                completed[ck] = res.complete_year(c.desc, c.ctx.year)
            c.desc = completed[ck]
    for doc_id, d in list(doc_desc.items()):
        if d is not None and not d.year:
            doc_desc[doc_id] = res.complete_year(d, None)
    marks.append(("years", time.perf_counter()))
    # Short forms: antecedent, same document, same file, then archive-wide.
    by_doc: dict[str, list[_Cit]] = defaultdict(list)
    for c in out:
        by_doc[c.doc_id].append(c)
    by_file: dict[str, list[_Cit]] = defaultdict(list)
    for doc_id in sorted(by_doc):
        fid = (doc_by_id.get(doc_id) or {}).get("file_id")
        if fid:
            by_file[fid].extend(by_doc[doc_id])
    for doc_id in sorted(by_doc):
        rows = sorted(by_doc[doc_id], key=lambda c: c.seq)
        by_seq = {c.seq: c for c in rows}
        fid = (doc_by_id.get(doc_id) or {}).get("file_id")
        for c in rows:
            d = c.desc
            if d is not None and d.symbol is not None:
                continue
            c.short = True
            if (
                c.antecedent is not None
                and c.antecedent in by_seq
                and by_seq[c.antecedent].desc is not None
            ):
                a = by_seq[c.antecedent].desc
                if a is not None and a.symbol is not None:
                    c.desc = a
                    continue
            if d is None:
                continue
            found = _nearest_full(d, c.seq, rows) or (
                _nearest_full(d, None, [x for x in by_file.get(fid, []) if x.doc_id != doc_id])
                if fid
                else None
            )
            c.desc = found or res.complete_short(d, c.ctx)
    marks.append(("short forms", time.perf_counter()))
    # Numberless mentions: an attachment's parent, or a dated document of the same file.
    docs_of_file: dict[str, list[dict]] | None = None
    key_of: dict[int, str] = {}  # descriptor object -> key (a property: built once each)
    for c in out:
        if c.desc is not None:
            k = key_of.get(id(c.desc))
            if k is None:
                k = key_of[id(c.desc)] = c.desc.key
            c.key = k
            continue
        if docs_of_file is None:
            docs_of_file = defaultdict(list)
            for d in sorted(docs, key=lambda d: (d.get("ordinal") or 0, d["doc_id"])):
                if d.get("file_id"):
                    docs_of_file[d["file_id"]].append(d)
        c.key = _numberless_key(c, doc_by_id, doc_desc, docs_of_file)
    marks.append(("keys", time.perf_counter()))
    log.debug(
        "resolve_rows: %s",
        ", ".join(f"{n} {t - marks[i][1]:.2f}s" for i, (n, t) in enumerate(marks[1:])),
    )
    return doc_desc, out, res


def _fill_provinces(docs: Sequence[dict], ctx_of: dict[str, Context], ref: Reference) -> None:
    """A district body's document names no province ("UBND huyện Mộ Đức", place "Mộ
    Đức"): take it from other archive documents of the same district whose province is
    known, else from the province its addressees and text name most often."""
    for _ in range(2):  # a second pass uses what the first learned
        _fill_provinces_once(docs, ctx_of, ref)


def _fill_provinces_once(docs: Sequence[dict], ctx_of: dict[str, Context], ref: Reference) -> None:
    learned: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        c = ctx_of[d["doc_id"]]
        if c.province:
            for dist in (
                c.district,
                district_in(d.get("issuer"), ref),
                _place_slug(d.get("place"), ref),
            ):
                if dist:
                    learned[dist][c.province] += 1
    for d in docs:
        c = ctx_of[d["doc_id"]]
        if c.province:
            continue
        prov = None
        for dist in (
            c.district,
            district_in(d.get("issuer"), ref),
            district_in(d.get("issuer_parent"), ref),
            _place_slug(d.get("place"), ref),
            district_in((d.get("text") or "")[:600], ref),
        ):
            if dist and learned.get(dist):
                prov = sorted(learned[dist].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                break
        if prov is None:
            named = Counter()
            for text in [*(d.get("recipients") or []), d.get("text") or ""]:
                g = gazetteer(ref)
                for m in g.province_re.finditer(fold(text)):
                    named[g.province_of[m.group(1)].name] += 1  # type: ignore[attr-defined]
            if named:
                prov = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if prov:
            district = c.district or district_in(d.get("issuer"), ref)
            ctx_of[d["doc_id"]] = Context(prov, district, c.file_id, c.year)
            log.debug("%s: province %s inferred", d["doc_id"], prov)


def _place_slug(place: str | None, ref: Reference) -> str | None:
    if not place or province_in(place, ref):
        return None
    return slug(place) or None


def _compatible_type(short: Descriptor, full: Descriptor) -> bool:
    """ "Công văn số 765" may abbreviate "765/HD-CAT"; any type word may abbreviate a
    symbol without type code ("Hướng dẫn số 1527" for "1527/CAT-PV01")."""
    return (
        short.type_code == full.type_code
        or (short.type_code, full.type_code) in SHORT_TYPE_PAIRS
        or full.type_code == "CV"
        or short.type_code == "CV"
        and full.type_code in ("HD", "TB", "BC", "KH")
    )


def _nearest_full(d: Descriptor, seq: int | None, rows: Sequence[_Cit]) -> Descriptor | None:
    """The full mention with the same number and type, nearest before ``seq`` (else after)."""
    best: tuple[int, Descriptor] | None = None
    for c in rows:
        f = c.desc
        if f is None or f.symbol is None or f.number != d.number or not _compatible_type(d, f):
            continue
        if d.issuer and f.issuer and d.issuer != f.issuer:
            continue
        dist = 0 if seq is None else (seq - c.seq if c.seq < seq else 10_000 + c.seq - seq)
        if best is None or dist < best[0]:
            best = (dist, f)
    return best[1] if best else None


def _numberless_key(c: _Cit, doc_by_id: dict, doc_desc: dict, docs_of_file: dict) -> str:
    """An attachment's parent, else a document of the same file with that type and date."""
    me = doc_by_id.get(c.doc_id) or {}
    parent = me.get("parent_doc_id")
    if c.relation == "attached_to" and parent in doc_by_id:
        return _doc_node_key(parent, doc_desc)
    same_file = [d for d in docs_of_file.get(me.get("file_id"), ()) if d["doc_id"] != c.doc_id]
    want = fold(c.doc_type or "")
    for d in same_file:
        same_type = not want or fold(d.get("doc_type") or "") == want
        same_date = not c.cited_date or _iso(d.get("issued_date")) == c.cited_date
        before = c.relation != "attached_to" or (d.get("ordinal") or 0) < (me.get("ordinal") or 0)
        if same_type and same_date and before:
            return _doc_node_key(d["doc_id"], doc_desc)
    return f"?/{c.doc_id}#{c.seq}"


def _doc_node_key(doc_id: str, doc_desc: dict) -> str:
    d = doc_desc.get(doc_id)
    return d.key if d is not None else f"DOC/{doc_id}"


def reference_descriptor(
    ref_str: str,
    doc_type: str | None,
    when: str | None,
    ref: Reference,
    province: str | None = None,
) -> Descriptor:
    """Descriptor of a document named in reference data or a registry."""
    ctx = Context(province=province)
    issuer = f"UBND tỉnh {province}" if province else None
    return citation_key(
        doc_type=doc_type,
        number=ref_str,
        symbol=None,
        cited_date=when,
        cited_issuer=issuer,
        context=ctx,
        ref=ref,
    )


def anchor_descriptor(anchor, ref: Reference) -> Descriptor:  # noqa: ANN001 - reference.Anchor
    d = reference_descriptor(
        anchor.ref, anchor.doc_type, str(anchor.year) if anchor.year else None, ref, anchor.province
    )
    return d


# ---------------------------------------------------------------------------
# rebuild_graph
# ---------------------------------------------------------------------------
def rebuild_graph(
    con: duckdb.DuckDBPyConnection, *, reference_dir: Path | None = None, index_text: bool = True
) -> GraphStats:
    """(Re)build the citation graph from ``documents`` and ``citations``.

    Sets ``citations.target_key`` for every row and rewrites ``nodes``, ``doc_nodes``,
    ``edges``, ``campaigns``, ``campaign_anchors``, ``campaign_documents`` and the
    ``ref_*`` tables. Idempotent and deterministic: a re-run gives identical tables.

    Args:
        con: an open, writable connection to the archive.
        reference_dir: folder with the reference YAML files (default ``pipeline/data``).
        index_text: also rebuild the full-text index of ``documents`` (pipeline.search).
    Returns:
        counts of what was built.
    """
    t0 = time.perf_counter()
    progress = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")  # no bars on the nightly's stderr
    try:
        return _rebuild(con, reference_dir, index_text, t0)
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if progress else 'false'}")


def _rebuild(
    con: duckdb.DuckDBPyConnection, reference_dir: Path | None, index_text: bool, t0: float
) -> GraphStats:
    from pipeline import campaigns as campaigns_mod

    ref = load(Path(reference_dir) if reference_dir else None)
    ensure_schema(con)
    load_into(con, ref)
    docs = _fetch_dicts(
        con,
        "SELECT doc_id, file_id, ordinal, doc_type, number, symbol, ref, issued_date,"
        " issued_year, place,"
        " issuer, issuer_parent, subject, parent_doc_id, province, recipients,"
        " CASE WHEN province IS NULL THEN left(text, 3000) END AS text FROM documents ORDER BY"
        " doc_id",
    )
    cits = _fetch_dicts(
        con,
        "SELECT doc_id, seq, doc_type, number, symbol, cited_date, cited_year, cited_issuer,"
        " relation,"
        " antecedent_seq FROM citations ORDER BY doc_id, seq",
    )
    registry_rows = _fetch_dicts(
        con,
        "SELECT province, so_ky_hieu, issued_date, title, target_key FROM registry ORDER BY ALL",
    )
    reg_desc = [
        reference_descriptor(r["so_ky_hieu"], None, _iso(r["issued_date"]), ref, r["province"])
        for r in registry_rows
    ]
    marks = [("start", t0), ("read", time.perf_counter())]  # logged at debug level
    doc_desc, out, _res = resolve_rows(docs, cits, ref, reg_desc)
    marks.append(("resolve", time.perf_counter()))
    doc_key = {
        doc_id: (d.key if d is not None else f"DOC/{doc_id}") for doc_id, d in doc_desc.items()
    }

    con.execute("BEGIN TRANSACTION")
    try:
        # Dropping and re-creating is much faster than deleting every row of indexed tables.
        for t in GRAPH_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {t}")
        ensure_schema(con)
        _write_citation_keys(con, out)
        marks.append(("citation keys", time.perf_counter()))
        _write_nodes(con, ref, docs, doc_desc, doc_key, out, registry_rows, reg_desc)
        marks.append(("nodes", time.perf_counter()))
        _write_edges(con)
        marks.append(("edges", time.perf_counter()))
        n_camp, n_cd = campaigns_mod.rebuild_campaigns(con, ref)
        marks.append(("campaigns", time.perf_counter()))
        con.execute("COMMIT")
        marks.append(("commit", time.perf_counter()))
    except Exception:
        con.execute("ROLLBACK")
        raise
    if index_text:
        from pipeline.search import build_index

        build_index(con)
    marks.append(("text index", time.perf_counter()))
    log.debug(
        "rebuild_graph: %s",
        ", ".join(f"{n} {t - marks[i][1]:.2f}s" for i, (n, t) in enumerate(marks[1:])),
    )
    short = sum(1 for c in out if c.short and c.desc is not None and c.desc.symbol is not None)
    unresolved = sum(1 for c in out if c.key and "?" in c.key)
    stats = GraphStats(
        documents=len(docs),
        citations=len(out),
        nodes=con.execute("SELECT count(*) FROM nodes").fetchone()[0],
        edges=con.execute("SELECT count(*) FROM edges").fetchone()[0],
        resolved_short=short,
        unresolved=unresolved,
        campaigns=n_camp,
        campaign_documents=n_cd,
        seconds=round(time.perf_counter() - t0, 3),
    )
    log.info("graph rebuilt: %s", stats)
    return stats


def _write_citation_keys(con: duckdb.DuckDBPyConnection, out: list[_Cit]) -> None:
    import pandas as pd

    df = pd.DataFrame(
        {"doc_id": [c.doc_id for c in out], "seq": [c.seq for c in out], "k": [c.key for c in out]}
    )
    con.register("_vt_keys", df)
    try:
        con.execute("UPDATE citations SET target_key = NULL WHERE target_key IS NOT NULL")
        con.execute(
            "UPDATE citations SET target_key = k.k FROM _vt_keys k WHERE citations.doc_id ="
            " k.doc_id AND citations.seq = k.seq"
        )
    finally:
        con.unregister("_vt_keys")


# What the citations of each node say, most common value first (ties: the longer, then
# the smaller string), computed in SQL over the keys just written to citations.
CITATION_STATS_SQL = """
    WITH c AS (
        SELECT target_key AS k, doc_id, doc_type, CAST(cited_date AS VARCHAR) AS d, cited_issuer
        FROM citations WHERE target_key IS NOT NULL),
    base AS (SELECT k, count(*)::INTEGER AS mentions, count(DISTINCT doc_id)::INTEGER AS cited_by
             FROM c GROUP BY k),
    ty AS (SELECT k, arg_min(v, {'n': -n, 'l': -length(v), 'v': v}) AS v FROM (
             SELECT k, doc_type AS v, count(*) AS n FROM c WHERE coalesce(doc_type, '') <> ''
             GROUP BY ALL) GROUP BY k),
    dt AS (SELECT k, arg_min(v, {'n': -n, 'v': v}) AS v FROM (
             SELECT k, d AS v, count(*) AS n FROM c WHERE d IS NOT NULL GROUP BY ALL) GROUP BY k),
    iss AS (SELECT k, arg_min(v, {'n': -n, 'l': -length(v), 'v': v}) AS v FROM (
             SELECT k, cited_issuer AS v, count(*) AS n FROM c
             WHERE coalesce(cited_issuer, '') <> '' GROUP BY ALL) GROUP BY k)
    SELECT base.k, base.mentions, base.cited_by, ty.v, dt.v, iss.v
    FROM base LEFT JOIN ty USING (k) LEFT JOIN dt USING (k) LEFT JOIN iss USING (k)
"""


def _scope_label(scope: str) -> str:
    if not scope:
        return "national"
    if scope.startswith("unknown"):
        return "unknown"
    return "district" if "/" in scope else "province"


def _write_nodes(
    con, ref: Reference, docs, doc_desc, doc_key, out, registry_rows, reg_desc
) -> None:  # noqa: ANN001, PLR0913
    import pandas as pd

    prov_by_slug = {p.slug: p for p in ref.provinces}
    nodes: dict[str, dict] = {}

    def node(key: str, d: Descriptor | None) -> dict:
        n = nodes.get(key)
        if n is None:
            prov = prov_by_slug.get((d.scope.split("/")[0] if d else "") or "")
            n = nodes[key] = {
                "target_key": key,
                "doc_type": None,
                "number": d.number if d else None,
                "symbol": d.symbol if d else None,
                "year": d.year if d else None,
                "issuer": None,
                "title": None,
                "doc_id": None,
                "ref": d.printed if d and d.symbol else None,
                "issued_date": None,
                "scope": _scope_label(d.scope) if d else "archive",
                "province": prov.name if prov else None,
                "province_2025": prov.since_2025 if prov else None,
                "source": None,
                "cited_by": 0,
                "mentions": 0,
            }
        return n

    for d in sorted(docs, key=lambda r: r["doc_id"]):
        k = doc_key[d["doc_id"]]
        n = node(k, doc_desc.get(d["doc_id"]))
        if n["doc_id"] is None:
            n.update(
                doc_id=d["doc_id"],
                doc_type=d.get("doc_type"),
                issuer=d.get("issuer"),
                title=d.get("subject"),
                issued_date=_iso(d.get("issued_date")),
                source="archive",
            )
            if d.get("ref") or (d.get("number") and d.get("symbol")):
                n["ref"] = d.get("ref") or f"{d['number']}/{d['symbol']}"
            if d.get("issued_year") and not n["year"]:
                n["year"] = d["issued_year"]
            if n["province"] is None:
                p = province_in(d.get("province"), ref) or province_in(d.get("issuer"), ref)
                if p:
                    n["province"] = p
                    n["province_2025"] = next(
                        (x.since_2025 for x in ref.provinces if x.name == p), None
                    )
    for r in ref.documents:
        d = reference_descriptor(r.ref, r.doc_type, r.date, ref)
        n = node(d.key, d)
        if n["source"] is None:
            n.update(
                doc_type=r.doc_type,
                issuer=r.issuer,
                title=r.title,
                issued_date=r.date,
                source="reference",
            )
            n["ref"] = r.ref
    for c in out:
        if c.key not in nodes:
            node(c.key, c.desc)
    stats = {r[0]: r[1:] for r in con.execute(CITATION_STATS_SQL).fetchall()}
    for r, d in zip(registry_rows, reg_desc, strict=True):
        n = nodes.get(d.key)
        if n is not None and n["source"] is None:  # archive and reference data come first
            n.update(
                title=r["title"],
                issued_date=_iso(r["issued_date"]),
                source="registry",
                issuer=f"UBND tỉnh {r['province']}",
                ref=r["so_ky_hieu"],
            )
    g = gazetteer(ref)
    rows = []
    for key in sorted(nodes):
        n = nodes[key]
        mentions, cited_by, c_type, c_date, c_issuer = stats.get(key, (0, 0, None, None, None))
        n["mentions"], n["cited_by"] = mentions, cited_by
        if n["source"] is None:
            n["source"] = "citation"
            n["doc_type"], n["issued_date"], n["issuer"] = c_type, c_date, c_issuer
            if n["issuer"] and n["province"] and not province_in(n["issuer"], ref):
                n["issuer"] = f"{n['issuer']} ({n['province']})"
        if n["doc_type"] is None and key.split("/")[0] in g.type_name_of_code:
            n["doc_type"] = g.type_name_of_code[key.split("/")[0]]
        if n["year"] is None and n["issued_date"]:
            n["year"] = int(str(n["issued_date"])[:4])
        rows.append(n)
    df = pd.DataFrame(
        rows,
        columns=[
            "target_key",
            "doc_type",
            "number",
            "symbol",
            "year",
            "issuer",
            "title",
            "doc_id",
            "ref",
            "issued_date",
            "scope",
            "province",
            "province_2025",
            "source",
            "cited_by",
            "mentions",
        ],
    )
    df["issued_date"] = pd.to_datetime(df["issued_date"], errors="coerce").dt.date
    df["year"] = df["year"].astype("Int64")
    df["node_id"] = range(1, len(df) + 1)  # rows are in target_key order
    con.execute("DELETE FROM nodes")
    con.register("_vt_nodes", df)
    try:
        con.execute("INSERT INTO nodes SELECT * FROM _vt_nodes ORDER BY target_key")
    finally:
        con.unregister("_vt_nodes")
    dn = pd.DataFrame(sorted(doc_key.items()), columns=["doc_id", "target_key"])
    con.execute("DELETE FROM doc_nodes")
    con.register("_vt_dn", dn)
    try:
        con.execute(
            "INSERT INTO doc_nodes SELECT d.doc_id, d.target_key,"
            " row_number() OVER (ORDER BY d.doc_id), n.node_id"
            " FROM _vt_dn d JOIN nodes n ON n.target_key = d.target_key ORDER BY d.doc_id"
        )
    finally:
        con.unregister("_vt_dn")


def _write_edges(con) -> None:  # noqa: ANN001
    """Edges from citations (keys set) and doc_nodes, in SQL: one row per (document, node)."""
    strength = " ".join(f"WHEN '{r}' THEN {RELATION_STRENGTH[r]}" for r in RELATIONS)
    names = " ".join(f"WHEN {v} THEN '{k}'" for k, v in RELATION_STRENGTH.items())
    con.execute(
        f"""
        INSERT INTO edges
        SELECT a.doc_id, a.target_key,
               CASE a.strength {names} END, a.mentions, n.node_id, a.doc_no, a.strength
        FROM (
            SELECT c.doc_id, c.target_key, any_value(dn.doc_no) AS doc_no,
                   max(CASE c.relation {strength} ELSE 1 END)::INTEGER AS strength,
                   count(*)::INTEGER AS mentions
            FROM citations c JOIN doc_nodes dn ON dn.doc_id = c.doc_id
            -- a document's own number is no citation
            WHERE c.target_key IS NOT NULL AND c.target_key <> dn.target_key
            GROUP BY c.doc_id, c.target_key
        ) a JOIN nodes n ON n.target_key = a.target_key
        ORDER BY a.doc_id, a.target_key
        """
    )
