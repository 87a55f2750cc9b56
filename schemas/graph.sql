-- vanthu citation graph (DuckDB). Built by pipeline.resolve.rebuild_graph after every
-- ingest from `documents` and `citations` (schemas/tables.sql); a re-run rewrites these
-- tables with identical content. Key format: see the docstring of pipeline/resolve.py.
-- As in tables.sql, the tables that grow with the archive declare no PRIMARY KEY; their
-- keys are in pipeline/store/db.py UNKEYED.

-- One row per distinct document: every archive document and every document cited.
CREATE TABLE IF NOT EXISTS nodes (
    target_key   VARCHAR NOT NULL,  -- e.g. CT/07/CT-BCA/2014, QĐ/1395/QĐ-UBND/2016@quang-ngai
    doc_type     VARCHAR,
    number       VARCHAR,              -- canonical: leading zeros trimmed, at least two digits
    symbol       VARCHAR,              -- canonical symbol without year and unit suffixes (CT-BCA, CT/TW)
    year         INTEGER,
    issuer       VARCHAR,
    title        VARCHAR,
    doc_id       VARCHAR,              -- set when the node is a document in the archive
    ref          VARCHAR,              -- number and symbol as usually printed (23/2012/TT-BCA, 09-CT/TW)
    issued_date  DATE,
    scope        VARCHAR,              -- national | province | district | unknown | archive
    province     VARCHAR,              -- province (names of 2008-2025) of a local document
    province_2025 VARCHAR,             -- the province it belongs to from 12/6/2025
    source       VARCHAR,              -- archive | reference | registry | citation
    cited_by     INTEGER,              -- archive documents citing it
    mentions     INTEGER,              -- citation rows pointing at it
    node_id      BIGINT                -- integer id (a hash of target_key: stable when nodes are added), for fast walks
);

-- Each archive document's own node.
CREATE TABLE IF NOT EXISTS doc_nodes (
    doc_id     VARCHAR NOT NULL,
    target_key VARCHAR NOT NULL,
    doc_no     INTEGER,                -- dense integer id (order of doc_id)
    node_id    BIGINT                  -- nodes.node_id of target_key
);

-- One row per (citing archive document, cited node).
CREATE TABLE IF NOT EXISTS edges (
    doc_id     VARCHAR NOT NULL,
    target_key VARCHAR NOT NULL,
    relation   VARCHAR NOT NULL,       -- strongest among the mentions: answers > based_on > attached_to > repeals > amends > cites
    mentions   INTEGER NOT NULL,
    node_id    BIGINT,                 -- nodes.node_id of target_key
    doc_no     INTEGER,                -- doc_nodes.doc_no of doc_id
    strength   INTEGER                -- of relation: answers 6 ... cites 1
);

-- From pipeline/data/campaigns.yaml.
CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id VARCHAR PRIMARY KEY,
    name        VARCHAR,
    anchor_key  VARCHAR,               -- the primary directing document
    anchors     INTEGER,
    documents   INTEGER,               -- archive documents in campaign_documents
    first_date  DATE,                  -- earliest / latest issue date among them
    last_date   DATE
);

CREATE TABLE IF NOT EXISTS campaign_anchors (
    campaign_id VARCHAR NOT NULL,
    anchor_key  VARCHAR NOT NULL,
    ord         INTEGER,               -- 1 = primary
    ref         VARCHAR,               -- as written in campaigns.yaml
    PRIMARY KEY (campaign_id, anchor_key)
);

-- Every archive document that cites an anchor directly (hops 1) or through a chain of
-- archive documents (any relation). relation: of its first step; path: node keys from
-- the anchor down to the document itself ([anchor, ..., own key]).
CREATE TABLE IF NOT EXISTS campaign_documents (
    campaign_id VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    hops        INTEGER NOT NULL,
    relation    VARCHAR,
    path        VARCHAR[]
);

-- External registries of known documents (vanthu registry import FILE.csv).
CREATE TABLE IF NOT EXISTS registry (
    province    VARCHAR NOT NULL,
    so_ky_hieu  VARCHAR NOT NULL,      -- as in the file
    issued_date DATE,
    title       VARCHAR,
    status      VARCHAR,               -- hieu_luc
    target_key  VARCHAR,
    source_file VARCHAR              -- one row per distinct (province, so_ky_hieu, issued_date)
);

-- What the graph was built from (pipeline/graph/incremental.py): per document, what its
-- context's province is inferred from and the context it got; per citation and document,
-- its own canonical number (a citation resolves only against documents and citations of
-- the same number, and those of its document's file). A nightly run with new documents
-- updates only the nodes, edges and campaigns of the numbers they bring.
CREATE TABLE IF NOT EXISTS graph_doc_state (
    doc_id          VARCHAR NOT NULL,
    file_id         VARCHAR,
    year            INTEGER,
    province        VARCHAR,    -- named by the document itself
    district        VARCHAR,
    issuer_district VARCHAR,
    parent_district VARCHAR,
    place_district  VARCHAR,
    text_district   VARCHAR,
    named           VARCHAR,
    token           VARCHAR,    -- canonical number of the document's own key (NULL: none)
    ctx_province    VARCHAR,    -- the context the graph used (after inference)
    ctx_district    VARCHAR,
    fam             VARCHAR,    -- type|number|symbol|scope when its own number had no year
    d_type VARCHAR, d_number VARCHAR, d_symbol VARCHAR, d_issuer VARCHAR, d_year INTEGER,
    d_scope VARCHAR, d_printed VARCHAR, d_party BOOLEAN  -- its descriptor (node fields)
);

CREATE TABLE IF NOT EXISTS graph_cit_state (
    doc_id VARCHAR NOT NULL,
    seq    INTEGER NOT NULL,
    token  VARCHAR,             -- the citation's own canonical number (NULL: numberless)
    fam    VARCHAR,             -- type|number|symbol|scope of a complete mention without year
    short  BOOLEAN,             -- a mention without symbol
    d_type VARCHAR, d_number VARCHAR, d_symbol VARCHAR, d_issuer VARCHAR, d_year INTEGER,
    d_scope VARCHAR, d_printed VARCHAR, d_party BOOLEAN -- the descriptor it resolved to
);

-- Every complete descriptor the resolver knew (archive, citations, reference, registry).
CREATE TABLE IF NOT EXISTS graph_resolver (
    d_type VARCHAR, d_number VARCHAR, d_symbol VARCHAR, d_issuer VARCHAR, d_year INTEGER,
    d_scope VARCHAR, d_printed VARCHAR, d_party BOOLEAN
);

CREATE TABLE IF NOT EXISTS graph_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
-- Summaries for the archivists' desk (pipeline/graph/summaries.py), rebuilt with the graph
-- so that a page reads a few rows instead of aggregating the archive on every request.

-- The values the documents table's filters offer, with their counts.
CREATE TABLE IF NOT EXISTS doc_facets (
    kind      VARCHAR NOT NULL,        -- type | province | year | issuer
    value     VARCHAR NOT NULL,
    documents INTEGER NOT NULL
);

-- Every archive document answered (edges.relation = 'answers') by at least one other.
CREATE TABLE IF NOT EXISTS answered (
    doc_id     VARCHAR NOT NULL,
    target_key VARCHAR NOT NULL,
    answers    INTEGER NOT NULL,       -- distinct answering documents
    issuers    INTEGER NOT NULL        -- distinct issuers among them
);

-- The directing documents of each configured campaign, in the order the desk shows them
-- (anchors first, then the most answered): those `vanthu campaign` reports.
CREATE TABLE IF NOT EXISTS campaign_directing (
    campaign_id VARCHAR NOT NULL,
    ord         INTEGER NOT NULL,      -- 1, 2, ... within the campaign
    doc_id      VARCHAR NOT NULL,
    is_anchor   BOOLEAN NOT NULL,
    answers     INTEGER NOT NULL
);
