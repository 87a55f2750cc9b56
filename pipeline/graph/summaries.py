"""Small per-archive summaries the desk's pages read (tables in schemas/graph.sql).

Rebuilt by :func:`pipeline.graph.build.rebuild_graph` after the graph, in the same
transaction: the filter values of the documents table (``doc_facets``), every answered
document with its number of answers and answering issuers (``answered``: the campaigns
the graph reveals are its rows answered by several issuers), and each configured
campaign's directing documents in the order they are shown (``campaign_directing``).
Without them each of those pages aggregated the whole archive on every request (about
a second on the 100,000-document synthetic archive); with them a page reads a few rows.
Deterministic: a re-run writes identical tables.
"""

from __future__ import annotations

import duckdb

# (kind, SQL expression over documents) of the documents table's filters.
FACETS = (
    ("type", "doc_type"),
    ("province", "province"),
    ("year", "CAST(issued_year AS VARCHAR)"),
    ("issuer", "issuer"),
)


def rebuild_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite ``doc_facets``, ``answered`` and ``campaign_directing`` (idempotent)."""
    for t in ("doc_facets", "answered", "campaign_directing"):
        con.execute(f"DELETE FROM {t}")
    for kind, expr in FACETS:
        con.execute(
            f"INSERT INTO doc_facets SELECT '{kind}', {expr}, count(*) FROM documents"
            f" WHERE {expr} IS NOT NULL GROUP BY {expr} ORDER BY {expr}"
        )
    con.execute(f"INSERT INTO answered {ANSWERED_SQL.format(where='TRUE')} ORDER BY dn.doc_id")
    con.execute(f"INSERT INTO campaign_directing {DIRECTING_SQL.format(where='TRUE')}")


def update_summaries(
    con: duckdb.DuckDBPyConnection,
    new_docs: list[str],
    touched_docs: list[str],
    keys: set[str],
    all_campaigns: bool,
) -> None:
    """The summaries after a nightly graph update, for what it changed: the rows
    :func:`rebuild_summaries` would write (tests/test_graph_incremental.py compares them),
    in time that follows the night's documents rather than the archive (the whole
    rewrite took 0.2-0.5 s on the 100,000-document synthetic archive).

    ``new_docs``: the documents the night added (the update's only change to
    ``documents``); ``touched_docs``: those whose nodes, edges and state it rewrote (the
    new ones and the old ones redone); ``keys``: every node key whose edges or document
    changed, before and after; ``all_campaigns``: campaign membership was rebuilt whole.
    """
    import pandas as pd

    # (not pipeline.graph.incremental._frame: the graph's modules import no cycle)
    frames = {
        "_vt_s_new": pd.DataFrame({"d": pd.Series(new_docs, dtype="object")}),
        "_vt_s_touched": pd.DataFrame({"d": pd.Series(touched_docs, dtype="object")}),
        "_vt_s_keys": pd.DataFrame({"k": pd.Series(sorted(keys), dtype="object")}),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        # Facets: the new documents' values are added to the counts.
        parts = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, {expr} AS value FROM documents"
            " WHERE doc_id IN (SELECT d FROM _vt_s_new)"
            for kind, expr in FACETS
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _vt_s_facets AS SELECT kind, value, count(*) AS n"
            f" FROM ({parts}) WHERE value IS NOT NULL GROUP BY ALL"
        )
        con.execute(
            "UPDATE doc_facets f SET documents = f.documents + v.n FROM _vt_s_facets v"
            " WHERE f.kind = v.kind AND f.value = v.value"
        )
        con.execute(
            "INSERT INTO doc_facets SELECT v.kind, v.value, v.n FROM _vt_s_facets v"
            " ANTI JOIN doc_facets f ON f.kind = v.kind AND f.value = v.value"
        )
        # Answered: a row changes only with the edges into its key or its document's key.
        changed = (
            "target_key IN (SELECT k FROM _vt_s_keys) OR doc_id IN (SELECT d FROM _vt_s_touched)"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _vt_s_changed AS SELECT doc_id FROM answered"
            f" WHERE {changed}"
        )
        con.execute(f"DELETE FROM answered WHERE {changed}")
        con.execute(
            "INSERT INTO answered "
            + ANSWERED_SQL.format(where="dn.target_key IN (SELECT k FROM _vt_s_keys)")
        )
        # Directing documents: again for every campaign that holds a document whose
        # answers, membership or node changed (or all, after a rebuild of campaigns).
        if all_campaigns:
            where = "TRUE"
        else:
            con.execute(
                """
                INSERT INTO _vt_s_changed
                SELECT doc_id FROM answered WHERE target_key IN (SELECT k FROM _vt_s_keys)
                UNION ALL SELECT d FROM _vt_s_touched
                """
            )
            con.execute(
                """
                CREATE OR REPLACE TEMP TABLE _vt_s_camps AS
                SELECT campaign_id FROM campaign_documents
                WHERE doc_id IN (SELECT doc_id FROM _vt_s_changed)
                UNION SELECT campaign_id FROM campaign_anchors
                WHERE anchor_key IN (SELECT k FROM _vt_s_keys)
                UNION SELECT campaign_id FROM campaign_directing
                WHERE doc_id IN (SELECT doc_id FROM _vt_s_changed)
                """
            )
            where = "campaign_id IN (SELECT campaign_id FROM _vt_s_camps)"
        con.execute(f"DELETE FROM campaign_directing WHERE {where}")
        con.execute(f"INSERT INTO campaign_directing {DIRECTING_SQL.format(where=where)}")
    finally:
        for name in frames:
            con.unregister(name)
        for t in ("_vt_s_facets", "_vt_s_changed", "_vt_s_camps"):
            con.execute(f"DROP TABLE IF EXISTS {t}")


# A document answered by others (its own number is never an edge of its own).
ANSWERED_SQL = """
    SELECT dn.doc_id, dn.target_key, count(DISTINCT e.doc_id), count(DISTINCT a.issuer)
    FROM edges e JOIN doc_nodes dn ON dn.target_key = e.target_key
    JOIN documents a ON a.doc_id = e.doc_id
    WHERE e.relation = 'answers' AND e.doc_id <> dn.doc_id AND ({where})
    GROUP BY dn.doc_id, dn.target_key
"""

# What pipeline.graph.campaigns.find_directing_documents returns for a campaign: its
# anchors in the archive, then its documents with addressees or deadlines that are
# answered; shown anchors first, then the most answered. ``where`` picks whole campaigns
# (the numbering is per campaign).
DIRECTING_SQL = """
    SELECT campaign_id,
           row_number() OVER (PARTITION BY campaign_id
                              ORDER BY is_anchor DESC, answers DESC, doc_id)::INTEGER,
           doc_id, is_anchor, answers
    FROM (
        SELECT ca.campaign_id, dn.doc_id, true AS is_anchor,
               coalesce(max(an.answers), 0)::INTEGER AS answers
        FROM campaign_anchors ca JOIN doc_nodes dn ON dn.target_key = ca.anchor_key
        LEFT JOIN answered an ON an.doc_id = dn.doc_id
        GROUP BY ca.campaign_id, dn.doc_id
        UNION ALL
        SELECT cd.campaign_id, cd.doc_id, false, an.answers
        FROM campaign_documents cd JOIN answered an ON an.doc_id = cd.doc_id
        JOIN documents d ON d.doc_id = cd.doc_id
        WHERE (len(coalesce(d.recipients, [])) > 0
               OR cd.doc_id IN (SELECT doc_id FROM deadlines))
          AND cd.doc_id NOT IN (
              SELECT dn.doc_id FROM campaign_anchors ca2
              JOIN doc_nodes dn ON dn.target_key = ca2.anchor_key
              WHERE ca2.campaign_id = cd.campaign_id)
    )
    WHERE {where}
    ORDER BY 1, 2
"""
