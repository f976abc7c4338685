"""`flask jobs worker` (production: beside gunicorn), `flask jobs sweep`, and `flask dev`:
the development server and a worker in one command, as `make run` starts them."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo, with_appcontext

from app.jobs.queue import _periodic, current_queue

jobs_cli = AppGroup("jobs", help="Background work: the worker and its sweeps.")


@jobs_cli.command("worker")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="Jobs run side by side (default 2).")
@click.option("--no-periodic", is_flag=True, help="Leave the periodic sweeps to other workers.")
def worker(threads: int | None, no_periodic: bool):
    """Run jobs until stopped (SIGINT: finish the running jobs first; SIGTERM: at once)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.WARNING)
    queue = current_queue()
    queue.bind_all()
    consumer = queue.huey.create_consumer(
        workers=threads or int(current_app.config.get("JOB_WORKER_THREADS", 2)),
        worker_type="thread",
        periodic=not no_periodic,
        initial_delay=0.1,
        backoff=1.5,
        max_delay=0.5 if queue.polls else 10.0,  # a SQLite queue is polled; Redis wakes up at once
        scheduler_interval=1,
    )
    click.echo(f"Job worker {os.getpid()}: {len(_periodic)} periodic jobs, queue {type(queue.huey).__name__}")
    consumer.run()


@jobs_cli.command("sweep")
def sweep():
    """Run every periodic sweep once, now (e.g. from cron when no worker runs them)."""
    queue = current_queue()
    for name in sorted(_periodic):
        queue.task(name).call_local()
        click.echo(f"ran {name}")


@click.command("dev")
@click.option("--host", default="127.0.0.1")
@click.option("--port", type=int, default=5000)
@with_appcontext
def dev(host: str, port: int):
    """Development server and a job worker together; Ctrl+C stops both."""
    from werkzeug.serving import run_simple

    info = click.get_current_context().find_object(ScriptInfo)
    app_path = (info and info.app_import_path) or os.environ.get("FLASK_APP") or "wsgi"
    worker_process = subprocess.Popen([sys.executable, "-m", "flask", "--app", app_path, "jobs", "worker"])
    # A plain SIGTERM (a test, a process manager) must also stop the worker.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # current_app is a proxy; the server needs the application itself.
        app = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy method
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        _stop(worker_process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # graceful: running jobs finish
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
