"""``newsgraph serve``: the web app and REST API over an ingested database."""

from __future__ import annotations

from typing import Annotated

import typer

from newsgraph.commands.ingest import DEFAULT_DB
from newsgraph.settings import env, env_name
from newsgraph.timebudget import DEFAULT_TIME_BUDGET

TOKEN_ENV = env_name("token")


def serve(
    db: Annotated[str, typer.Option(help="The database written by `newsgraph ingest` "
                                          "(or a JSON/JSONL file of analyzed documents).")
                  ] = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; beyond loopback a token "
                                           "is required.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[str | None, typer.Option(
        help=f"Require this token on every request (env {TOKEN_ENV}).")] = None,
    max_body: Annotated[int, typer.Option(min=1024, help="Largest request body, bytes.")
                        ] = 2 * 1024 * 1024,
    allow_fetch: Annotated[bool, typer.Option(
        help="Let the analyze form fetch a URL the user gives (public addresses only).")
    ] = False,
    analysis: Annotated[bool, typer.Option(
        help="Offer the analyze form and POST /api/analyze.")] = True,
    model: Annotated[str | None, typer.Option(help="spaCy model for the analyze form.")
                     ] = None,
    time_budget: Annotated[float, typer.Option(
        "--time-budget", min=0.0, help="Seconds one analysis may take before it is "
        "stopped (0: no limit).")] = DEFAULT_TIME_BUDGET,
) -> None:
    """Serve the web UI and REST API (OpenAPI at /openapi.json)."""
    from newsgraph.web import create_app, open_repository
    from newsgraph.web.security import UnsafeBindError, check_bind, is_loopback_host
    from newsgraph.web.source import SourceError
    from newsgraph.web.workers import ProcessAnalyzer

    token = token or env("token")
    try:
        check_bind(host, token)
        repo = open_repository(db, warm=True)
    except (UnsafeBindError, SourceError, NotImplementedError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    hosts = None if not is_loopback_host(host) else {
        "127.0.0.1", "localhost", "::1", host.strip("[]").lower()}
    app = create_app(repo, token=token, max_body=max_body, allowed_hosts=hosts,
                     analyzer=ProcessAnalyzer(model, time_budget or None) if analysis else None,
                     allow_fetch=allow_fetch)
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"newsgraph serving {db} on http://{shown}:{port}/"
               + (" (token required)" if token else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                h11_max_incomplete_event_size=64 * 1024)


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)
