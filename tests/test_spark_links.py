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
