"""Across articles: global entities, story clusters, timelines, revisions, contradictions.

Pure functions over :class:`~newsgraph.schema.Document` lists; the store calls
them and persists what they return (models in :mod:`newsgraph.crossdoc.models`).
"""
