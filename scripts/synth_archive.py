"""Generate a synthetic archive directly as DuckDB tables: every table of a real archive
(runs, files, file_paths, pages, documents, citations, deadlines; the graph with --graph).

Shape, as in real archives: documents of 63 provinces (a few provinces hold most of
them), issued by provincial and district bodies over 2012-2025, numbered per issuer
and year; each answers an earlier document of its province (chains of answers that
start at a national or provincial directing document: the campaign anchors of
pipeline/graph/data/campaigns.yaml among them), and cites national documents with Zipf
(power-law) popularity, earlier local documents (old ones more: a heavy tail), and
local documents that are not in the archive. Citations are written as a citation
extractor gives them (short issuer, date or not, short forms without symbol).

Usage:
    python scripts/synth_archive.py OUT.duckdb [--docs 100000] [--citations 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.graph.reference import load  # noqa: E402

# (issuer template, symbol templates by doc type, share)
ISSUERS = [
    (
        "UBND tỉnh {p}",
        [
            ("Công văn", "UBND-NC"),
            ("Kế hoạch", "KH-UBND"),
            ("Quyết định", "QĐ-UBND"),
            ("Chỉ thị", "CT-UBND"),
        ],
        0.35,
    ),
    (
        "Công an tỉnh {p}",
        [("Báo cáo", "BC-CAT-PV05"), ("Hướng dẫn", "HD-CAT-PV01"), ("Kế hoạch", "KH-CAT-PV28")],
        0.30,
    ),
    ("Sở Giáo dục và Đào tạo tỉnh {p}", [("Báo cáo", "BC-SGDĐT"), ("Kế hoạch", "KH-SGDĐT")], 0.15),
    ("UBND huyện {d}", [("Báo cáo", "BC-UBND"), ("Kế hoạch", "KH-UBND")], 0.20),
]
NATIONAL = [
    ("Chỉ thị", "07", "CT-BCA-V28", "2014-08-15", "Bộ Công an"),
    ("Thông tư", "23", "2012/TT-BCA", "2012-04-27", "Bộ Công an"),
    ("Thông tư", "124", "2021/TT-BCA", "2021-12-28", "Bộ Công an"),
    ("Chỉ thị", "09", "CT/TW", "2011-12-01", "Ban Bí thư"),
    ("Nghị định", "06", "2013/NĐ-CP", "2013-01-09", "Chính phủ"),
    ("Nghị định", "30", "2020/NĐ-CP", "2020-03-05", "Chính phủ"),
]
DISTRICTS = [
    "Mộ Đức",
    "Bình Sơn",
    "Sơn Tịnh",
    "Tư Nghĩa",
    "Nghĩa Hành",
    "Đức Phổ",
    "Ba Tơ",
    "Trà Bồng",
]


def generate(n_docs: int, n_cits: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    provinces = [p.name for p in load().provinces]
    pw = 1.0 / np.arange(1, len(provinces) + 1) ** 0.8
    prov_idx = rng.choice(len(provinces), size=n_docs, p=pw / pw.sum())
    kinds = rng.choice(len(ISSUERS), size=n_docs, p=[i[2] for i in ISSUERS])
    years = np.sort(rng.integers(2012, 2026, size=n_docs))
    days = rng.integers(1, 366, size=n_docs)
    dates = pd.to_datetime(years.astype(str), format="%Y") + pd.to_timedelta(
        np.minimum(days, 364), unit="D"
    )
    docs = []
    counter: dict[tuple, int] = {}
    by_prov: dict[int, list[int]] = {}
    for i in range(n_docs):
        p = provinces[prov_idx[i]]
        tmpl, types, _ = ISSUERS[kinds[i]]
        district = DISTRICTS[i % len(DISTRICTS)]
        issuer = tmpl.format(p=p, d=district)
        doc_type, symbol = types[i % len(types)]
        k = (prov_idx[i], kinds[i], district if kinds[i] == 3 else "", years[i])
        counter[k] = counter.get(k, 0) + 1
        docs.append(
            (
                f"s{i:07d}-1",
                f"s{i:07d}",
                i,
                doc_type,
                str(counter[k]),
                symbol,
                dates[i].date(),
                int(years[i]),
                p if kinds[i] != 3 else district,
                issuer,
                f"UBND tỉnh {p}" if kinds[i] == 3 else None,
                p,
            )
        )
        by_prov.setdefault(prov_idx[i], []).append(i)
    pos_in_prov = np.zeros(n_docs, dtype=np.int64)
    for lst in by_prov.values():
        pos_in_prov[lst] = np.arange(len(lst))
    # citations per document: at least one (the answer), mean n_cits / n_docs
    per_doc = 1 + rng.poisson(max(n_cits / n_docs - 1, 0), size=n_docs)
    scale = n_cits / per_doc.sum()
    per_doc = np.maximum(1, np.round(per_doc * scale)).astype(int)
    nat_rank = rng.zipf(1.4, size=int(per_doc.sum())) - 1
    u = rng.random(int(per_doc.sum()) * 2)
    cits = []
    texts = []
    ci = 0
    directing = {"Kế hoạch", "Chỉ thị", "Quyết định", "Hướng dẫn", "Công văn"}
    level = np.zeros(n_docs, dtype=np.int64)  # depth of a document's chain of answers
    recent: dict[int, list[int]] = {}  # per province: recent directing documents
    for i in range(n_docs):
        d = docs[i]
        plist = by_prov[prov_idx[i]]
        mine = pos_in_prov[i]
        refs = []
        pool = recent.setdefault(prov_idx[i], [])
        for s in range(per_doc[i]):
            r = u[ci * 2]
            relation = "answers" if s == 0 else "cites"
            if s == 0 and pool and r < 0.85:
                # answers a recent directing document of its province (chains, depth <= 6)
                j = pool[int(len(pool) * u[ci * 2 + 1] ** 0.5) - 1 if len(pool) > 1 else 0]
                level[i] = level[j] + 1
                t = docs[j]
            elif s > 0 and mine > 0 and r < 0.45:
                # an earlier document of the same province; old ones more often (heavy tail)
                j = plist[int(mine * u[ci * 2 + 1] ** 2.5)]
                t = docs[j]
            else:
                t = None
            if t is not None:
                short = (
                    "UBND tỉnh"
                    if t[9].startswith("UBND tỉnh")
                    else ("Công an tỉnh" if t[9].startswith("Công an") else t[9])
                )
                cits.append(
                    (
                        d[0],
                        s + 1,
                        t[3],
                        t[4],
                        t[5],
                        t[6] if r > 0.1 else None,
                        t[7],
                        short,
                        relation,
                    )
                )
                refs.append(f"{t[3]} số {t[4]}/{t[5]}")
            elif s == 0 or r < 0.75:
                nt = NATIONAL[int(nat_rank[ci])] if nat_rank[ci] < len(NATIONAL) else None
                if nt is None:  # the long tail of national documents
                    n = int(nat_rank[ci])
                    nt = (
                        "Thông tư",
                        str(n),
                        f"{2010 + n % 15}/TT-BCA",
                        f"{2010 + n % 15}-06-01",
                        "Bộ Công an",
                    )
                cits.append(
                    (
                        d[0],
                        s + 1,
                        nt[0],
                        nt[1],
                        nt[2],
                        nt[3] if r > 0.3 else None,
                        int(nt[3][:4]) if r > 0.3 else None,
                        nt[4],
                        relation,
                    )
                )
                refs.append(f"{nt[0]} số {nt[1]}/{nt[2]}")
            else:  # a local document that is not in the archive
                n = int(u[ci * 2 + 1] * 5000) + 1
                y = int(years[i]) - int(r * 3)
                cits.append(
                    (
                        d[0],
                        s + 1,
                        "Quyết định",
                        str(n),
                        "QĐ-UBND",
                        None,
                        y,
                        "Chủ tịch UBND tỉnh",
                        relation,
                    )
                )
                refs.append(f"Quyết định số {n}/QĐ-UBND")
            ci += 1
        if d[3] in directing and level[i] < 5:
            pool.append(i)
            if len(pool) > 40:
                pool.pop(0)
        texts.append(
            f"{d[3]} {d[4]}/{d[5]}\nThực hiện {refs[0]}, {d[9]} triển khai như sau.\nCăn cứ "
            + "; ".join(refs[1:4])
        )
    ddf = pd.DataFrame(
        docs,
        columns=[
            "doc_id",
            "file_id",
            "ordinal",
            "doc_type",
            "number",
            "symbol",
            "issued_date",
            "issued_year",
            "place",
            "issuer",
            "issuer_parent",
            "province",
        ],
    )
    ddf["ordinal"] = 1
    ddf["text"] = texts
    ddf["subject"] = [t.split("\n")[1][:80] for t in texts]
    ddf["recipients"] = [
        ["Công an tỉnh", "UBND huyện, thị xã, thành phố"] if s.startswith("KH") else []
        for s in ddf["symbol"]
    ]
    cdf = pd.DataFrame(
        cits,
        columns=[
            "doc_id",
            "seq",
            "doc_type",
            "number",
            "symbol",
            "cited_date",
            "cited_year",
            "cited_issuer",
            "relation",
        ],
    )
    cdf["cited_date"] = pd.to_datetime(cdf["cited_date"]).dt.date
    dl = ddf[ddf["symbol"].str.startswith("KH")][["doc_id", "issued_date"]].copy()
    dl["seq"] = 1
    dl["due_date"] = (pd.to_datetime(dl["issued_date"]) + pd.Timedelta(days=45)).dt.date
    dl["what"] = "Báo cáo kết quả"
    # Every table a real archive has: one plain-text file of one page per document,
    # seen under one path (so a re-run over the same inbox finds it unchanged).
    now = pd.Timestamp("2026-01-01")
    fdf = pd.DataFrame(
        {
            "file_id": ddf["file_id"],
            "path": [f"data/raw/synth/{f}.txt" for f in ddf["file_id"]],
            "size_bytes": [len(t.encode("utf-8")) for t in texts],
            "media_type": "text/plain",
            "pages": 1,
            "text_source": "plain",
            "status": "ok",
            "ingested_at": now,
            "run_id": 1,
        }
    )
    pdf = pd.DataFrame(
        {"file_id": ddf["file_id"], "page": 1, "source": "plain", "text": ddf["text"]}
    )
    fpdf = pd.DataFrame(
        {
            "file_id": fdf["file_id"],
            "path": fdf["path"],
            "size_bytes": fdf["size_bytes"],
            "mtime": 1.7e9,
            "first_seen": now,
            "last_seen": now,
        }
    )
    ddf["source_path"] = fdf["path"]
    ddf["page_start"] = 1
    ddf["page_end"] = 1
    runs = pd.DataFrame(
        {
            "run_id": [1],
            "started_at": [now],
            "finished_at": [now],
            "inbox": ["data/raw"],
            "version": ["synthetic"],
            "files_seen": [n_docs],
            "files_new": [n_docs],
            "documents_new": [n_docs],
            "citations_new": [len(cdf)],
        }
    )
    return {
        "runs": runs,
        "files": fdf,
        "file_paths": fpdf,
        "pages": pdf,
        "documents": ddf,
        "citations": cdf,
        "deadlines": dl[["doc_id", "seq", "due_date", "what"]],
    }


def write(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    from pipeline.store.db import migrate

    migrate(con)  # this version's schema and its version row, as a real archive has
    for name, df in tables.items():
        con.register("_synth", df)
        cols = ", ".join(df.columns)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _synth")
        con.unregister("_synth")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--citations", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--graph", action="store_true", help="also build the citation graph")
    a = ap.parse_args()
    t0 = time.perf_counter()
    tables = generate(a.docs, a.citations, a.seed)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(a.out))
    write(con, tables)
    print(
        f"{len(tables['documents'])} documents, {len(tables['citations'])} citations -> {a.out} "
        f"({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    if a.graph:
        from pipeline.graph.build import rebuild_graph

        print(rebuild_graph(con), file=sys.stderr)
    con.close()


if __name__ == "__main__":
    main()
