"""A live preview for editors: save a record, see the page.

`python -m pipeline preview` builds the edition (office profile unless PROFILES= says, PDF
profiles only), serves it on http://127.0.0.1:8017 (PORT=) and watches sources/, layouts/ and
assets/. A save rebuilds what the build state says changed: the documents open in a browser
first, in this process (WeasyPrint, its fonts and parsed stylesheets stay warm), then the rest
in a pool kept from one save to the next (warm too). Each document is shown as page images
with their text beneath; open pages are told of every change by server-sent events and replace
their content in place, keeping their scroll position. A bad edit shows its located lines over
the last good pages.

Safe by construction: loopback only; a request naming another host is refused (no DNS
rebinding); only the preview's own routes exist, and the files they serve are read through the
build's fence (no `..`, no symlink out, no listing); PDFs are written by the build itself
(atomic, preflighted); one preview per project (a lock in build/).
"""

from __future__ import annotations

import dataclasses
import fcntl
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .build import BuildFailed, build
from .config import Settings
from .files import Fenced, read_within
from .problems import Location, PipelineError, Problem
from .profiles import PROFILES
from .workers import keep_workers
from .preview_pages import copyfit_notes, document_page, frame, index_page

ADDRESS = "127.0.0.1"
DPI = 72  # a page image at screen size
WATCHED = ("sources", "layouts", "assets")
WEB_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".woff2": "font/woff2",
             ".webp": "image/webp", ".jpg": "image/jpeg", ".svg": "image/svg+xml",
             ".txt": "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class Page:
    image: str  # URL of its image
    text: str  # the words on it, as poppler reads them
    width: int
    height: int


@dataclass(frozen=True)
class Shown:
    """One document as the preview shows it."""

    name: str  # profile/file.pdf
    kind: str
    language: str
    about: str | None
    pages: tuple[Page, ...] = ()
    problems: tuple[str, ...] = ()
    seconds: float = 0.0
    pending: int = 0  # texts shown in English for want of a translation (a draft)


@dataclass
class Edition:
    """What the preview knows, changed only under its lock and read by the request threads."""

    documents: dict[str, Shown] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # of the last build that stopped before writing
    version: int = 0
    building: bool = True
    last_build: float = 0.0  # seconds
    lock: threading.Condition = field(default_factory=threading.Condition)
    fits: dict[tuple[str, str], str] = field(default_factory=dict)  # (Action, language) -> fit


class Preview:
    def __init__(self, settings: Settings, port: int):
        self.settings = dataclasses.replace(settings, profiles=settings.profiles or ("office",))
        if pages := [name for name in self.settings.profiles if PROFILES[name].format != "pdf"]:
            raise PipelineError([Problem(Location("PROFILES"), f"{', '.join(pages)}: the "
                                         "preview shows PDFs; open build/<year>/web/index.html "
                                         "for the web edition", "settings.profiles")])
        self.port = port
        self.edition = Edition()
        self.images = self.settings.output_folder / "preview"
        self.watching: dict[str, int] = {}  # documents open in a browser, and how many times
        self.stopping = threading.Event()

    # -- building -------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Build what changed, the documents open in a browser first; then tell the pages."""
        started = time.perf_counter()
        open_first = tuple(name for name, count in self.watching.items() if count)
        problems: list[Problem] = []
        results = []
        # The open documents in this process, its writer warm; then the rest in the pool.
        for settings in ([dataclasses.replace(self.settings, names=open_first, jobs=1)]
                         if open_first else []) + [self.settings]:
            try:
                results.append(build(settings))
            except BuildFailed as failed:
                results.append(failed.result)
                problems += failed.problems
            except PipelineError as error:
                problems += error.problems
                break
            if open_first and settings.names:
                self._publish(results, problems, started, partial=True)
        self._publish(results, problems, started, partial=False)
        try:  # the sources may have changed again since the build read them
            fits = copyfit_notes(self.settings)
        except PipelineError:
            return
        with self.edition.lock:
            self.edition.fits = fits
            self.edition.version += 1
            self.edition.lock.notify_all()

    def _publish(self, results, problems: list[Problem], started: float, partial: bool) -> None:
        stopped = [str(p) for p in problems if not _of_a_document(p)]
        changed = {}
        for result in results:
            for written in result.written:
                changed[written.output.name] = self._shown(written)
            for name in result.up_to_date:
                if name not in self.edition.documents:
                    changed[name] = self._shown_existing(name)
        by_document: dict[str, list[str]] = {}
        for problem in problems:
            if _of_a_document(problem):
                by_document.setdefault(problem.location.path, []).append(str(problem))
        with self.edition.lock:
            for name, shown in changed.items():
                if shown is not None:
                    self.edition.documents[name] = shown
            for name, shown in self.edition.documents.items():
                own = tuple(by_document.get(name, ()))
                if own != shown.problems and (not partial or own):
                    self.edition.documents[name] = dataclasses.replace(shown, problems=own)
            self.edition.problems = tuple(stopped)
            self.edition.building = partial
            self.edition.last_build = time.perf_counter() - started
            self.edition.version += 1
            self.edition.lock.notify_all()

    def _shown(self, written) -> Shown:
        output = written.output
        return Shown(output.name, output.kind.name, output.language, output.about,
                     self._pages(written.path, output.name), seconds=written.seconds,
                     pending=written.pending)

    def _shown_existing(self, name: str) -> Shown | None:
        path = self.settings.output_folder / name
        if not path.is_file():
            return None
        kind, language, about = _describe(name)
        return Shown(name, kind, language, about, self._pages(path, name))

    def _pages(self, pdf: Path, name: str) -> tuple[Page, ...]:
        """Page images and texts of a PDF, in a folder of its own, made anew for each build
        (an image name carries the version, so a browser never shows a stale one)."""
        stamp = f"{pdf.stat().st_mtime_ns:x}"
        folder = self.images / name.removesuffix(".pdf")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.is_file() and not old.name.startswith(stamp):
                old.unlink()
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout.split("\f")
        import pypdfium2  # noqa: PLC0415  (preflight's reader)
        pages = []
        document = pypdfium2.PdfDocument(pdf)
        try:
            for number, page in enumerate(document, 1):
                image = folder / f"{stamp}-{number:03d}.png"
                picture = page.render(scale=DPI / 72).to_pil()
                # Fast PNG: a report's photos at zlib's default took pdftoppm 3 s, this 0.5 s.
                picture.save(image, compress_level=1)
                pages.append(Page(f"/image/{quote(name.removesuffix('.pdf'))}/{image.name}",
                                  text[number - 1] if number <= len(text) else "",
                                  *picture.size))
        finally:
            document.close()
        return tuple(pages)

    # -- watching -------------------------------------------------------------------------

    def watch(self) -> None:
        """The first build, then one a save, watched from before the first (none is lost)."""
        from watchfiles import watch  # noqa: PLC0415

        folders = [str(self.settings.project / name) for name in WATCHED
                   if (self.settings.project / name).is_dir()]
        first = True
        for changes in watch(*folders, stop_event=self.stopping, debounce=50, step=20,
                             recursive=True, raise_interrupt=False, yield_on_timeout=True,
                             rust_timeout=100):
            if not changes and not first:
                continue
            first = False
            with self.edition.lock:
                self.edition.building = True
                self.edition.version += 1
                self.edition.lock.notify_all()
            self._rebuild_or_say()

    def _rebuild_or_say(self) -> None:
        """A failure of the preview itself is shown like a problem, and watching goes on."""
        try:
            self.rebuild()
        except Exception as error:  # noqa: BLE001
            with self.edition.lock:
                self.edition.problems = (f"internal error: {type(error).__name__}: {error}",)
                self.edition.building = False
                self.edition.version += 1
                self.edition.lock.notify_all()

    # -- serving --------------------------------------------------------------------------

    def serve(self, announce=print) -> None:
        """Until Ctrl-C: one lock per project, the first build, the server and the watcher."""
        self.settings.build.mkdir(parents=True, exist_ok=True)
        lock_path = self.settings.build / "preview.lock"
        with open(lock_path, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                raise PipelineError([Problem(
                    Location(str(lock_path.relative_to(self.settings.project))),
                    f"a preview of this project is already running ({lock.read().strip()}); "
                    "stop it (Ctrl-C) or use it", "preview.running")]) from None
            server = _Server((ADDRESS, self.port), _handler(self))
            lock.truncate(0)
            lock.write(f"http://{ADDRESS}:{self.port}/")
            lock.flush()
            try:
                announce(f"preview of edition {self.settings.year}: "
                         f"http://{ADDRESS}:{self.port}/ (Ctrl-C stops it)", flush=True)
                keep_workers()  # each save's documents go to warm workers
                threading.Thread(target=self.watch, daemon=True).start()
                server.serve_forever(poll_interval=0.2)
            except KeyboardInterrupt:
                pass
            finally:
                self.stopping.set()
                with self.edition.lock:
                    self.edition.lock.notify_all()
                server.server_close()
                keep_workers(False)
                lock.truncate(0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False


def _handler(preview: Preview):
    allowed = {f"{ADDRESS}:{preview.port}", f"localhost:{preview.port}"}

    class Handler(BaseHTTPRequestHandler):
        server_version = "mieux-preview"

        def log_message(self, *args):  # the terminal is the editor's, not an access log
            pass

        def do_GET(self):  # noqa: N802
            if self.headers.get("Host", "") not in allowed:
                return self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain",
                                  b"this preview answers to 127.0.0.1 and localhost only\n")
            parts = urlsplit(self.path)
            path, query = unquote(parts.path), parse_qs(parts.query)
            if path == "/":
                return self._page(lambda: index_page(preview), query)
            if path.startswith("/document/"):
                name = path.removeprefix("/document/")
                if name not in preview.edition.documents:
                    return self._not_found()
                return self._page(lambda: document_page(preview, name, "all" in
                                                    query.get("languages", [])), query)
            if path == "/events":
                return self._events(query.get("document", [""])[0])
            if path.startswith("/image/"):
                return self._image(path.removeprefix("/image/"))
            if path.startswith("/pdf/"):
                return self._file(preview.settings.output_folder, path.removeprefix("/pdf/"),
                                  "application/pdf", ".pdf")
            suffix = Path(path).suffix
            if path.startswith("/web/") and suffix in WEB_TYPES:  # as `make web` last wrote it
                return self._file(preview.settings.output_folder / "web",
                                  path.removeprefix("/web/"), WEB_TYPES[suffix], suffix)
            return self._not_found()

        def _page(self, make, query):
            with preview.edition.lock:
                body = make()
            if "part" not in query:
                body = frame(body)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())

        def _image(self, relative: str):
            return self._file(preview.images, relative, "image/png", ".png")

        def _file(self, root: Path, relative: str, mime: str, suffix: str):
            try:
                if not relative.endswith(suffix) or "\\" in relative:
                    raise Fenced("not served", "preview.path")
                data = read_within(root / relative, root)
            except (Fenced, OSError):
                return self._not_found()
            self._send(HTTPStatus.OK, mime, data)

        def _events(self, document: str):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if document:
                preview.watching[document] = preview.watching.get(document, 0) + 1
            try:
                seen = -1
                while not preview.stopping.is_set():
                    with preview.edition.lock:
                        if preview.edition.version == seen:
                            preview.edition.lock.wait(timeout=10)
                        version = preview.edition.version
                    message = (f"event: change\ndata: {version}\n\n" if version != seen
                               else ": still here\n\n")
                    seen = version
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                if document:
                    preview.watching[document] -= 1

        def _not_found(self):
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

        def _send(self, status, mime: str, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", mime)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy",
                             "default-src 'self'; style-src 'unsafe-inline'; "
                             "script-src 'unsafe-inline'; img-src 'self'")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _of_a_document(problem: Problem) -> bool:
    return problem.location.path.endswith(".pdf")


def _describe(name: str) -> tuple[str, str, str | None]:
    stem = name.rsplit("/", 1)[-1].removesuffix(".pdf")
    language = stem.rsplit("-", 1)[-1]
    if stem.startswith("factsheet-"):
        return "factsheet", language, stem.removeprefix("factsheet-").rsplit("-", 1)[0]
    return stem.rsplit("-", 2)[0], language, None


def run(settings: Settings, port: int) -> int:
    """The command: 1 and one line when another preview has the project or the port."""
    # Ctrl-C and a plain `kill` stop it, even when started from a shell that ignores them
    # for its background jobs (a child inherits an ignored SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        Preview(settings, port).serve()
    except PipelineError as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        return 1
    except OSError as error:  # the port is taken
        print(f"preview: cannot listen on {ADDRESS}:{port}: {error.strerror}; choose another "
              "with PORT= [preview.port]", file=sys.stderr)
        return 1
    print("preview stopped")
    return 0

