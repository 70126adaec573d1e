"""Cross-article linking on Spark (master local[2]) gives the local linker's tables."""

from __future__ import annotations

from newsgraph.crossdoc.clusters import lsh_bands, prepare
from newsgraph.crossdoc.linking import link_store
from newsgraph.store import Store
from tests.test_links import _copies, _tables, docs, varied  # noqa: F401  (fixtures)
from tests.test_spark import spark  # noqa: F401  (fixture)


def test_spark_linking_equals_local_linking(spark, docs, varied, tmp_path):  # noqa: F811
    from newsgraph.spark.linking import articles_to_parquet, prepared_articles, spark_link

    corpus = varied + _copies(docs, 12) + _copies(varied, 6, start=40)
    local_db, spark_db = str(tmp_path / "local.duckdb"), str(tmp_path / "spark.duckdb")
    for db in (local_db, spark_db):
        with Store.open(db) as store:
            for i in range(0, len(corpus), 8):  # arrival order: same batches in both
                store.put_documents(corpus[i:i + 8])
    with Store.open(local_db) as store:
        link_store(store, full=True)
        local = _tables(store)
    with Store.open(spark_db) as store:
        path = str(tmp_path / "articles.parquet")
        assert articles_to_parquet(store, path) == len(corpus)
        found = prepared_articles(spark, path)
        for key, doc in store.iter_documents():
            prepared, candidates = found[key]
            assert prepared == prepare(doc)  # the features, computed on the workers
            assert all(set(lsh_bands(prepared.hashvalues)) &
                       set(lsh_bands(found[c][0].hashvalues)) for c in candidates)
        assert any(candidates for _, candidates in found.values())  # copies share bands
        stats = spark_link(spark, store, str(tmp_path))
        assert stats is not None and stats.rebuilt
        assert _tables(store) == local


# A fixed slice of the shared corpora, in file order: Wikinews articles 160-215 (they
# form multi-article stories: a twelve-article one among them) and the first VOA stories.
# Analysing all 384 would add minutes to CI; this slice keeps the test to about a minute.
WIKINEWS_SLICE = range(160, 216)
VOA_FIRST = 20


def _shared_slice(data_dir):
    from newsgraph.ingest import RawArticle, read_paths

    wikinews = [a for a in read_paths([data_dir / "wikinews" / "wikinews_articles.jsonl"])
                if isinstance(a, RawArticle)]
    voa = [a for a in read_paths([data_dir / "voa" / "voa_stories.jsonl"])
           if isinstance(a, RawArticle)]
    return [wikinews[i] for i in WIKINEWS_SLICE if i < len(wikinews)] + voa[:VOA_FIRST]


def test_spark_linking_equals_local_linking_on_the_shared_corpora(
        spark, pipeline, data_dir, tmp_path):  # noqa: F811
    from newsgraph.spark.linking import spark_link

    analyzed = [pipeline.analyze(article) for article in _shared_slice(data_dir)]
    local_db, spark_db = str(tmp_path / "local.duckdb"), str(tmp_path / "spark.duckdb")
    for db in (local_db, spark_db):
        with Store.open(db) as store:
            for i in range(0, len(analyzed), 16):  # arrival order: same batches in both
                store.put_documents(analyzed[i:i + 16])
    with Store.open(local_db) as store:
        link_store(store)
        local = _tables(store)
        _, rows = store.query("SELECT max(n) FROM (SELECT count(*) AS n FROM story_articles "
                              "GROUP BY story_id) AS sizes")
        assert rows[0][0] >= 3  # the slice forms multi-article stories
    with Store.open(spark_db) as store:
        stats = spark_link(spark, store, str(tmp_path))
        assert stats is not None
        assert _tables(store) == local
