"""The site's one Content-Security-Policy, for the page <meta> tag and the HTTP header.

Every page carries ``meta(hashes)`` (inline scripts allowed by hash only; the
hook in hooks.py fills in the hashes). A Web Worker takes its policy from its
own HTTP response, not from the page, so servers send ``header()`` too
(serve.py does; ``python -m generator csp`` prints it for an intranet server):
the same policy, with inline scripts allowed because a header cannot know each
page's hashes, and the page's own <meta> still restricts them.
"""

import base64
import hashlib

POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)


def _policy(extra_script_sources):
    parts = []
    for name, sources in POLICY:
        if name == "script-src" and extra_script_sources:
            sources += " " + " ".join(extra_script_sources)
        parts.append(f"{name} {sources}")
    return "; ".join(parts)


def header():
    return _policy(["'unsafe-inline'"])


def meta(hashes):
    return _policy(sorted(set(hashes)))


def script_hash(body):
    """The CSP source that allows one inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
