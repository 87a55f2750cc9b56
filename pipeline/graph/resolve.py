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
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb

from pipeline.graph.keys import (
    SCHEMA_SQL,
    YEAR_PREFIX,
    Context,
    Descriptor,
    _cache_context,
    _citation_key,
    citation_key,
    context_of,
    district_in,
    document_key,
    gazetteer,
    province_in,
)
from pipeline.graph.reference import Reference, fold, slug

log = logging.getLogger(__name__)


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
    # its own number (canonical): what its resolution depends on, with the antecedent
    # and the file (pipeline.graph.incremental updates by number)
    token: str | None = None
    # its own descriptor's family when it is complete but yearless (type|number|symbol|scope):
    # a year learned elsewhere for that family may change its key
    fam: str | None = None


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
    # doc_id -> family of its own yearless descriptor (see _Cit.fam)
    doc_fams: dict[str, str] = field(default_factory=dict, repr=False)

    def descriptors(self) -> set[Descriptor]:
        """Every complete descriptor known (what short and yearless mentions look up)."""
        return {d for ds in self.by_number.values() for d in ds}

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


def family(d: Descriptor) -> str:
    """The key under which a descriptor's known years are kept."""
    return f"{d.type_code}|{d.number}|{d.symbol}|{d.scope}"


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
    docs: Sequence[dict],
    cits: Sequence[dict],
    ref: Reference,
    registry: Iterable[Descriptor] = (),
    contexts: dict[str, Context] | None = None,
) -> tuple[dict[str, Descriptor | None], list[_Cit], Resolver]:
    """Pure core of :func:`rebuild_graph`: descriptors of documents and citations.

    ``docs`` rows have the columns of ``documents``; ``cits`` those of ``citations``.
    ``contexts`` (doc_id -> Context, as :func:`fill_contexts` gives them) when already
    known; else they are computed from ``docs``.
    Returns (doc_id -> descriptor, citations with ``key`` set, the resolver).
    """
    marks = [("start", time.perf_counter())]  # phase times, logged at debug level
    res = Resolver(ref)
    for d in registry:
        res.add(d)
    for r in ref.documents:
        res.add(reference_descriptor(r.ref, r.doc_type, r.date, ref))
    doc_desc: dict[str, Descriptor | None] = {}
    doc_by_id = {d["doc_id"]: d for d in docs}
    if contexts is None:
        contexts = fill_contexts([doc_features(d, ref) for d in docs])
    ctx_of: dict[str, Context] = contexts
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
                token=desc.number if desc is not None else None,
                fam=family(desc) if desc is not None and desc.symbol and not desc.year else None,
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
            if d.symbol is not None:
                res.doc_fams[doc_id] = family(d)
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
            found = _nearest_full(d, c.seq, rows, ref) or (
                _nearest_full(d, None, [x for x in by_file.get(fid, []) if x.doc_id != doc_id], ref)
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


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """What the province of a document's context is inferred from, computed once per
    document (and kept in ``graph_doc_state``, so a nightly update need not re-read every
    document's text)."""

    doc_id: str
    file_id: str | None
    year: int | None
    province: str | None  # named by the document itself (context_of)
    district: str | None
    issuer_district: str | None  # district_in(issuer)
    parent_district: str | None  # district_in(issuer_parent)
    place_district: str | None  # _place_slug(place)
    text_district: str | None  # district_in(text[:600]); only when province is None
    named: str | None  # the province its addressees and text name most; only then too


def doc_features(d: dict, ref: Reference) -> DocFeatures:
    c = context_of(
        d.get("province"),
        d.get("place"),
        d.get("issuer"),
        d.get("issuer_parent"),
        d.get("file_id"),
        d.get("issued_year"),
        ref,
    )
    text_district = named = None
    if not c.province:
        text_district = district_in((d.get("text") or "")[:600], ref)
        counts = Counter()
        g = gazetteer(ref)
        for text in [*(d.get("recipients") or []), d.get("text") or ""]:
            for m in g.province_re.finditer(fold(text)):
                counts[g.province_of[m.group(1)].name] += 1  # type: ignore[attr-defined]
        if counts:
            named = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return DocFeatures(
        d["doc_id"],
        c.file_id,
        c.year,
        c.province,
        c.district,
        district_in(d.get("issuer"), ref),
        district_in(d.get("issuer_parent"), ref),
        _place_slug(d.get("place"), ref),
        text_district,
        named,
    )


def fill_contexts(
    features: Sequence[DocFeatures], known: dict[str, Counter] | None = None
) -> dict[str, Context]:
    """Every document's context. A district body's document names no province ("UBND
    huyện Mộ Đức", place "Mộ Đức"): take it from other archive documents of the same
    district whose province is known, else from the province its addressees and text
    name most often. A second pass uses what the first learned.

    ``known``: district -> provinces counted from documents not in ``features`` that all
    name their province (an update adds them instead of reading them all)."""
    ctx = {f.doc_id: Context(f.province, f.district, f.file_id, f.year) for f in features}
    for _ in range(2):
        learned: dict[str, Counter] = defaultdict(Counter)
        for dist, counts in (known or {}).items():
            learned[dist].update(counts)
        for f in features:
            c = ctx[f.doc_id]
            if c.province:
                for dist in (c.district, f.issuer_district, f.place_district):
                    if dist:
                        learned[dist][c.province] += 1
        for f in features:
            c = ctx[f.doc_id]
            if c.province:
                continue
            prov = None
            for dist in (
                c.district,
                f.issuer_district,
                f.parent_district,
                f.place_district,
                f.text_district,
            ):
                if dist and learned.get(dist):
                    prov = sorted(learned[dist].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                    break
            if prov is None:
                prov = f.named
            if prov:
                ctx[f.doc_id] = Context(prov, c.district or f.issuer_district, c.file_id, c.year)
                log.debug("%s: province %s inferred", f.doc_id, prov)
    return ctx


def _place_slug(place: str | None, ref: Reference) -> str | None:
    if not place or province_in(place, ref):
        return None
    return slug(place) or None


def _compatible_type(short: Descriptor, full: Descriptor, ref: Reference) -> bool:
    """ "Công văn số 765" may abbreviate "765/HD-CAT"; any type word may abbreviate a
    symbol without type code ("Hướng dẫn số 1527" for "1527/CAT-PV01"); "Kế hoạch số 90"
    may abbreviate "90/KHPH-…" (``shortens_to`` and ``keyed_apart`` in doc_types.yaml)."""
    return (
        short.type_code == full.type_code
        or (short.type_code, full.type_code) in ref.short_type_pairs
        or full.type_code == "CV"
        or short.type_code == "CV"
        and full.type_code in ("HD", "TB", "BC", "KH")
    )


def _nearest_full(
    d: Descriptor, seq: int | None, rows: Sequence[_Cit], ref: Reference
) -> Descriptor | None:
    """The full mention with the same number and type, nearest before ``seq`` (else after)."""
    best: tuple[int, Descriptor] | None = None
    for c in rows:
        f = c.desc
        if f is None or f.symbol is None or f.number != d.number or not _compatible_type(d, f, ref):
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
