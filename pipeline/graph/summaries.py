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
    # A document answered by others (its own number is never an edge of its own).
    con.execute(
        """
        INSERT INTO answered
        SELECT dn.doc_id, dn.target_key, count(DISTINCT e.doc_id),
               count(DISTINCT a.issuer)
        FROM edges e JOIN doc_nodes dn ON dn.target_key = e.target_key
        JOIN documents a ON a.doc_id = e.doc_id
        WHERE e.relation = 'answers' AND e.doc_id <> dn.doc_id
        GROUP BY dn.doc_id, dn.target_key
        ORDER BY dn.doc_id
        """
    )
    # What pipeline.graph.campaigns.find_directing_documents returns for a campaign: its
    # anchors in the archive, then its documents with addressees or deadlines that are
    # answered; shown anchors first, then the most answered.
    con.execute(
        """
        INSERT INTO campaign_directing
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
        ORDER BY 1, 2
        """
    )
