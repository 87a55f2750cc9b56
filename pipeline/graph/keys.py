"""Node keys: parsing a printed reference, a citation's or a document's key, scopes and
the gazetteer of issuers and provinces. Pure functions over reference data (no database).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.graph.reference import Reference, fold, load, nfc, slug

log = logging.getLogger(__name__)

SCHEMA_SQL = Path(__file__).resolve().parents[2] / "schemas" / "graph.sql"

GRAPH_TABLES = (
    "nodes",
    "doc_nodes",
    "edges",
    "campaigns",
    "campaign_anchors",
    "campaign_documents",
    "graph_doc_state",
    "graph_cit_state",
    "graph_resolver",
    "graph_meta",
    "doc_facets",
    "answered",
    "campaign_directing",
)
# A node's integer id, from its key: the same whether the graph was built whole or
# updated, so walks that break ties by id (campaigns) agree (63 bits: fits a BIGINT).
NODE_ID_SQL = "(hash({}) >> 1)::BIGINT"
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

# Type codes (which are normative, which a mention may shorten: "Kế hoạch số 90" for
# "Kế hoạch phối hợp 90/KHPH-BVĐKLA-CAT") and party codes are reference data:
# extractors/data/doc_types.yaml and issuers.yaml, read into ``Reference``.


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
    return set(ref.party_codes)


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
    # Normative types: a year in the symbol; national unless issued by a local council.
    normative = tcode in ref.normative_codes or bool(parsed and parsed.year)
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
