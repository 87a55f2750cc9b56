-- vanthu archive schema (DuckDB). Column names are the contract documented in README.md.
-- Created with CREATE ... IF NOT EXISTS so opening an existing archive never drops anything.
-- The tables that grow with the archive declare no PRIMARY KEY (DuckDB writes a key's
-- index out whole at every checkpoint): their keys are in pipeline/store/db.py UNKEYED,
-- kept by the writers and checked by tests/test_keys.py.

CREATE TABLE IF NOT EXISTS runs (
    run_id        INTEGER PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    inbox         VARCHAR,
    version       VARCHAR,
    files_seen    INTEGER,
    files_new     INTEGER,   -- content never seen before, read this run
    files_skipped INTEGER,   -- unchanged (same size+mtime, or same content) and not re-read
    quarantined_new INTEGER, -- files quarantined in this run
    documents_new INTEGER,
    citations_new INTEGER,
    pages_read    INTEGER,
    seconds       DOUBLE,
    exit_code     INTEGER
);

-- One row per distinct file content (SHA-256).
CREATE TABLE IF NOT EXISTS files (
    file_id      VARCHAR NOT NULL,   -- SHA-256 hex of the content
    path         VARCHAR NOT NULL,      -- first path it was seen under
    size_bytes   BIGINT,
    media_type   VARCHAR,               -- detected from content (magic bytes)
    pages        INTEGER,
    text_source  VARCHAR,               -- text-layer | ocr | mixed | plain | markup
    ocr_confidence DOUBLE,              -- mean over OCR'd pages, 0..1
    status       VARCHAR NOT NULL,      -- ok | quarantined
    error        VARCHAR,               -- plain-language reason when quarantined
    ingested_at  TIMESTAMP NOT NULL,
    run_id       INTEGER,
    error_code   VARCHAR                -- stable code of the reason (pipeline/reasons.py)
);

-- Every path a file was seen under, with the size/mtime used to skip re-hashing.
CREATE TABLE IF NOT EXISTS file_paths (
    file_id    VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    size_bytes BIGINT,
    mtime      DOUBLE,
    first_seen TIMESTAMP,
    last_seen  TIMESTAMP
);

-- Paths under the inbox that the last writing run did not read, and why (hidden,
-- Office lock file, link out of the inbox, named pipe ...): nothing vanishes silently.
CREATE TABLE IF NOT EXISTS skipped_paths (
    path      VARCHAR NOT NULL PRIMARY KEY,
    code      VARCHAR NOT NULL,        -- stable code (pipeline/reasons.py)
    reason    VARCHAR,                 -- plain English, with the Vietnamese term
    run_id    INTEGER,
    seen_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS pages (
    file_id     VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    source      VARCHAR,           -- text-layer | ocr | plain | markup
    confidence  DOUBLE,            -- OCR mean word confidence 0..1 (NULL for text layers)
    text        VARCHAR,
    quality     DOUBLE,            -- how well the text reads as Vietnamese 0..1 (read/quality.py)
    decision    VARCHAR,           -- text-layer | ocr | plain | markup: what was taken
    decision_reason VARCHAR       -- why, in words (read/text.py is_born_digital_text)
);

-- One row per OCR'd word: its box as fractions (0..1) of the page's width and height,
-- Tesseract's confidence (0..1), and its characters in pages.text (NULL when unknown).
CREATE TABLE IF NOT EXISTS ocr_words (
    file_id     VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    text        VARCHAR,
    x0          DOUBLE,
    y0          DOUBLE,
    x1          DOUBLE,
    y1          DOUBLE,
    confidence  DOUBLE,
    char_start  INTEGER,
    char_end    INTEGER
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id        VARCHAR NOT NULL,   -- '<file_id[:16]>-<ordinal>'
    file_id       VARCHAR NOT NULL,
    source_path   VARCHAR,
    ordinal       INTEGER NOT NULL,
    page_start    INTEGER,
    page_end      INTEGER,
    doc_type      VARCHAR,
    number        VARCHAR,
    symbol        VARCHAR,
    ref           VARCHAR,               -- number and symbol as printed, e.g. 09-CT/TW
    issued_date   DATE,
    issued_year   INTEGER,
    issued_month  INTEGER,
    place         VARCHAR,
    issuer        VARCHAR,
    issuer_parent VARCHAR,
    issuer_inferred BOOLEAN,
    subject       VARCHAR,
    signer_name   VARCHAR,
    signer_title  VARCHAR,
    recipients    VARCHAR[],
    distribution  VARCHAR[],
    secrecy       VARCHAR,               -- MẬT | TỐI MẬT | TUYỆT MẬT
    urgency       VARCHAR,               -- KHẨN | THƯỢNG KHẨN | HỎA TỐC
    period        VARCHAR,               -- reporting period, e.g. 2018-Q1, 2024-H1, 2018
    parent_doc_id VARCHAR,
    province      VARCHAR,               -- province of the issuer, when known
    text          VARCHAR
);

-- Every extracted value with its evidence (what `vanthu show` prints).
CREATE TABLE IF NOT EXISTS fields (
    doc_id     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    value      VARCHAR,
    page       INTEGER,
    char_start INTEGER,
    char_end   INTEGER,
    rule       VARCHAR,
    confidence DOUBLE,
    inferred   BOOLEAN,
    corrected  BOOLEAN DEFAULT FALSE   -- value comes from an archivist's correction
);

CREATE TABLE IF NOT EXISTS signers (
    doc_id    VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    name      VARCHAR,
    title     VARCHAR,
    rank      VARCHAR,
    authority VARCHAR
);

CREATE TABLE IF NOT EXISTS arrivals (
    doc_id       VARCHAR NOT NULL,
    receiver     VARCHAR,
    arrival_number VARCHAR,
    arrival_date DATE,
    arrival_text VARCHAR
);

CREATE TABLE IF NOT EXISTS citations (
    doc_id       VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    mention      VARCHAR,
    char_start   INTEGER,
    char_end     INTEGER,
    doc_type     VARCHAR,
    number       VARCHAR,
    symbol       VARCHAR,
    cited_date   DATE,
    cited_year   INTEGER,
    cited_month  INTEGER,
    cited_issuer VARCHAR,
    relation     VARCHAR,
    rule         VARCHAR,
    antecedent_seq INTEGER,              -- short form: seq of the full mention it abbreviates
    target_key   VARCHAR                -- the cited document's node (see nodes)
);

CREATE TABLE IF NOT EXISTS deadlines (
    doc_id     VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    due_date   DATE,
    due_year   INTEGER,
    due_month  INTEGER,
    what       VARCHAR,
    char_start INTEGER,
    char_end   INTEGER
);
