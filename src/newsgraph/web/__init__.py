"""The web app and REST API over an ingested corpus (``newsgraph serve``)."""

from newsgraph.web.app import create_app, pipeline_analyzer
from newsgraph.web.repository import DocumentRepository, Repository
from newsgraph.web.source import open_repository

__all__ = ["DocumentRepository", "Repository", "create_app", "open_repository",
           "pipeline_analyzer"]
