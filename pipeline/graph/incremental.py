"""The nightly update of the citation graph: only what the new documents touch.

A full build (:func:`pipeline.graph.build.rebuild_graph`) resolves every citation of the
archive; a night that adds ten files must not. :func:`update_graph` gives the same tables
as a full build (the test ``tests/test_graph_incremental.py`` checks it) by re-resolving
only what can have changed:

- the new files' documents and citations;
- old citations and documents whose resolution consulted what the new ones add: a short
  mention of a number a new complete descriptor carries, a yearless mention (or document)
  of a family (type, number, symbol, scope) that gains a year; with every document and
  citation of their files (a short form looks for its full form in its file);
- the nodes of every key those point to (before and after), the edges of those documents,
  and the campaigns when a changed edge touches one.

A citation resolves against the documents and citations of its own number only (short
forms, years) and those of its file; the stored resolver (``graph_resolver``: every complete
descriptor known) gives the descriptors of the numbers concerned without reading the
archive. Anything this path does not cover falls back to a full build, with the reason
logged: files read again (re-extraction, corrections), changed reference data, a new
document that changes the province inferred for an old one, or too many documents to
redo (``MAX_REDO``). The full-text index is not rebuilt here (``vanthu index``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb

from pipeline.graph import build
from pipeline.graph.reference import load
from pipeline.graph.resolve import (
    GraphStats,
    _Cit,
    _fetch_dicts,
    _table_exists,
    doc_features,
    family,
    fill_contexts,
    resolve_rows,
)

log = logging.getLogger(__name__)

MAX_REDO = 20_000  # documents to re-resolve beyond which a full build is as quick
PENDING_SQL = build.PENDING_SQL


def mark_files_changed(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    """Record files whose documents were (re)loaded: the next update takes them in.

    Kept in the archive, so a run whose graph update failed leaves them for the next."""
    con.execute(PENDING_SQL)
    if file_ids:
        con.execute(
            "INSERT INTO graph_pending SELECT DISTINCT unnest(?) ON CONFLICT DO NOTHING",
            [list(file_ids)],
        )


def _frame(col: str, values) -> object:  # noqa: ANN001
    import pandas as pd

    return pd.DataFrame({col: sorted(set(values))})


class _Full(Exception):
    """This update needs a full build (the message says why)."""


def update_graph(
    con: duckdb.DuckDBPyConnection, *, reference_dir: Path | None = None
) -> GraphStats | None:
    """Bring the graph up to date with the files loaded since it was built.

    Returns the stats of the update (or of the full build it fell back to); None when
    there was nothing to do.
    """
    t0 = time.perf_counter()
    con.execute(PENDING_SQL)
    pending = [r[0] for r in con.execute("SELECT file_id FROM graph_pending").fetchall()]
    try:
        if not _table_exists(con, "graph_meta") or not _table_exists(con, "nodes"):
            raise _Full("no graph built yet")
        if not pending:
            return None
        stats = _update(con, pending, reference_dir, t0)
    except _Full as why:
        log.info("citation graph: full build (%s)", why)
        return build.rebuild_graph(con, reference_dir=reference_dir, index_text=False)
    con.execute("DELETE FROM graph_pending")
    return stats


def _update(con, pending: list[str], reference_dir: Path | None, t0: float) -> GraphStats:  # noqa: ANN001, C901, PLR0915
    progress = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")
    try:
        return _update_inner(con, pending, reference_dir, t0)
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if progress else 'false'}")


def _update_inner(con, pending, reference_dir, t0) -> GraphStats:  # noqa: ANN001, C901, PLR0912, PLR0915
    marks = [("start", t0)]
    stored_ref = con.execute("SELECT value FROM graph_meta WHERE key = 'reference'").fetchone()
    if stored_ref is None or stored_ref[0] != build.reference_fingerprint(reference_dir):
        raise _Full("reference data changed")
    ref = load(Path(reference_dir) if reference_dir else None)
    con.register("_vt_files", _frame("f", pending))
    try:
        if con.execute(
            "SELECT count(*) FROM graph_doc_state WHERE file_id IN (SELECT f FROM _vt_files)"
        ).fetchone()[0]:
            raise _Full("files read again (re-extraction or corrections)")
        new_docs = _fetch_dicts(
            con,
            build.DOCS_SQL.format(where="WHERE file_id IN (SELECT f FROM _vt_files)")
            + " ORDER BY doc_id",
        )
    finally:
        con.unregister("_vt_files")
    if not new_docs:
        return _stats(con, t0, 0, 0)
    new_ids = [d["doc_id"] for d in new_docs]
    new_cits = _cits_of(con, new_ids)

    # Contexts: the province inferred for a district body's document depends on the
    # others; a new document that changes an old one's is left to a full build.
    new_feats = [doc_features(d, ref) for d in new_docs]
    if con.execute("SELECT count(*) FROM graph_doc_state WHERE province IS NULL").fetchone()[0]:
        # some old documents' provinces are inferred: all contexts again, then check
        # that none of the old ones changed
        feats = sorted([*build.read_features(con), *new_feats], key=lambda f: f.doc_id)
        contexts = fill_contexts(feats)
        for doc_id, prov, dist in con.execute(
            "SELECT doc_id, ctx_province, ctx_district FROM graph_doc_state"
        ).fetchall():
            c = contexts[doc_id]
            if (c.province, c.district) != (prov, dist):
                raise _Full(f"a new document changes the province inferred for {doc_id}")
    else:
        # every old document names its province: none can change, and what they teach
        # about the new ones' districts is a count
        feats = new_feats
        contexts = fill_contexts(new_feats, _district_provinces(con, new_feats))
    marks.append(("contexts", time.perf_counter()))

    # What the new documents add to the resolver, and the old mentions that consult it.
    new_ctx = {d: contexts[d] for d in new_ids}
    pre_desc, pre_out, pre_res = resolve_rows(new_docs, new_cits, ref, (), new_ctx)
    numbers = {c.token for c in pre_out if c.token} | {
        d.number for d in pre_desc.values() if d is not None and d.number
    }
    known = build.stored_descriptors(con, numbers)
    # (reference documents of other numbers are in every resolver: not news)
    added = {d for d in pre_res.descriptors() if d.number in numbers} - known
    years_before: dict[str, set] = {}
    for d in known:
        if d.year:
            years_before.setdefault(family(d), set()).add(d.year)
    new_year_fams = {
        family(d) for d in added if d.year and d.year not in years_before.get(family(d), set())
    }
    new_numbers = {d.number for d in added}
    redo_docs = _affected_docs(con, new_numbers, new_year_fams)
    marks.append(("affected", time.perf_counter()))
    if len(redo_docs) > MAX_REDO:
        raise _Full(f"{len(redo_docs)} documents to re-resolve")

    # Re-resolve the new documents with the old ones affected (and their files).
    old_docs: list[dict] = []
    old_cits: list[dict] = []
    if redo_docs:
        con.register("_vt_redo", _frame("d", redo_docs))
        try:
            old_docs = _fetch_dicts(
                con,
                build.DOCS_SQL.format(
                    where="WHERE file_id IN (SELECT file_id FROM documents"
                    " WHERE doc_id IN (SELECT d FROM _vt_redo))"
                )
                + " ORDER BY doc_id",
            )
        finally:
            con.unregister("_vt_redo")
        old_cits = _cits_of(con, [d["doc_id"] for d in old_docs])
    old_ids = [d["doc_id"] for d in old_docs]
    docs = sorted([*new_docs, *old_docs], key=lambda d: d["doc_id"])
    cits = sorted([*new_cits, *old_cits], key=lambda c: (c["doc_id"], c["seq"]))
    if old_ids:
        numbers |= {
            r[0]
            for r in con.execute(
                "SELECT token FROM graph_cit_state WHERE token IS NOT NULL AND doc_id IN"
                " (SELECT unnest(?)) UNION SELECT token FROM graph_doc_state WHERE token IS"
                " NOT NULL AND doc_id IN (SELECT unnest(?))",
                [old_ids, old_ids],
            ).fetchall()
        }
    known = build.stored_descriptors(con, numbers)
    missing = [d for d in old_ids if d not in contexts]
    if missing:  # old documents' contexts did not change: as stored
        from pipeline.graph.keys import Context

        for doc_id, prov, dist, fid, year in con.execute(
            "SELECT doc_id, ctx_province, ctx_district, file_id, year FROM graph_doc_state"
            " WHERE doc_id IN (SELECT unnest(?))",
            [missing],
        ).fetchall():
            contexts[doc_id] = Context(prov, dist, fid, year)
        feats = [*feats, *build.read_features(con, missing)]
    ctx = {d["doc_id"]: contexts[d["doc_id"]] for d in docs}
    doc_desc, out, res = resolve_rows(docs, cits, ref, sorted(known, key=lambda d: d.key), ctx)
    marks.append(("resolve", time.perf_counter()))
    doc_key = {k: (d.key if d is not None else f"DOC/{k}") for k, d in doc_desc.items()}
    touched = [*new_ids, *old_ids]

    con.execute("BEGIN TRANSACTION")
    try:
        keys = set(doc_key.values()) | {c.key for c in out if c.key}
        con.register("_vt_touched", _frame("d", touched))
        keys |= {
            r[0]
            for r in con.execute(
                "SELECT target_key FROM edges WHERE doc_id IN (SELECT d FROM _vt_touched)"
                " UNION SELECT target_key FROM doc_nodes WHERE doc_id IN"
                " (SELECT d FROM _vt_touched)"
            ).fetchall()
        }
        marks.append(("old keys", time.perf_counter()))
        build._write_citation_keys(con, out, all_rows=False)
        marks.append(("citation keys", time.perf_counter()))
        con.execute("DELETE FROM doc_nodes WHERE doc_id IN (SELECT d FROM _vt_touched)")
        con.execute("DELETE FROM edges WHERE doc_id IN (SELECT d FROM _vt_touched)")
        for t in ("graph_doc_state", "graph_cit_state"):
            con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT d FROM _vt_touched)")
        con.unregister("_vt_touched")
        marks.append(("deletes", time.perf_counter()))
        _write_nodes(con, ref, keys, docs, doc_desc, doc_key, out)
        marks.append(("nodes", time.perf_counter()))
        first_no = con.execute("SELECT coalesce(max(doc_no), 0) + 1 FROM doc_nodes").fetchone()[0]
        build.insert_doc_nodes(
            con, build.doc_node_frame({k: doc_key[k] for k in touched}), first_no
        )
        build._write_edges(con, only_docs="SELECT unnest(" + _list_sql(touched) + ")")
        marks.append(("edges", time.perf_counter()))
        touched_set = set(touched)
        touched_feats = sorted(
            (f for f in feats if f.doc_id in touched_set), key=lambda f: f.doc_id
        )
        build.write_state(con, touched_feats, contexts, doc_desc, out, res, known)
        all_campaigns = False
        if _touches_campaigns(con, touched, keys):
            if old_ids or not _add_members(con, new_ids, doc_key):
                from pipeline.graph.campaigns import rebuild_campaigns

                rebuild_campaigns(con, ref)
                all_campaigns = True
            marks.append(("campaigns", time.perf_counter()))
        # the desk's summaries (facets, answered, campaign_directing) follow the graph,
        # for what changed
        from pipeline.graph.summaries import update_summaries

        update_summaries(con, new_ids, touched, keys, all_campaigns)
        marks.append(("summaries", time.perf_counter()))
        con.execute("COMMIT")
        marks.append(("commit", time.perf_counter()))
    except Exception:
        con.execute("ROLLBACK")
        raise
    log.debug(
        "update_graph: %d new, %d old documents redone; %s",
        len(new_ids),
        len(old_ids),
        ", ".join(f"{n} {t - marks[i][1]:.2f}s" for i, (n, t) in enumerate(marks[1:])),
    )
    return _stats(con, t0, len(docs), len(out))


def _district_provinces(con: duckdb.DuckDBPyConnection, feats) -> dict:  # noqa: ANN001
    """District -> Counter of provinces, over the stored documents (which all name their
    province), for the districts these documents may take their province from."""
    from collections import Counter

    wanted = {
        d
        for f in feats
        if not f.province
        for d in (
            f.district,
            f.issuer_district,
            f.parent_district,
            f.place_district,
            f.text_district,
        )
        if d
    }
    out: dict[str, Counter] = {}
    if not wanted:
        return out
    con.register("_vt_dists", _frame("d", wanted))
    try:
        for dist, prov, n in con.execute(
            "SELECT dist, ctx_province, count(*) FROM (SELECT ctx_province,"
            " unnest([ctx_district, issuer_district, place_district]) AS dist"
            " FROM graph_doc_state) WHERE dist IN (SELECT d FROM _vt_dists) GROUP BY ALL"
        ).fetchall():
            out.setdefault(dist, Counter())[prov] += n
    finally:
        con.unregister("_vt_dists")
    return out


def _list_sql(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _cits_of(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[dict]:
    if not doc_ids:
        return []
    con.register("_vt_cd_ids", _frame("d", doc_ids))
    try:
        return _fetch_dicts(
            con,
            build.CITS_SQL.format(where="WHERE doc_id IN (SELECT d FROM _vt_cd_ids)")
            + " ORDER BY doc_id, seq",
        )
    finally:
        con.unregister("_vt_cd_ids")


def _affected_docs(
    con: duckdb.DuckDBPyConnection, numbers: set[str], year_fams: set[str]
) -> set[str]:
    """Old documents whose resolution consulted a number or a family that changed: a
    short mention of the number (it may now complete to a new document), a yearless
    mention or document of the family (it may now take the year)."""
    if not numbers and not year_fams:
        return set()
    con.register("_vt_nums", _frame("n", numbers))
    con.register("_vt_fams", _frame("f", year_fams))
    try:
        return {
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM graph_cit_state WHERE (short AND token IN"
                " (SELECT n FROM _vt_nums)) OR fam IN (SELECT f FROM _vt_fams)"
                " UNION SELECT doc_id FROM graph_doc_state WHERE fam IN (SELECT f FROM _vt_fams)"
            ).fetchall()
        }
    finally:
        con.unregister("_vt_nums")
        con.unregister("_vt_fams")


def _write_nodes(con, ref, keys: set[str], docs, doc_desc, doc_key, out) -> None:  # noqa: ANN001
    """Rewrite the nodes of ``keys`` from the first document and first citation of each
    (in doc_id, seq order: the ones a full build meets first), after the citation keys
    have been written."""
    import pandas as pd

    con.register("_vt_keys_only", pd.DataFrame({"k": sorted(keys)}))
    try:
        # the first archive document of each key (doc_nodes of untouched documents, and
        # the documents just resolved)
        first_doc: dict[str, str] = {}
        for k, d in con.execute(
            "SELECT target_key, min(doc_id) FROM doc_nodes WHERE target_key IN"
            " (SELECT k FROM _vt_keys_only) GROUP BY target_key"
        ).fetchall():
            first_doc[k] = d
        for d_id, k in doc_key.items():
            if k in keys and (k not in first_doc or d_id < first_doc[k]):
                first_doc[k] = d_id
        first_cit = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT target_key, arg_min(doc_id, (doc_id, seq)), arg_min(seq, (doc_id, seq))"
                " FROM citations WHERE target_key IN (SELECT k FROM _vt_keys_only)"
                " GROUP BY target_key"
            ).fetchall()
        }
        con.execute("DELETE FROM nodes WHERE target_key IN (SELECT k FROM _vt_keys_only)")
    finally:
        con.unregister("_vt_keys_only")
    here = {d["doc_id"]: d for d in docs}
    rep_docs, rep_desc, rep_key = [], {}, {}
    other_docs = sorted({d for d in first_doc.values() if d not in here})
    stored = _stored_doc_desc(con, other_docs)
    if other_docs:
        con.register("_vt_other", _frame("d", other_docs))
        try:
            fetched = _fetch_dicts(
                con, build.DOCS_SQL.format(where="WHERE doc_id IN (SELECT d FROM _vt_other)")
            )
        finally:
            con.unregister("_vt_other")
        fetched_by_id = {d["doc_id"]: d for d in fetched}
    else:
        fetched_by_id = {}
    for k, d_id in first_doc.items():
        if d_id in here:
            rep_docs.append(here[d_id])
            rep_desc[d_id] = doc_desc[d_id]
        else:
            rep_docs.append(fetched_by_id[d_id])
            rep_desc[d_id] = stored.get(d_id)
        rep_key[d_id] = k
    ours = {(c.doc_id, c.seq): c for c in out}
    missing = [v for v in first_cit.values() if v not in ours]
    stored_c = _stored_cit_desc(con, missing)
    rep_out = []
    for k, v in sorted(first_cit.items(), key=lambda kv: kv[1]):
        c = ours.get(v)
        if c is None:
            c = _Cit(v[0], v[1], None, stored_c.get(v), "cites", None, None, None, None, key=k)
        rep_out.append(c)
    registry_rows, reg_desc = build.registry_descriptors(con, ref)
    df = build.node_frame(
        con, ref, rep_docs, rep_desc, rep_key, rep_out, registry_rows, reg_desc, keys=keys
    )
    build.insert_nodes(con, df)


def _stored_doc_desc(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict:
    if not doc_ids:
        return {}
    cols = ", ".join(build.DESC_COLUMNS)
    return {
        r[0]: build.desc_of(r[1:])
        for r in con.execute(
            f"SELECT doc_id, {cols} FROM graph_doc_state WHERE doc_id IN (SELECT unnest(?))",
            [doc_ids],
        ).fetchall()
    }


def _stored_cit_desc(con: duckdb.DuckDBPyConnection, ids: list[tuple[str, int]]) -> dict:
    if not ids:
        return {}
    import pandas as pd

    cols = ", ".join(f"s.{c}" for c in build.DESC_COLUMNS)
    con.register("_vt_cids", pd.DataFrame(ids, columns=["doc_id", "seq"]))
    try:
        return {
            (r[0], r[1]): build.desc_of(r[2:])
            for r in con.execute(
                f"SELECT s.doc_id, s.seq, {cols} FROM graph_cit_state s"
                " JOIN _vt_cids USING (doc_id, seq)"
            ).fetchall()
        }
    finally:
        con.unregister("_vt_cids")


def _add_members(con: duckdb.DuckDBPyConnection, new_ids: list[str], doc_key: dict) -> bool:
    """Campaign membership of new documents that only add to it; False (nothing written)
    when the walk's result may change for old documents: an old document cites a new
    one's node or shares it (the new one may shorten the old one's path).

    The breadth-first walk of :func:`pipeline.graph.campaigns._bfs`, for the new
    documents only: a document is reached at 1 + the least hop of the nodes it cites
    (an anchor: 0; an archive document's node: the hop of its document), through the
    strongest relation, then the smallest parent node id; its path is its parent's
    plus its own node.
    """
    from pipeline.graph.keys import RELATION_STRENGTH

    own = {d: doc_key[d] for d in new_ids}
    con.register("_vt_new", _frame("d", new_ids))
    con.register("_vt_newkeys", _frame("k", own.values()))
    try:
        if con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM edges WHERE target_key IN (SELECT k FROM"
            " _vt_newkeys) AND doc_id NOT IN (SELECT d FROM _vt_new) UNION ALL SELECT 1 FROM"
            " doc_nodes WHERE target_key IN (SELECT k FROM _vt_newkeys) AND doc_id NOT IN"
            " (SELECT d FROM _vt_new))"
        ).fetchone()[0]:
            return False
        edges = con.execute(
            "SELECT e.doc_id, e.target_key, e.strength, e.node_id FROM edges e"
            " WHERE e.doc_id IN (SELECT d FROM _vt_new)"
        ).fetchall()
        cited = {k for _, k, _, _ in edges}
        con.register("_vt_cited", _frame("k", cited))
        # the hop of every cited node per campaign: anchors 0, members' nodes their hop
        hop: dict[tuple[str, str], int] = {}
        path: dict[tuple[str, str], list] = {}
        for cid, k in con.execute(
            "SELECT campaign_id, anchor_key FROM campaign_anchors"
            " WHERE anchor_key IN (SELECT k FROM _vt_cited UNION SELECT k FROM _vt_newkeys)"
        ).fetchall():
            hop[(cid, k)] = 0
            path[(cid, k)] = [k]
        for cid, k, h, pth in con.execute(
            "SELECT cd.campaign_id, dn.target_key, min(cd.hops), arg_min(cd.path, cd.hops)"
            " FROM campaign_documents cd JOIN doc_nodes dn USING (doc_id)"
            " WHERE dn.target_key IN (SELECT k FROM _vt_cited) GROUP BY ALL"
        ).fetchall():
            if (cid, k) not in hop:
                hop[(cid, k)], path[(cid, k)] = h, list(pth)
        con.unregister("_vt_cited")
    finally:
        con.unregister("_vt_new")
        con.unregister("_vt_newkeys")
    by_doc: dict[str, list[tuple[str, int, int]]] = {}
    for d, k, strength, node_id in edges:
        by_doc.setdefault(d, []).append((k, strength, node_id))
    names = {v: k for k, v in RELATION_STRENGTH.items()}
    campaigns = {cid for cid, _ in hop}
    rows = []
    # new documents citing one another: level by level until nothing is reached
    reached: dict[tuple[str, str], tuple[int, str, list]] = {}
    for level in range(1, 51):  # as the walk: at most 50 hops
        step = []
        for cid in sorted(campaigns):
            for d in sorted(by_doc):
                if (cid, d) in reached:
                    continue
                cands = [
                    (-strength, node_id, k)
                    for k, strength, node_id in by_doc[d]
                    if hop.get((cid, k)) == level - 1
                ]
                if cands:
                    step.append((cid, d, min(cands)))
        if not step and level - 1 > max(hop.values(), default=0):
            break  # no node left at this hop or beyond
        for cid, d, (neg, _node_id, parent) in step:
            p = [*path[(cid, parent)], own[d]]
            reached[(cid, d)] = (level, names[-neg], p)
            if (cid, own[d]) not in hop:
                hop[(cid, own[d])], path[(cid, own[d])] = level, p
    for (cid, d), (h, rel, p) in sorted(reached.items()):
        if hop.get((cid, own[d])) == 0:
            continue  # the document is an anchor of that campaign
        rows.append((cid, d, h, rel, p))
    if rows:
        import pandas as pd

        df = pd.DataFrame(rows, columns=["campaign_id", "doc_id", "hops", "relation", "path"])
        con.register("_vt_members", df)
        try:
            con.execute(
                "INSERT INTO campaign_documents SELECT campaign_id, doc_id, hops, relation, path"
                " FROM _vt_members"
            )
        finally:
            con.unregister("_vt_members")
        con.execute(
            "UPDATE campaigns SET documents = s.n, first_date = s.f, last_date = s.l FROM ("
            " SELECT cd.campaign_id, count(*)::INTEGER AS n, min(d.issued_date) AS f,"
            " max(d.issued_date) AS l FROM campaign_documents cd JOIN documents d USING (doc_id)"
            " GROUP BY cd.campaign_id) s WHERE campaigns.campaign_id = s.campaign_id"
        )
    return True


def _touches_campaigns(con: duckdb.DuckDBPyConnection, doc_ids: list[str], keys: set[str]) -> bool:
    """A changed document or node is an anchor, a member, or a member's node."""
    if not con.execute("SELECT count(*) FROM campaign_anchors").fetchone()[0]:
        return False
    import pandas as pd

    con.register("_vt_ck", pd.DataFrame({"k": sorted(keys)}))
    con.register("_vt_cdocs", _frame("d", doc_ids))
    try:
        return bool(
            con.execute(
                "SELECT count(*) FROM ("
                " SELECT 1 FROM campaign_anchors WHERE anchor_key IN (SELECT k FROM _vt_ck)"
                " UNION ALL SELECT 1 FROM campaign_documents cd"
                " WHERE cd.doc_id IN (SELECT d FROM _vt_cdocs)"
                " UNION ALL SELECT 1 FROM campaign_documents cd JOIN doc_nodes dn"
                " USING (doc_id) WHERE dn.target_key IN (SELECT k FROM _vt_ck))"
            ).fetchone()[0]
        )
    finally:
        con.unregister("_vt_ck")
        con.unregister("_vt_cdocs")


def _stats(con: duckdb.DuckDBPyConnection, t0: float, docs: int, cits: int) -> GraphStats:
    return GraphStats(
        documents=docs,
        citations=cits,
        nodes=con.execute("SELECT count(*) FROM nodes").fetchone()[0],
        edges=con.execute("SELECT count(*) FROM edges").fetchone()[0],
        resolved_short=0,
        unresolved=0,
        campaigns=con.execute("SELECT count(*) FROM campaigns").fetchone()[0],
        campaign_documents=con.execute("SELECT count(*) FROM campaign_documents").fetchone()[0],
        seconds=round(time.perf_counter() - t0, 3),
    )
