"""A static server for site/ that sends the headers the checker needs.

A Web Worker takes its Content-Security-Policy from its own HTTP response,
not from the page's <meta>, so the server sends the policy as a header too;
and .wasm / .mjs need the right MIME types. A missing page is answered with
the site's own 404 page (the English one under /en/), status 404, and a
folder without an index page is missing too, never listed. A file the build
wrote a gzip copy of (generator/precompress.py) is sent as that copy, with
Content-Encoding: gzip, to a browser that takes gzip, as nginx's gzip_static
does. Intranet servers need the same (see README and deploy/; the policy is
csp.py's).
"""

import functools
import http.server
import os
from http import HTTPStatus
from pathlib import Path

from . import csp

HEADERS = {
    "Content-Security-Policy": csp.header(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def takes_gzip(accept_encoding):
    """Whether an Accept-Encoding header names gzip with a quality above 0."""
    for part in accept_encoding.split(","):
        name, *params = part.replace(" ", "").split(";")
        if name.lower() == "gzip":
            quality = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def send_error(self, code, message=None, explain=None):
        page = self._not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self):
        """The site's 404 page in the language of the requested path, if the site has one."""
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        candidates = [root / first / "404.html"] if first.isascii() and first.replace("-", "").isalnum() else []
        candidates.append(root / "404.html")
        return next((page for page in candidates if page.is_file()), None)

    def send_head(self):
        packed = self._packed()
        if packed is None:
            return super().send_head()
        path, copy = packed
        f = open(copy, "rb")
        stat = os.fstat(f.fileno())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return f

    def _packed(self):
        """(the requested file, its gzip copy) when the browser takes gzip and the build
        made a copy; else None (the file is sent as it is, or the request fails as usual)."""
        if not takes_gzip(self.headers.get("Accept-Encoding", "")):
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return None  # the usual redirect to the folder's URL with a slash
            path = os.path.join(path, "index.html")
        copy = path + ".gz"
        if path.endswith(".gz") or not os.path.isfile(path) or not os.path.isfile(copy):
            return None
        return path, copy

    def list_directory(self, path):
        # A folder without an index page is not a page: no listing of the site's files.
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def end_headers(self):
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # quiet: one line per request is noise here
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that stops a download (a reload, a closed tab) is not an error.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def make_server(site, host="127.0.0.1", port=8000):
    handler = functools.partial(Handler, directory=str(site))
    return Server((host, port), handler)


def serve(site, host="127.0.0.1", port=8000):
    server = make_server(site, host, port)
    print(f"Serving {site} on http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
