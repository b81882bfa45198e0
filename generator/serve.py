"""A static server for site/ that sends the headers the checker needs.

A Web Worker takes its Content-Security-Policy from its own HTTP response,
not from the page's <meta>, so the server sends the policy as a header too;
and .wasm / .mjs need the right MIME types. Intranet servers need the same
(see README; the policy is csp.py's).
"""

import functools
import http.server

from . import csp

HEADERS = {
    "Content-Security-Policy": csp.header(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
    }

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
