"""Score extracted documents against a gold file (format ``gold-v1``).

The rules (issue #2):

* A gold entry's ``source`` matches an input file by its name without the extension,
  so the same gold scores the text files and, in another database, their scans.
  Documents align by ordinal.
* Fields compare after NFC, case-folding and whitespace collapsing; ``issuer`` and
  ``subject`` by string similarity >= 0.85; an empty gold value is right only when the
  prediction is empty too. The score is the mean over all scored values.
* Citations compare as distinct cited documents per citing document, matched on type,
  number, and year where both sides know it. A cited document's relation is the
  strongest among its mentions (answers > based_on > attached_to > repeals > amends > cites).
  A gold relation that is null (more than one reading defensible) is not scored.

Predictions are plain dicts shaped like gold documents; :func:`record_to_gold` and
:func:`predictions_from_db` make them from extractor records or from a database.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from schemas.records import RELATION_STRENGTH, DocumentRecord

SCORED_FIELDS = ("doc_type", "number+symbol", "issued_date", "place", "issuer", "subject", "signer")
# Reported but not part of the mean.
EXTRA_FIELDS = ("issuer_parent", "signer_title", "recipients", "arrival", "period")
FUZZY_FIELDS = {"issuer", "subject", "issuer_parent"}
FUZZY_THRESHOLD = 85.0


def norm(value: Any) -> str:
    """NFC, case-folded, whitespace collapsed; None and '' become ''."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = unicodedata.normalize("NFC", str(value)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _same(name: str, gold: Any, pred: Any) -> bool:
    g, p = norm(gold), norm(pred)
    if not g:
        return not p
    if name in FUZZY_FIELDS:
        return fuzz.ratio(g, p) >= FUZZY_THRESHOLD
    return g == p


def _field_value(doc: Mapping[str, Any], name: str) -> Any:
    if name == "number+symbol":
        num, sym = doc.get("number"), doc.get("symbol")
        if not num and not sym:
            return None
        return f"{norm(num)}|{norm(sym).replace(' ', '')}"
    if name in ("signer", "signer_title"):
        if "signers" not in doc and ("signer_name" in doc or "signer_title" in doc):
            # a gold entry may name only the signer with authority
            return doc.get("signer_name" if name == "signer" else "signer_title")
        signers = doc.get("signers") or []
        if not signers:
            return None
        # The signer with authority is the last one (for minutes: the chair).
        return signers[-1].get("name" if name == "signer" else "title")
    if name == "arrival":
        arr = doc.get("arrival") or {}
        return "|".join(norm(arr.get(k)) for k in ("number", "date")) if arr else None
    return doc.get(name)


def _recorded(gdoc: Mapping[str, Any], name: str) -> bool:
    """Whether a gold entry records a field at all (a key with null counts as recorded)."""
    if name == "number+symbol":
        return "number" in gdoc or "symbol" in gdoc
    if name in ("signer", "signer_title"):
        return "signers" in gdoc or "signer_name" in gdoc or "signer_title" in gdoc
    return name in gdoc


# --- citations ------------------------------------------------------------------


def _cit_key(c: Mapping[str, Any]) -> tuple[str, str]:
    return norm(c.get("doc_type")), norm(c.get("number"))


def distinct_citations(
    cits: Iterable[Mapping[str, Any]], keep_unscored: bool = False
) -> list[dict[str, Any]]:
    """Group mentions into distinct cited documents; keep the strongest relation.

    Mentions with a ``target_key`` group by it; otherwise by (type, number, symbol)
    with a mention lacking year/symbol joining the one that has them. A mention without
    a relation counts as ``cites``, except in gold with ``keep_unscored``: there a null
    relation means "more than one reading is defensible" and stays None (not scored)
    unless another mention of the same document names one.
    """
    default = None if keep_unscored else "cites"
    groups: list[dict[str, Any]] = []
    by_target: dict[str, dict[str, Any]] = {}
    for c in cits:
        c = dict(c)
        key = c.get("target_key")
        grp = by_target.get(key) if key else None
        if grp is None:
            for g in groups:
                if _cit_key(g) != _cit_key(c):
                    continue
                # blank-numbered documents are the same only if their symbols agree
                if (
                    not g["number"]
                    and not c.get("number")
                    and norm(g.get("symbol")) != norm(c.get("symbol"))
                ):
                    continue
                ys = (g.get("year"), c.get("year"))
                ss = (norm(g.get("symbol")), norm(c.get("symbol")))
                if None not in ys and ys[0] != ys[1]:
                    continue
                if all(ss) and ss[0] != ss[1] and not (ss[0] in ss[1] or ss[1] in ss[0]):
                    continue
                grp = g
                break
        if grp is None:
            grp = {
                "doc_type": c.get("doc_type"),
                "number": c.get("number"),
                "symbol": c.get("symbol"),
                "year": c.get("year"),
                "relation": c.get("relation") or default,
            }
            groups.append(grp)
        else:
            grp["year"] = grp.get("year") or c.get("year")
            grp["symbol"] = grp.get("symbol") or c.get("symbol")
            rel = c.get("relation") or default
            if rel is not None and (
                grp["relation"] is None
                or RELATION_STRENGTH.get(rel, 0) > RELATION_STRENGTH.get(grp["relation"], 0)
            ):
                grp["relation"] = rel
        if key:
            by_target[key] = grp
    return groups


def _cit_match(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    if _cit_key(g) != _cit_key(p):
        return False
    gy, py = g.get("year"), p.get("year")
    return gy is None or py is None or int(gy) == int(py)


# --- report ---------------------------------------------------------------------


@dataclass
class Report:
    gold_name: str = ""
    documents_gold: int = 0
    documents_found: int = 0
    documents_extra: int = 0
    field_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    field_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cit_gold: int = 0
    cit_pred: int = 0
    cit_match: int = 0
    rel_right: int = 0
    rel_scored: int = 0  # matched citations whose gold relation is not null
    misses: list[dict[str, Any]] = field(default_factory=list)
    sources_missing: list[str] = field(default_factory=list)

    @property
    def field_score(self) -> float:
        total = sum(self.field_total[f] for f in SCORED_FIELDS)
        right = sum(self.field_right[f] for f in SCORED_FIELDS)
        return right / total if total else 0.0

    def accuracy(self, name: str) -> float | None:
        t = self.field_total.get(name, 0)
        return self.field_right.get(name, 0) / t if t else None

    @property
    def precision(self) -> float:
        return self.cit_match / self.cit_pred if self.cit_pred else 0.0

    @property
    def recall(self) -> float:
        return self.cit_match / self.cit_gold if self.cit_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def relation_accuracy(self) -> float:
        return self.rel_right / self.rel_scored if self.rel_scored else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_name,
            "documents": {
                "gold": self.documents_gold,
                "found": self.documents_found,
                "extra": self.documents_extra,
            },
            "field_score": round(self.field_score, 4),
            "fields": {
                f: self.accuracy(f)
                for f in (*SCORED_FIELDS, *EXTRA_FIELDS)
                if self.accuracy(f) is not None
            },
            "citations": {
                "gold": self.cit_gold,
                "predicted": self.cit_pred,
                "matched": self.cit_match,
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
                "f1": round(self.f1, 4),
                "relation_accuracy": round(self.relation_accuracy, 4),
            },
            "sources_missing": self.sources_missing,
            "misses": self.misses,
        }


def score(
    gold: Mapping[str, Any], predicted: Mapping[str, list[Mapping[str, Any]]], gold_name: str = ""
) -> Report:
    """Score predictions (keyed by source name without extension) against a gold dict."""
    rep = Report(gold_name=gold_name)
    for gfile in gold.get("files", []):
        stem = Path(gfile["source"]).stem
        preds = predicted.get(stem)
        if preds is None:
            rep.sources_missing.append(gfile["source"])
            preds = []
        by_ord = {int(p.get("ordinal", i + 1)): p for i, p in enumerate(preds)}
        rep.documents_extra += max(0, len(preds) - len(gfile["documents"]))
        for gdoc in gfile["documents"]:
            rep.documents_gold += 1
            pdoc = by_ord.get(int(gdoc["ordinal"]))
            if pdoc is not None:
                rep.documents_found += 1
            pdoc = pdoc or {}
            where = f"{gfile['source']}#{gdoc['ordinal']}"
            for name in (*SCORED_FIELDS, *EXTRA_FIELDS):
                if not _recorded(gdoc, name):
                    continue  # the gold does not record this field (null is recorded)
                gv, pv = _field_value(gdoc, name), _field_value(pdoc, name)
                ok = _same(name, gv, pv)
                rep.field_total[name] += 1
                rep.field_right[name] += ok
                if not ok:
                    rep.misses.append({"where": where, "field": name, "gold": gv, "predicted": pv})
            if "citations" not in gdoc:
                continue  # this gold entry does not record citations: nothing to score
            gc = distinct_citations(
                ({**c, "year": c.get("year")} for c in gdoc.get("citations", [])),
                keep_unscored=True,
            )
            pc = distinct_citations(pdoc.get("citations", []))
            rep.cit_gold += len(gc)
            rep.cit_pred += len(pc)
            unmatched = list(pc)
            for g in gc:
                hit = next((p for p in unmatched if _cit_match(g, p)), None)
                if hit is None:
                    rep.misses.append(
                        {
                            "where": where,
                            "field": "citation",
                            "gold": _cit_str(g),
                            "predicted": None,
                        }
                    )
                    continue
                unmatched.remove(hit)
                rep.cit_match += 1
                if g["relation"] is None:
                    continue  # the gold leaves this relation open: not scored
                rep.rel_scored += 1
                if hit["relation"] == g["relation"]:
                    rep.rel_right += 1
                else:
                    rep.misses.append(
                        {
                            "where": where,
                            "field": "relation",
                            "gold": f"{_cit_str(g)} {g['relation']}",
                            "predicted": hit["relation"],
                        }
                    )
            for p in unmatched:
                rep.misses.append(
                    {"where": where, "field": "citation", "gold": None, "predicted": _cit_str(p)}
                )
    return rep


def _cit_str(c: Mapping[str, Any]) -> str:
    num = c.get("number") or ""
    sym = c.get("symbol") or ""
    ref = f"{num}/{sym}" if num and sym else (num or f"/{sym}" if sym else num)
    year = f" ({c['year']})" if c.get("year") else ""
    return f"{c.get('doc_type') or '?'} {ref}{year}".strip()


# --- adapters -------------------------------------------------------------------


def record_to_gold(doc: DocumentRecord) -> dict[str, Any]:
    """A DocumentRecord as a gold-shaped dict."""
    out: dict[str, Any] = {"ordinal": doc.ordinal}
    for name in (
        "doc_type",
        "number",
        "symbol",
        "issued_date",
        "place",
        "issuer",
        "issuer_parent",
        "subject",
        "period",
    ):
        out[name] = doc.value(name)
    out["signers"] = [{"name": s.name, "title": s.title} for s in doc.signers]
    if doc.value("signer_name") or doc.value("signer_title"):
        # the signer with authority goes last, as in the gold
        chief = {"name": doc.value("signer_name"), "title": doc.value("signer_title")}
        out["signers"] = [s for s in out["signers"] if s != chief] + [chief]
    out["recipients"] = list(doc.recipients)
    if doc.arrival is not None:
        out["arrival"] = {
            "receiver": doc.arrival.receiver,
            "number": doc.arrival.number,
            "date": doc.arrival.date,
        }
    cits = []
    for i, c in enumerate(doc.citations):
        root = i
        seen = set()
        while doc.citations[root].antecedent is not None and root not in seen:
            seen.add(root)
            root = doc.citations[root].antecedent  # type: ignore[assignment]
        cits.append(
            {
                "doc_type": c.doc_type,
                "number": c.number,
                "symbol": c.symbol,
                "year": c.cited_year,
                "relation": c.relation,
                "target_key": f"antecedent:{root}"
                if root != i or c.antecedent is not None
                else None,
            }
        )
    # mentions that other mentions point at share their key too
    roots = {c["target_key"] for c in cits if c["target_key"]}
    for i, c in enumerate(cits):
        if c["target_key"] is None and f"antecedent:{i}" in roots:
            c["target_key"] = f"antecedent:{i}"
    out["citations"] = cits
    return out


def predictions_from_db(con: Any) -> dict[str, list[dict[str, Any]]]:
    """Gold-shaped predictions from a vanthu database, keyed by source name stem."""
    cur = con.execute(
        """SELECT d.doc_id, d.source_path, d.ordinal, d.doc_type, d.number, d.symbol,
                  d.issued_date, d.issued_year, d.issued_month, d.place, d.issuer,
                  d.issuer_parent, d.subject, d.signer_name, d.signer_title, d.recipients,
                  d.period
           FROM documents d JOIN files f USING (file_id)
           ORDER BY d.source_path, d.ordinal"""
    )
    cols = [c[0] for c in cur.description]
    docs = cur.fetchall()
    cits: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in con.execute(
        "SELECT doc_id, doc_type, number, symbol, cited_year, relation, target_key "
        "FROM citations ORDER BY doc_id, seq"
    ).fetchall():
        cits[row[0]].append(
            dict(
                zip(
                    ("doc_type", "number", "symbol", "year", "relation", "target_key"),
                    row[1:],
                    strict=True,
                )
            )
        )
    signers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in con.execute(
        "SELECT doc_id, name, title FROM signers ORDER BY doc_id, seq"
    ).fetchall():
        signers[row[0]].append({"name": row[1], "title": row[2]})
    arrivals = {
        r[0]: {"receiver": r[1], "number": r[2], "date": str(r[3]) if r[3] else None}
        for r in con.execute(
            "SELECT doc_id, receiver, arrival_number, arrival_date FROM arrivals"
        ).fetchall()
    }
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in docs:
        d = dict(zip(cols, row, strict=True))
        if d["issued_date"] is not None:
            iso = d["issued_date"].isoformat()
        elif d["issued_year"] and d["issued_month"]:
            iso = f"{d['issued_year']:04d}-{d['issued_month']:02d}"
        elif d["issued_year"]:
            iso = f"{d['issued_year']:04d}"
        else:
            iso = None
        d["issued_date"] = iso
        sg = list(signers.get(d["doc_id"], []))
        chief = {"name": d["signer_name"], "title": d["signer_title"]}
        if chief["name"] or chief["title"]:
            sg = [s for s in sg if s != chief] + [chief]
        d["signers"] = sg
        d["recipients"] = list(d["recipients"] or [])
        d["citations"] = cits.get(d["doc_id"], [])
        if d["doc_id"] in arrivals:
            d["arrival"] = arrivals[d["doc_id"]]
        out[Path(d["source_path"]).stem].append(d)
    return dict(out)


def load_gold(path: str | Path) -> dict[str, Any]:
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    if gold.get("format") != "gold-v1":
        raise ValueError(f"{path}: not a gold-v1 file (format={gold.get('format')!r})")
    return gold


def score_records(
    gold: Mapping[str, Any], predicted: Mapping[str, list[DocumentRecord]], gold_name: str = ""
) -> Report:
    """Score extractor output directly (keyed by source name without extension)."""
    return score(gold, {k: [record_to_gold(d) for d in v] for k, v in predicted.items()}, gold_name)
