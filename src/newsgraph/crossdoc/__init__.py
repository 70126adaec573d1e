"""Across articles: global entities, story clusters, timelines, revisions, contradictions.

Pure functions over :class:`~newsgraph.schema.Document` lists; the store calls
them and persists what they return (pydantic models in
:mod:`newsgraph.crossdoc.models`)::

    resolution = resolve_entities(docs)            # GlobalEntity list + (article, entity) map
    clusterer = StoryClusterer()                   # incremental: clusterer.add(doc) per arrival
    stories = clusterer.result()                   # Story list
    timeline(docs, entity="Sabrina Singh", resolution=resolution)
    revisions(docs)                                # Revision list (3,000 -> 10,000)
    contradictions(docs, resolution)               # Contradiction list with positions
    world_events(docs, resolution, assignments)    # WorldEvent list: events counted once
    diff_versions(old, new)                        # VersionChange list between two versions
"""

from newsgraph.crossdoc.claims import contradictions, revisions, timeline
from newsgraph.crossdoc.clusters import StoryClusterer, cluster_stories
from newsgraph.crossdoc.entities import Resolution, fold, resolve_entities
from newsgraph.crossdoc.events import world_events
from newsgraph.crossdoc.versions import diff_versions

__all__ = [
    "Resolution",
    "StoryClusterer",
    "cluster_stories",
    "contradictions",
    "diff_versions",
    "fold",
    "resolve_entities",
    "revisions",
    "timeline",
    "world_events",
]
