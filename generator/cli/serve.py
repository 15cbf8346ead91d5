"""``lekgotla serve``: the site on a local web server, kept up to date while you edit.

Three parts, each in its own process:

- this one: the web server and the watcher of the files the site is made of (``content/``, the
  library's theme overrides, the package's theme, ``mkdocs.yml``). It adds a small script of its own
  (live-reload.js) to each page it sends, which reloads the page when its HTML changes and shows the
  problems of the edited files; the files it serves are a build's, byte for byte;
- the builder (mkdocs_plugin/live_builder.py): builds the site once, then takes each change in;
- the builder's own processes for the check of the whole site after a change, and for the search index.

Ctrl-C or SIGTERM stops all of them: each is in a process group of its own, ended here.
"""

from __future__ import annotations

import http.server
import io
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import click

#: Addresses of the server's own, beside the site's.
PREFIX = "/__lekgotla__/"
SCRIPT = Path(__file__).with_name("live-reload.js")
#: Seconds a browser's request for news is held open when there is none.
HOLD = 25


@click.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
def serve(config_file: Path, host: str, port: int) -> None:
    """Serve the site at http://HOST:PORT/ and keep it up to date while you edit.

    Builds the site once (from the caches when they are warm), then watches content/, the
    theme and mkdocs.yml: a saved edit shows in the open browser pages it changes within
    seconds. Problems in an edited file are shown here and on the page; the site keeps the last
    version that passed the check. Search catches up in the background. Ctrl-C stops it.

    \b
    Example:
      lekgotla serve
      lekgotla serve --port 8001
    """
    state = LiveState()
    try:
        server = http.server.ThreadingHTTPServer((host, port), _handler_class(state))
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
    server.daemon_threads = True
    session = Session(config_file.resolve(), server, state)
    stopping = _Stopping()
    try:
        session.run(stopping)
    except KeyboardInterrupt:
        pass
    finally:
        if stopping.asked:
            click.echo("Stopping …", err=True)
        session.stop()
    raise SystemExit(session.exit_code)


class _Stopping:
    """Ctrl-C or SIGTERM stops the command: the first raises KeyboardInterrupt (and is noted, should it
    arrive where it cannot be raised); any later one is ignored, so that nothing cuts the stop short."""

    def __init__(self) -> None:
        self.asked = False
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)

    def _stop(self, signum, frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.asked = True
        raise KeyboardInterrupt


class LiveState:
    """What the browsers' scripts ask the server: which pages changed, the problems, whether search lags."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.version = 0  # counts the changes the browsers were told of
        self.pages: dict[str, int] = {}  # address -> the version its HTML last changed at
        self.problems: list[str] = []
        self.problems_version = 0
        self.busy = False
        self.indexing = False
        self.complete_passes = 0  # for tests and bench/run.py: how many changes were taken in completely
        self.root: Path | None = None  # the folder served

    def pages_changed(self, addresses: list[str]) -> None:
        with self.changed:
            self.version += 1
            for address in addresses:
                self.pages[_address(address)] = self.version
            self.changed.notify_all()

    def update(self, **values) -> None:
        with self.changed:
            if "problems" in values and values["problems"] != self.problems:
                self.problems_version += 1
            if values.get("busy") is False and self.busy:
                self.complete_passes += 1
            for name, value in values.items():
                setattr(self, name, value)
            self.changed.notify_all()

    def wait(self, path: str, since: int, problems_version: int, indexing: bool | None) -> dict:
        """News for the page at ``path`` loaded at version ``since``: at once if there is any, else
        when there is, or after HOLD seconds."""
        address, deadline = _address(path), time.monotonic() + HOLD
        with self.changed:
            while True:
                news = (self.pages.get(address, 0) > since or problems_version != self.problems_version
                        or (indexing is not None and indexing != self.indexing))
                left = deadline - time.monotonic()
                if news or left <= 0:
                    return {"reload": self.pages.get(address, 0) > since, "problems": self.problems,
                            "problems_version": self.problems_version, "indexing": self.indexing}
                self.changed.wait(left)

    def status(self) -> dict:
        with self.changed:
            return {"version": self.version, "busy": self.busy, "indexing": self.indexing,
                    "problems": self.problems, "complete_passes": self.complete_passes, "root": str(self.root)}


def _address(path: str) -> str:
    return path.strip("/").removesuffix("index.html")


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files as they are, pages with the live-reload script, and the script's own
    addresses (under PREFIX); ``state`` is the session's (``_handler_class``)."""

    state: LiveState

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.state.root or "."), **kwargs)

    def log_message(self, *args) -> None:  # the terminal is for edits and problems
        pass

    def do_GET(self) -> None:
        if self.path.startswith(PREFIX):
            self._own()
        else:
            super().do_GET()

    def _own(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        name = url.path.removeprefix(PREFIX)
        if name == SCRIPT.name:
            return self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if name == "status":
            return self._send(json.dumps(self.state.status()).encode(), "application/json")
        if name == "wait":
            indexing = query.get("indexing", "")
            news = self.state.wait(query.get("path", "/"), int(query.get("since", 0) or 0),
                                   int(query.get("problems", -1) or -1), bool(int(indexing)) if indexing else None)
            return self._send(json.dumps(news).encode(), "application/json")
        self.send_error(404)

    def send_head(self):
        """A file of the site, as it is, but a page with the live-reload script."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # redirects to the address with a slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
            if not path.is_file():
                self.send_error(404)
                return None
        data = path.read_bytes()
        if path.suffix == ".html":
            data = _with_script(data, self.state.version)
        self._send(data, self.guess_type(str(path)), status, body=False)
        return io.BytesIO(data)

    def _send(self, data: bytes, content_type: str, status: int = 200, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # every reload shows the latest edit
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(data)


def _handler_class(state: LiveState) -> type[LiveHandler]:
    return type("Handler", (LiveHandler,), {"state": state})


def _with_script(html: bytes, version: int) -> bytes:
    tag = f'<script src="{PREFIX}{SCRIPT.name}" data-since="{version}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class Session:
    """The server, the watcher and the builder process, for as long as the command runs."""

    def __init__(self, config_file: Path, server: http.server.ThreadingHTTPServer, state: LiveState):
        self.config_file, self.server, self.state = config_file, server, state
        self.serving = self.stopping = False
        self.exit_code = 0
        self.builder: multiprocessing.process.BaseProcess | None = None
        self.conn: Connection | None = None  # to the builder
        self.groups: set[int] = set()  # process groups started for this command
        self.folders: list[Path] = []
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.watcher = None
        self.lock = threading.Lock()

    def run(self, stopping: _Stopping) -> None:
        started = time.perf_counter()
        click.echo(f"Building the site from {self.config_file.name} …", err=True)
        watched = self._start_builder()
        if watched is None:
            return
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        threading.Thread(target=self.server.serve_forever, name="lekgotla-serve-http", daemon=True).start()
        self.serving = True
        self.watcher = _watch(watched, self._changed)
        click.echo(f"✓ Serving http://{host}:{port}/ ({time.perf_counter() - started:.1f} s); watching "
                   f"{', '.join(_shown(Path(p)) for p in [watched['content'], *watched['theme']])} and "
                   f"{self.config_file.name}. Ctrl-C to stop.", err=True)
        while not self.ended.wait(0.5) and not stopping.asked:
            pass

    def _start_builder(self) -> dict | None:
        from generator.mkdocs_plugin import live_builder  # noqa: F401 - fails here, not in the builder, if broken

        folder = Path(tempfile.mkdtemp(prefix="lekgotla-serve-"))
        self.folders.append(folder)
        context = multiprocessing.get_context("spawn")  # a fresh process: this one runs threads
        receiving, sending = context.Pipe()
        process = context.Process(target=_builder, name="lekgotla-serve-builder",
                                  args=(sending, str(self.config_file), str(folder / "site"), os.getpid()))
        process.start()
        sending.close()
        self.builder, self.conn, self.groups = process, receiving, self.groups | {process.pid or 0}
        self.watched: dict | None = None
        threading.Thread(target=self._listen, args=(receiving, folder / "site"), daemon=True).start()
        self.ready.wait()
        self.ready.clear()
        return self.watched

    def _listen(self, conn, site: Path) -> None:
        """What the builder says, until it ends."""
        while True:
            try:
                kind, *content = conn.recv()
            except (EOFError, OSError):
                break
            if kind == "ready":
                self.state.update(root=site)
                self.watched = content[0]["watch"]
                click.echo(f"  built {content[0]['pages']:,} pages in {content[0]['seconds']:.1f} s", err=True)
                self.ready.set()
            elif kind == "failed":
                click.echo(f"✗ The site could not be built:\n{content[0]}", err=True)
                self.exit_code = 1
                break
            elif kind == "pages":
                self.state.pages_changed(content[0])
            elif kind == "problems":
                self.state.update(problems=content[0])
            elif kind == "state":
                self.state.update(**content[0])
            elif kind == "say":
                click.echo(content[0], err=True)
            elif kind == "group":
                self.groups.add(content[0])
        if conn is self.conn and not self.stopping:  # the builder ended on its own: so does the command
            if self.watched is not None and self.exit_code == 0:
                click.echo("✗ The builder stopped.", err=True)
                self.exit_code = 1
            self.ready.set()
            self.ended.set()

    def _changed(self, paths: list[str]) -> None:
        if str(self.config_file) in paths:
            click.echo(f"↻ {self.config_file.name} changed: building the site again …", err=True)
            threading.Thread(target=self._restart, daemon=True).start()
            return
        with self.lock:
            try:
                if self.conn:
                    self.conn.send(("changes", paths))
            except (OSError, ValueError):
                pass

    def _restart(self) -> None:
        old = self.builder, self.conn
        self.builder, self.conn = None, None
        _stop_process(*old, self.groups)
        if self._start_builder() is None:
            self.ended.set()

    def stop(self) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C would leave processes behind
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.stopping = True
        if self.watcher:
            self.watcher.stop()
        if self.serving:
            self.server.shutdown()
        self.server.server_close()
        if self.builder:
            _stop_process(self.builder, self.conn, self.groups)
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


def _builder(conn, config_file: str, site_dir: str, server: int) -> None:
    """The builder process: in a group of its own, so that Ctrl-C reaches the server alone, which stops it."""
    os.setpgid(0, 0)
    from generator.mkdocs_plugin.live_builder import run

    run(conn, config_file, site_dir, server)


def _stop_process(process, conn, groups: set[int]) -> None:
    """Stop the builder and every process group started for the command, and wait for them."""
    try:
        conn.send(("stop",))
    except (OSError, ValueError, AttributeError):
        pass
    if process.is_alive():
        os.kill(process.pid, signal.SIGTERM)
        process.join(10)
    for group in sorted(groups):
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.join()


def _watch(watched: dict, changed: Callable[[list[str]], None]):
    """Watch the site's sources; ``changed`` gets the paths of each settled batch of changes."""
    from generator.cli.live_watch import watch  # watchdog is imported when serve runs, not by every command

    folders = [str(Path(f)) for f in [watched["content"], *watched["theme"]] if Path(f).is_dir()]
    return watch(folders, {str(Path(f)) for f in watched["files"]}, changed)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path) + "/"
