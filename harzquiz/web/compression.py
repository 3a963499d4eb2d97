"""Compressed responses: static files precompressed (WhiteNoise), pages compressed on the fly
(Flask-Compress).

Static files. WhiteNoise serves everything under `static/` in front of Flask, picking the
smallest variant the browser accepts (brotli `.br`, gzip `.gz`, the file itself) with
`Vary: Accept-Encoding`. The variants are made ahead (`precompress`: by `harzquiz-setup`,
and by the app at start for any that are missing) into the git-ignored
`instance/static-compressed/`, named after the content hash of the file they were made
from (`css/site.css.<hash>.br`), so a variant never outlives an edit: an edited file
simply has no variant until the next start, and is sent uncompressed meanwhile.

Caching. URLs carry the file's content hash (`site.css?v=<hash>`, web.static_files); a
request whose `v` is the current hash is `public, max-age=31536000, immutable` (no
`no-cache`: the browser never asks again); anything else (no `v`, an old or a wrong one)
gets `max-age=0, public`, i.e. revalidate with the ETag. WhiteNoise's own
`immutable_file_test` sees only the path, not the query, so the decision is made per
request here.

Pages. Flask-Compress compresses HTML, htmx partials and other text above
COMPRESS_MIN_SIZE (brotli, else gzip, as the browser asks), after every other
after_request hook; streamed responses (files sent with send_file) are left alone. The
shared page cache (caching.pages) keeps uncompressed bodies: compression happens on the way
out. Why that is safe with CSRF tokens in pages (BREACH), and the measured cost:
docs/performance.md#compression.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.headers import Headers

from flask import Flask, Response
from flask_compress import Compress
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor
from whitenoise.responders import StaticFile
from whitenoise.string_utils import decode_path_info

from harzquiz.web.security import apply_security_headers
from harzquiz.web.static_files import ONE_YEAR, content_hash

log = logging.getLogger(__name__)

IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
REVALIDATE_SECONDS = 0  # a URL without the current hash: the browser checks the ETag each time
ENCODINGS = {"br": "br", "gzip": "gz"}  # Content-Encoding: file suffix
# Pages: see docs/performance.md#compression for the measurements behind these.
PAGE_SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],  # brotli when the browser takes it, else gzip
    "COMPRESS_BR_LEVEL": 1,
    "COMPRESS_LEVEL": 1,
    "COMPRESS_MIN_SIZE": 600,  # bytes: a smaller body shares one packet with the headers
    "COMPRESS_STREAMS": False,  # files sent in chunks (send_file) go out as they are
    # No view sets an ETag (static files, which have them, never reach Flask): skip the
    # conditional-request check on every response, a quarter of the hook's time.
    "COMPRESS_EVALUATE_CONDITIONAL_REQUEST": False,
    "COMPRESS_REGISTER": False,  # registered by `init_app` below, to run after every hook
}


def compressed_folder(app: Flask) -> Path:
    """Where the variants go: STATIC_COMPRESSED_DIR, else instance/static-compressed."""
    configured = app.config.get("STATIC_COMPRESSED_DIR")
    return Path(configured) if configured else Path(app.instance_path, "static-compressed")


def variant_path(folder: Path, relative: str, digest: str, suffix: str) -> Path:
    """Where the `suffix` (br, gz) variant of `relative` with content hash `digest` lives."""
    return folder / f"{relative}.{digest}.{suffix}"


def precompress(static: Path, folder: Path) -> int:
    """Write the missing .br and .gz variants of every compressible file under `static`
    into `folder`, remove variants of earlier contents; the number of files written.

    Best compression (brotli 11, gzip 9): made once, sent many times. Images and fonts are
    not tried; a file that brotli shrinks by less than 5 % gets no variant (WhiteNoise's
    rule), only a `.none` marker, so it is not tried again at the next start."""
    compressor = Compressor(quiet=True)
    written = 0
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        relative = path.relative_to(static).as_posix()
        if not compressor.should_compress(relative):
            continue
        data = path.read_bytes()
        digest = content_hash(data)
        marker = variant_path(folder, relative, digest, "none")
        _remove_stale(marker.parent, path.name, digest)
        brotli = variant_path(folder, relative, digest, "br")
        if marker.exists() or brotli.exists():
            continue
        marker.parent.mkdir(parents=True, exist_ok=True)
        packed = {"br": compressor.compress_brotli(data), "gz": compressor.compress_gzip(data)}
        if not data or len(packed["br"]) > 0.95 * len(data):
            _write(marker, b"")
            continue
        for suffix in ("gz", "br"):  # brotli last: its presence means both are there
            if len(packed[suffix]) <= 0.95 * len(data):
                _write(variant_path(folder, relative, digest, suffix), packed[suffix])
                written += 1
    return written


def _remove_stale(directory: Path, name: str, digest: str) -> None:
    """Variants and markers of the file `name` made from an earlier content."""
    if not directory.is_dir():
        return
    own = re.compile(rf"{re.escape(name)}\.([0-9a-f]{{12}})\.(?:br|gz|none)")
    for old in directory.iterdir():
        found = own.fullmatch(old.name)
        if found and found.group(1) != digest:
            old.unlink(missing_ok=True)


def _write(target: Path, data: bytes) -> None:
    """Atomically: two workers starting at once never serve half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


class FingerprintedStatic(WhiteNoise):
    """WhiteNoise with variants from `folder` and immutable caching for current hashes only."""

    def __init__(
        self,
        application: Callable,
        *,
        static: Path,
        folder: Path,
        prefix: str,
        extra_headers: list[tuple[str, str]],
        autorefresh: bool,
    ) -> None:
        self.static = static.resolve()
        self.folder = folder
        self.extra_headers = extra_headers
        self.hashes: dict[str, str] = {}  # path on disk: content hash (kept unless autorefresh)
        self.compressor = Compressor(quiet=True)
        super().__init__(
            application,
            root=str(self.static),
            prefix=prefix,
            autorefresh=autorefresh,
            max_age=REVALIDATE_SECONDS,
            allow_all_origins=False,  # as Flask served them: same-origin pages only
        )

    def __call__(self, environ, start_response):
        path = decode_path_info(environ.get("PATH_INFO", ""))
        static_file = self.find_file(path) if self.autorefresh else self.files.get(path)
        if static_file is None:
            return self.application(environ, start_response)
        asked = parse_qs(environ.get("QUERY_STRING", "")).get("v")
        if asked and asked[-1] == self._hash_of(static_file.disk_path):
            start_response = _with_cache_control(start_response, IMMUTABLE)
        return self.serve(static_file, environ, start_response)

    def _hash_of(self, disk_path: str) -> str:
        if self.autorefresh or disk_path not in self.hashes:
            self.hashes[disk_path] = content_hash(Path(disk_path).read_bytes())
        return self.hashes[disk_path]

    def get_static_file(self, path, url, stat_cache=None):
        """WhiteNoise's, with the variants looked up in `folder` by the file's hash."""
        if stat_cache is None and not os.path.isfile(path):
            # WhiteNoise's own answer: MissingFileError or IsDirectoryError (to the app: 404)
            return super().get_static_file(path, url, stat_cache)
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        for name, value in self.extra_headers:
            headers[name] = value
        relative = Path(path).relative_to(self.static).as_posix()
        encodings = {}
        if self.compressor.should_compress(relative):  # images: no variants, no hash yet
            digest = self._hash_of(path)
            encodings = {
                encoding: str(variant_path(self.folder, relative, digest, suffix))
                for encoding, suffix in ENCODINGS.items()
            }
        # The variants live outside the scanned root: stat them, not the root's stat cache.
        static_file = StaticFile(path, headers.items(), encodings=encodings)
        static_file.disk_path = path
        return static_file


def _with_cache_control(start_response: Callable, value: str) -> Callable:
    def replaced(status, headers, exc_info=None):
        headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
        headers.append(("Cache-Control", value))
        return start_response(status, headers, exc_info)

    return replaced


def _static_security_headers(app: Flask) -> list[tuple[str, str]]:
    """The security headers every response gets (web.security), as a static file gets them:
    one copy of the policy, applied once at start to an empty non-HTML response."""
    with app.app_context():
        sample = apply_security_headers(Response(mimetype="application/octet-stream"))
    skip = {"content-type", "content-length"}
    return [(k, v) for k, v in sample.headers.items() if k.lower() not in skip]


def serve_static_precompressed(app: Flask) -> None:
    """Make missing variants (if the folder is writable), then put WhiteNoise in front."""
    static = Path(app.static_folder or "")
    if not static.is_dir():  # a root without static files (a throw-away test root)
        log.warning("No static folder at %s: static files are not served", static)
        return
    folder = compressed_folder(app)
    try:
        precompress(static, folder)
    except OSError as problem:  # a read-only install: serve what there is, uncompressed
        log.warning("Static files not precompressed into %s: %s", folder, problem)
    app.wsgi_app = FingerprintedStatic(  # type: ignore[method-assign]
        app.wsgi_app,
        static=static,
        folder=folder,
        prefix=app.static_url_path or "/static",
        extra_headers=_static_security_headers(app),
        autorefresh=app.debug,  # edits show without a restart, as the fingerprints do
    )


def compress_pages(app: Flask) -> Callable[[Response], Response]:
    """Flask-Compress for this app (settings overridable in config); its after_request hook,
    for the app factory to register where it runs last."""
    for key, value in PAGE_SETTINGS.items():
        app.config.setdefault(key, value)
    app.config["COMPRESS_REGISTER"] = False
    compress = Compress(app)
    return compress.after_request
