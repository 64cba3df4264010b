import gzip
import json
import random
from pathlib import Path

from marsad.extract import ner_clusters
from marsad.extract.ner_clusters import (
    GRANULARITIES,
    VIEWS,
    build,
    cluster_table,
    default_clusters_path,
    tokenize,
)
from marsad.extract.ner_crf import _token_features, featurize


def test_packaged_table_loads():
    assert default_clusters_path().is_file()
    table = cluster_table()
    assert len(table) > 50_000
    ids = table["محمد"]
    assert len(ids) == len(VIEWS) * len(GRANULARITIES)
    assert all(0 <= int(c) < k for c, k in zip(ids, GRANULARITIES * len(VIEWS), strict=True))
    # the finest level nests in the 256 level
    assert int(ids[2]) // (GRANULARITIES[2] // GRANULARITIES[1]) == int(ids[1])
    assert int(ids[5]) // (GRANULARITIES[2] // GRANULARITIES[1]) == int(ids[4])
    # common given names share a cluster
    assert table["احمد"][1] == ids[1]


def test_cluster_features_in_token_features():
    _w, own, _m2, m1, p1, _p2, _sport = _token_features("محمد")
    c = cluster_table()["محمد"]
    assert {"c64=" + c[0], "c256=" + c[1], "c1k=" + c[2], "w64=" + c[3], "w1k=" + c[5]} <= set(own)
    assert "-1c256=" + c[1] in m1 and "+1c1k=" + c[2] in p1
    # clitic back-off: an unseen prefixed form takes the clusters of its stripped reading
    _w, own2, *_ = _token_features("وكالمحمد")
    assert "c=stem" in own2 or any(f.startswith("c256=") for f in own2)
    _w, own3, *_ = _token_features("qqqzzzxxx")
    assert "c=none" in own3
    feats = featurize(["قال", "محمد"])
    assert "c256=" + c[1] in feats[1] and "+1c256=" + c[1] in feats[0]


def test_tokenize():
    assert tokenize("قال أحمد: «نعم»، 2015.") == ["قال", "احمد", ":", "«", "نعم", "»", "،", "2015", "."]


def test_build_tiny(tmp_path: Path, monkeypatch):
    # a synthetic corpus: "names" and "places" in two distinct frames
    rng = random.Random(0)
    names = [f"اسم{chr(0x0628 + i)}" for i in range(12)]
    places = [f"بلد{chr(0x0628 + i)}" for i in range(12)]
    lines = []
    for _ in range(400):
        lines.append(f"قال الرئيس {rng.choice(names)} امس")
        lines.append(f"وصل الوفد الى {rng.choice(places)} صباحا")
    corpus = tmp_path / "snn"
    corpus.mkdir()
    with gzip.open(corpus / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i in range(0, len(lines), 4):
            fh.write(
                json.dumps({"title": "خبر", "content": "\n".join(lines[i : i + 4])}, ensure_ascii=False)
                + "\n"
            )
    out = tmp_path / "cl.tsv.gz"
    info = build(corpus, out, min_count=2, contexts=50, dim=4, granularities=(2, 4, 8))
    assert info["words"] >= 24
    table = ner_clusters.cluster_table(str(out))
    assert table[names[0]][0] == table[names[5]][0]
    assert table[places[0]][0] == table[places[5]][0]
    assert table[names[0]][0] != table[places[0]][0]
    assert len(table[names[0]]) == 6
