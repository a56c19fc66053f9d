#!/usr/bin/env python3
"""tests/net/run.py — folio against URLs served by a local HTTP server.

Usage: run.py FOLIO_BINARY SOURCE_ROOT

Starts a ThreadingHTTPServer on 127.0.0.1 (port 0, so the system picks a
free one) in a thread, with one handler per case: a normal article,
redirect chains and loops, HTTP errors, a slow server, gzip and deflate
bodies (whole, truncated, damaged, several members, two codings in a row,
a bomb), a coding never offered (br), a charset given only in the Content-Type header, bodies
over the size cap, types that are not HTML, and redirects to file://. Then
runs the folio binary on each and checks the exit code, stdout and the one
line on stderr. Nothing leaves the machine.

Exit codes checked are those of folio(1): 0 done, 3 input error, 5 limit.
Prints one line per case and a closing "N passed, M failed".
"""
import gzip
import json
import os
import re
import shutil
import ssl
import tempfile
import zlib
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FOLIO_TIMEOUT = 30  # seconds any one folio run may take before the test gives up

# ------------------------------------------------------------------ pages

PARAGRAPHS = [
    "The harbour town of Kelvik has kept a tide log since 1871, and every "
    "morning a volunteer still climbs the stone steps of the old pilot house "
    "to read the brass gauge and write the figure in a ledger by hand.",
    "Marta Olsen, who has done the job for eleven years, says the ritual "
    "matters more than the number. Fishermen check the ledger before they "
    "check their phones, and the school brings every new class to watch.",
    "The records are not only charming. Researchers at the coastal institute "
    "have used the ledgers, which survived two fires and a flood, to measure "
    "how the sea level in the fjord has risen by nineteen centimetres.",
    "Digitising the books took three winters. Students photographed each "
    "page, and a group of retired teachers typed the figures into a "
    "spreadsheet, checking every tenth entry against the original ink.",
    "What surprised the team most were the margins, where generations of "
    "readers left notes about storms, herring runs, a visiting king, and "
    "once, in 1923, a complaint that the gauge had been painted green.",
]


def article_page(title, paragraphs=PARAGRAPHS, head_extra="", body_extra=""):
    """A small, real-looking article page (str)."""
    paras = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<title>{title} | The Kelvik Courier</title>
{head_extra}
<meta name="author" content="Ingrid Haugen">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By Ingrid Haugen</p>
{paras}
{body_extra}
</article>
</main>
<footer><p>&copy; The Kelvik Courier</p></footer>
</body>
</html>
"""


def _page_bytes(title):
    """article_page(title) as UTF-8 bytes."""
    return article_page(title).encode("utf-8")


LATIN1_PARAGRAPHS = [
    "The café on the quay serves a crème brûlée that visitors remember long "
    "after the ferry has left, and the owner, Zoë Lindqvist, bakes it at dawn.",
    "Her menu, written in a naïve hand on a slate, lists prices in euros "
    "since 2002: the brûlée costs 6 € and the coffee 3 €.",
    "Regulars call her “the admiral” because she runs the kitchen like a "
    "ship, and nobody argues when she says the soup is finished.",
    "In winter the café opens only on Saturdays, when the fishermen’s choir "
    "rehearses in the back room and the windows steam up by noon.",
]

LINK_PARAGRAPH = ('The full tide tables for the year are on the <a href="../notes/tides.html">'
                  'tables page</a>, updated every Monday by the harbour office.')

# ----------------------------------------------------------------- server


class State:
    """What the handlers saw, for the checks (guarded by a lock)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.headers = {}  # path -> request headers of the last request

    def record(self, path, headers):
        with self.lock:
            self.headers[path] = dict(headers)

    def seen(self, path):
        with self.lock:
            return self.headers.get(path)


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=(), length=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(code)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def redirect(self, location, code=302):
        self.send(code, f'<p>Moved to <a href="{location}">here</a></p>',
                  headers=[("Location", location)])

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        STATE.record(path, self.headers)
        route = ROUTES.get(path)
        if route is None:
            self.send(404, "<h1>Not found</h1>")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass


def r_article(h):
    h.send(200, article_page("Tide Log Kept by Hand for 150 Years"))


def r_chain(n):
    def route(h):
        h.redirect(f"/chain{n + 1}" if n < 3 else "/sub/dir/final.html")
    return route


def r_final(h):
    h.send(200, article_page("Where the Tide Tables Live",
                             PARAGRAPHS[:4] + [LINK_PARAGRAPH]))


def r_loop_a(h):
    h.redirect("/loop-b")


def r_loop_b(h):
    h.redirect("/loop-a")


def r_404(h):
    h.send(404, article_page("Page Not Found"))


def r_500(h):
    h.send(500, "<h1>Internal Server Error</h1>")


def r_slow(h):
    time.sleep(4)
    h.send(200, article_page("Slow News"))


def r_stall(h):
    """Headers and half the body at once, then nothing: a stalled server."""
    body = _page_bytes("Stalled News")
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[: len(body) // 2])
    h.wfile.flush()
    time.sleep(5)
    h.close_connection = True


def r_gzip(h):
    body = gzip.compress(article_page("Compressed Tides").encode("utf-8"))
    h.send(200, body, headers=[("Content-Encoding", "gzip")])


def r_gzip_truncated(h):
    body = gzip.compress(article_page("Compressed Tides").encode("utf-8"))
    h.send(200, body[: len(body) // 2], headers=[("Content-Encoding", "gzip")])


def r_gzip_damaged(h):
    body = bytearray(gzip.compress(_page_bytes("Compressed Tides")))
    for i in range(len(body) // 3, len(body) // 3 + 40):  # scribble over the middle
        body[i] ^= 0x5A
    h.send(200, bytes(body), headers=[("Content-Encoding", "gzip")])


def r_gzip_members(h):
    page = _page_bytes("Two Members")
    half = len(page) // 2
    body = gzip.compress(page[:half]) + gzip.compress(page[half:])
    h.send(200, body, headers=[("Content-Encoding", "gzip")])


def r_gzip_bomb(h):
    """2 MB of page from a few KB of gzip: the cap must count decoded bytes."""
    page = article_page("Bomb", body_extra="<p>" + " " * 2_000_000 + "</p>").encode("utf-8")
    h.send(200, gzip.compress(page), headers=[("Content-Encoding", "gzip")])


def r_deflate(h):
    h.send(200, zlib.compress(_page_bytes("Deflated Tides")),
           headers=[("Content-Encoding", "deflate")])


def r_deflate_raw(h):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(_page_bytes("Raw Deflated Tides")) + c.flush()
    h.send(200, body, headers=[("Content-Encoding", "deflate")])


def r_br_unasked(h):
    """br although folio never offers it (the bytes need not be real br)."""
    h.send(200, b"\x1b\x2b\x00\xf8 not really brotli", headers=[("Content-Encoding", "br")])


def r_gzip_bad_crc(h):
    body = bytearray(gzip.compress(_page_bytes("Bad Checksum")))
    body[-8] ^= 0xFF  # the CRC-32 in the trailer
    h.send(200, bytes(body), headers=[("Content-Encoding", "gzip")])


def r_gzip_named(h):
    """A gzip header with FEXTRA, FNAME, FCOMMENT and FHCRC (gzip.compress
    writes none of them)."""
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    page = _page_bytes("Named Member")
    data = raw.compress(page) + raw.flush()
    head = bytearray(b"\x1f\x8b\x08" + bytes([2 | 4 | 8 | 16]) + b"\x00" * 4 + b"\x00\xff")
    head += (6).to_bytes(2, "little") + b"AB\x02\x00xy" + b"page.html\x00" + b"a comment\x00"
    head += (zlib.crc32(bytes(head)) & 0xFFFF).to_bytes(2, "little")
    trailer = zlib.crc32(page).to_bytes(4, "little") + len(page).to_bytes(4, "little")
    h.send(200, bytes(head) + data + trailer, headers=[("Content-Encoding", "gzip")])


def r_gzip_trailing(h):
    """Zero bytes after the member: ignored, as gzip(1) does."""
    body = gzip.compress(_page_bytes("Trailing Zeros")) + b"\x00" * 16
    h.send(200, body, headers=[("Content-Encoding", "gzip")])


def r_x_gzip(h):
    h.send(200, gzip.compress(_page_bytes("Old Name")), headers=[("Content-Encoding", "x-gzip")])


def r_identity(h):
    h.send(200, _page_bytes("Identity"), headers=[("Content-Encoding", "identity")])


def r_two_codings(h):
    """deflate applied first, then gzip: Content-Encoding lists them in order."""
    body = gzip.compress(zlib.compress(_page_bytes("Two Codings")))
    h.send(200, body, headers=[("Content-Encoding", "deflate, gzip")])


def r_two_codings_bomb(h):
    """The bomb inside: deflate, then gzip around it."""
    page = article_page("Bomb", body_extra="<p>" + " " * 2_000_000 + "</p>").encode("utf-8")
    h.send(200, gzip.compress(zlib.compress(page, 9)),
           headers=[("Content-Encoding", "deflate, gzip")])


def r_gzip_then_br(h):
    h.send(200, gzip.compress(_page_bytes("Not Brotli")),
           headers=[("Content-Encoding", "gzip, br")])


def r_escape_coding(h):
    """A coding name holding a terminal escape: never copied to stderr."""
    h.send(200, b"<p>x</p>", headers=[("Content-Encoding", "\x1b[31mevil")])


def r_br_redirect(h):
    """A redirect whose own (empty) body claims br: the coding belongs to
    that response only, the page it leads to is plain gzip."""
    h.send(302, b"", headers=[("Location", "/gzip"), ("Content-Encoding", "br")])


def r_deflate_truncated(h):
    body = zlib.compress(_page_bytes("Deflated Tides"))
    h.send(200, body[:-6], headers=[("Content-Encoding", "deflate")])


def r_deflate_bomb(h):
    page = article_page("Bomb", body_extra="<p>" + " " * 2_000_000 + "</p>").encode("utf-8")
    h.send(200, zlib.compress(page, 9), headers=[("Content-Encoding", "deflate")])


def r_gzip_empty(h):
    """No body at all (Content-Length 0) with a coding: an empty page."""
    h.send(200, b"", headers=[("Content-Encoding", "gzip")])


def r_zstd(h):
    h.send(200, b"\x28\xb5\x2f\xfd not really zstd", headers=[("Content-Encoding", "zstd")])


def r_latin1(h):
    page = article_page("Café Culture on the Quay", LATIN1_PARAGRAPHS)
    h.send(200, page.encode("cp1252"), ctype="text/html; charset=windows-1252")


def r_big(h):
    filler = "".join(f"<p>Paragraph {i} of a very long page about tides. </p>\n"
                     for i in range(600))
    h.send(200, article_page("A Very Long Page", body_extra=filler))


def r_big_nolength(h):
    """Over the cap with no Content-Length: the cap must bite while reading."""
    filler = "".join(f"<p>Paragraph {i} of a very long page about tides. </p>\n"
                     for i in range(600))
    body = article_page("A Very Long Page", body_extra=filler).encode("utf-8")
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    for i in range(0, len(body), 4096):
        h.wfile.write(body[i:i + 4096])
        h.wfile.flush()
    h.close_connection = True


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
       b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def r_png(h):
    h.send(200, PNG, ctype="image/png")


def r_to_file(h):
    h.redirect("file:///etc/passwd")


def r_plain_html(h):
    h.send(200, article_page("Served as Plain Text"), ctype="text/plain; charset=utf-8")


def r_plain_text(h):
    h.send(200, "\n\n".join(PARAGRAPHS), ctype="text/plain; charset=utf-8")


def r_no_type(h):
    h.send(200, article_page("A Page Without a Type"), ctype=None)


ROUTES = {
    "/article": r_article,
    "/chain1": r_chain(1),
    "/chain2": r_chain(2),
    "/chain3": r_chain(3),
    "/sub/dir/final.html": r_final,
    "/loop-a": r_loop_a,
    "/loop-b": r_loop_b,
    "/missing": r_404,
    "/broken": r_500,
    "/slow": r_slow,
    "/stall": r_stall,
    "/gzip": r_gzip,
    "/gzip-truncated": r_gzip_truncated,
    "/gzip-damaged": r_gzip_damaged,
    "/gzip-members": r_gzip_members,
    "/gzip-bomb": r_gzip_bomb,
    "/deflate": r_deflate,
    "/deflate-raw": r_deflate_raw,
    "/zstd": r_zstd,
    "/br-unasked": r_br_unasked,
    "/gzip-bad-crc": r_gzip_bad_crc,
    "/gzip-named": r_gzip_named,
    "/gzip-trailing": r_gzip_trailing,
    "/x-gzip": r_x_gzip,
    "/identity": r_identity,
    "/two-codings": r_two_codings,
    "/deflate-truncated": r_deflate_truncated,
    "/two-codings-bomb": r_two_codings_bomb,
    "/gzip-then-br": r_gzip_then_br,
    "/br-redirect": r_br_redirect,
    "/escape-coding": r_escape_coding,
    "/deflate-bomb": r_deflate_bomb,
    "/gzip-empty": r_gzip_empty,
    "/latin1": r_latin1,
    "/big": r_big,
    "/big-nolength": r_big_nolength,
    "/image.png": r_png,
    "/to-file": r_to_file,
    "/plain-html": r_plain_html,
    "/plain-text": r_plain_text,
    "/no-type": r_no_type,
}

# ------------------------------------------------------------------ checks


class Run:
    def __init__(self, proc, elapsed):
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")
        self.elapsed = elapsed

    def json(self):
        return json.loads(self.out)


# libcurl honours proxy variables: the runs must talk to 127.0.0.1 directly.
PROXY_VARS = ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
              "ALL_PROXY"]
ENV = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
ENV["no_proxy"] = ENV["NO_PROXY"] = "127.0.0.1,localhost"


def folio(binary, *args):
    start = time.monotonic()
    try:
        proc = subprocess.run([binary, *args], capture_output=True, timeout=FOLIO_TIMEOUT,
                              env=ENV)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"folio ran over {FOLIO_TIMEOUT} s")
    return Run(proc, time.monotonic() - start)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def expect_fail(r, code, name, *words):
    """Exit `code`, one stderr line naming the input and holding every word."""
    lines = [l for l in r.err.splitlines() if l.strip()]
    expect(r.code == code, f"exit {r.code}, wanted {code} (stderr: {r.err.strip()!r})")
    expect(len(lines) == 1, f"stderr has {len(lines)} lines, wanted 1: {r.err!r}")
    expect(name in lines[0], f"stderr does not name {name!r}: {lines[0]!r}")
    for w in words:
        expect(w.lower() in lines[0].lower(), f"stderr lacks {w!r}: {lines[0]!r}")
    expect("root:" not in r.out, "local file content on stdout")


def make_cases(base):
    def c_article(b):
        url = base + "/article"
        r = folio(b, "-f", "json", url)
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        doc = r.json()
        expect(doc.get("source") == url, f"source {doc.get('source')!r}")
        expect("brass gauge" in doc.get("text", ""), "article text missing")
        ua = (STATE.seen("/article") or {}).get("User-Agent", "")
        expect(ua.startswith("Mozilla/5.0"), f"User-Agent {ua!r} is not browser-like")

    def c_user_agent(b):
        folio(b, "--user-agent", "folio-net-test/1", "-f", "text", base + "/article")
        ua = (STATE.seen("/article") or {}).get("User-Agent", "")
        expect(ua == "folio-net-test/1", f"User-Agent {ua!r}")

    def c_redirects(b):
        final = base + "/sub/dir/final.html"
        r = folio(b, "-f", "json", base + "/chain1")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        doc = r.json()
        expect(doc.get("source") == final, f"source {doc.get('source')!r}, wanted {final}")
        link = base + "/sub/notes/tides.html"
        expect(link in doc.get("markdown", ""), f"{link} not in the markdown")

    def c_loop(b):
        url = base + "/loop-a"
        expect_fail(folio(b, url), 3, url, "redirects")

    def c_404(b):
        url = base + "/missing"
        expect_fail(folio(b, url), 3, url, "404")

    def c_500(b):
        url = base + "/broken"
        expect_fail(folio(b, url), 3, url, "500")

    def c_timeout(b):
        url = base + "/slow"
        r = folio(b, "--timeout", "1", url)
        expect_fail(r, 3, url, "timed out")
        expect(r.elapsed < 3.5, f"took {r.elapsed:.1f} s with --timeout 1")

    def c_stall(b):
        url = base + "/stall"
        r = folio(b, "--timeout", "1", url)
        expect_fail(r, 3, url, "timed out")
        expect(r.elapsed < 3.5, f"took {r.elapsed:.1f} s with --timeout 1")

    def c_gzip(b):
        r = folio(b, "-f", "text", base + "/gzip")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        expect("volunteer still climbs the stone steps" in r.out, "text not right")
        enc = (STATE.seen("/gzip") or {}).get("Accept-Encoding", "")
        expect(enc == "gzip, deflate", f"Accept-Encoding {enc!r}, wanted 'gzip, deflate'")

    def c_fail(path, code, *words):
        def case(b):
            url = base + path
            expect_fail(folio(b, url), code, url, *words)
        return case

    def c_decoded(path, words):
        def case(b):
            r = folio(b, "-f", "text", base + path)
            expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
            for w in words:
                expect(w in r.out, f"{w!r} not in the output")
        return case

    def c_bomb(path):
        def case(b):
            url = base + path
            expect_fail(folio(b, "--max-size", "1000000", url), 5, url, "larger than 1000000")
        return case

    def c_gzip_empty(b):
        # An empty page, not a damaged body: folio finds no article (exit 1).
        r = folio(b, "-f", "text", base + "/gzip-empty")
        expect(r.code == 1, f"exit {r.code}: {r.err.strip()}")
        expect("no article" in r.err, f"stderr: {r.err.strip()!r}")

    def c_latin1(b):
        r = folio(b, "-f", "text", base + "/latin1")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        for w in ["café", "crème brûlée", "Zoë Lindqvist", "naïve", "6 €", "“the admiral”",
                  "fishermen’s"]:
            expect(w in r.out, f"{w!r} not in the output")

    def c_big(b):
        url = base + "/big"
        expect_fail(folio(b, "--max-size", "10000", url), 5, url)

    def c_big_nolength(b):
        url = base + "/big-nolength"
        expect_fail(folio(b, "--max-size", "10000", url), 5, url)

    def c_big_under_cap(b):
        r = folio(b, "-f", "text", base + "/big")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")

    def c_png(b):
        url = base + "/image.png"
        expect_fail(folio(b, url), 3, url, "not HTML", "image/png")

    def c_plain_html(b):
        r = folio(b, "-f", "text", base + "/plain-html")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        expect("brass gauge" in r.out, "text missing")

    def c_plain_text(b):
        url = base + "/plain-text"
        expect_fail(folio(b, url), 3, url, "not HTML", "text/plain")

    def c_no_type(b):
        r = folio(b, "-f", "text", base + "/no-type")
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")

    def c_scheme(url):
        def case(b):
            expect_fail(folio(b, url), 3, url, "unsupported URL scheme")
        return case

    def c_redirect_to_file(b):
        url = base + "/to-file"
        expect_fail(folio(b, url), 3, url, "unsupported URL scheme", "file")

    def c_parallel(b):
        # Several downloads at once (-j): libcurl set up once, handles apart.
        urls = [base + p for p in ["/article", "/chain1", "/gzip", "/latin1", "/deflate",
                                   "/article?x=2"]]
        r = folio(b, "-j", "4", "-f", "json", *urls)
        expect(r.code == 0, f"exit {r.code}: {r.err.strip()}")
        docs = [json.loads(l) for l in r.out.splitlines() if l.strip()]
        want = [base + "/article", base + "/sub/dir/final.html", base + "/gzip",
                base + "/latin1", base + "/deflate", base + "/article?x=2"]
        got = [d.get("source") for d in docs]
        expect(got == want, f"sources {got}")

    def c_curl_loaded_lazily(b):
        # libcurl is opened on the first download only (src/curl_lazy.c): a
        # local file never pays for loading it. glibc's loader names each
        # library it opens under LD_DEBUG=files.
        with tempfile.TemporaryDirectory() as d:
            page = os.path.join(d, "page.html")
            with open(page, "w", encoding="utf-8") as f:
                f.write(article_page("Loaded late"))
            env = dict(ENV, LD_DEBUG="files")
            local = subprocess.run([b, "-f", "text", page], capture_output=True, env=env,
                                   timeout=FOLIO_TIMEOUT)
            remote = subprocess.run([b, "-f", "text", base + "/article"], capture_output=True,
                                    env=env, timeout=FOLIO_TIMEOUT)
        expect(local.returncode == 0 and remote.returncode == 0,
               f"exits {local.returncode}, {remote.returncode}")
        named = re.compile(rb"file=\S*libcurl")
        expect(named.search(remote.stderr), "the loader never named libcurl for a URL"
               " (LD_DEBUG unsupported?)")
        expect(not named.search(local.stderr), "libcurl was loaded for a local file")

    def c_refused_port(b):
        # The server's port + nothing: connect to a closed port on loopback.
        url = "http://127.0.0.1:1/"
        expect_fail(folio(b, url), 3, url)

    return [
        ("article: exit 0, source is the URL", c_article),
        ("libcurl is loaded for a URL, not for a local file", c_curl_loaded_lazily),
        ("--user-agent is sent", c_user_agent),
        ("3 redirects: source and links use the final URL", c_redirects),
        ("redirect loop: exit 3", c_loop),
        ("HTTP 404: exit 3", c_404),
        ("HTTP 500: exit 3", c_500),
        ("slower than --timeout 1: exit 3", c_timeout),
        ("a server that stalls mid-body: exit 3", c_stall),
        ("gzip body", c_gzip),
        ("truncated gzip body: exit 3", c_fail("/gzip-truncated", 3, "truncated gzip body")),
        ("damaged gzip body: exit 3", c_fail("/gzip-damaged", 3, "damaged gzip body")),
        ("gzip with a wrong CRC-32: exit 3", c_fail("/gzip-bad-crc", 3, "damaged gzip body",
                                                    "checksum")),
        ("two gzip members", c_decoded("/gzip-members", ["brass gauge", "painted green"])),
        ("gzip header with every optional field",
         c_decoded("/gzip-named", ["brass gauge", "painted green"])),
        ("zero bytes after the gzip member",
         c_decoded("/gzip-trailing", ["brass gauge", "painted green"])),
        ("x-gzip body", c_decoded("/x-gzip", ["brass gauge", "painted green"])),
        ("Content-Encoding identity", c_decoded("/identity", ["brass gauge"])),
        ("deflate, then gzip", c_decoded("/two-codings", ["brass gauge", "painted green"])),
        ("gzip over --max-size once decoded: exit 5", c_bomb("/gzip-bomb")),
        ("deflate inside gzip over --max-size: exit 5", c_bomb("/two-codings-bomb")),
        ("gzip, then br: exit 3", c_fail("/gzip-then-br", 3, "unsupported Content-Encoding 'br'")),
        ("a coding name with an escape: '?' in the message",
         c_fail("/escape-coding", 3, "unsupported Content-Encoding '?[31mevil'")),
        ("a redirect's own coding is forgotten",
         c_decoded("/br-redirect", ["volunteer still climbs the stone steps"])),
        ("deflate over --max-size once decoded: exit 5", c_bomb("/deflate-bomb")),
        ("gzip coding on an empty body", c_gzip_empty),
        ("deflate (zlib) body", c_decoded("/deflate", ["brass gauge", "painted green"])),
        ("deflate (raw) body", c_decoded("/deflate-raw", ["brass gauge", "painted green"])),
        ("truncated deflate body: exit 3",
         c_fail("/deflate-truncated", 3, "truncated deflate body")),
        ("zstd, never offered: exit 3",
         c_fail("/zstd", 3, "unsupported Content-Encoding 'zstd'")),
        ("br, never offered: exit 3",
         c_fail("/br-unasked", 3, "unsupported Content-Encoding 'br'")),
        ("windows-1252 charset only in the header", c_latin1),
        ("over --max-size with Content-Length: exit 5", c_big),
        ("over --max-size without Content-Length: exit 5", c_big_nolength),
        ("the same page under the default cap", c_big_under_cap),
        ("Content-Type image/png: exit 3", c_png),
        ("text/plain holding HTML is read", c_plain_html),
        ("text/plain holding text: exit 3", c_plain_text),
        ("no Content-Type is read", c_no_type),
        ("file:///etc/passwd refused", c_scheme("file:///etc/passwd")),
        ("ftp:// refused", c_scheme("ftp://127.0.0.1/x")),
        ("javascript: refused", c_scheme("javascript:alert(1)")),
        ("redirect to file:///etc/passwd: exit 3", c_redirect_to_file),
        ("connection refused: exit 3", c_refused_port),
        ("six URLs with -j 4: JSON Lines in input order", c_parallel),
    ]


def start_tls_server():
    """A second server speaking HTTPS with a self-signed certificate made
    here with openssl, or None when openssl is missing."""
    if not shutil.which("openssl"):
        return None
    tmp = tempfile.mkdtemp(prefix="folio-net-")
    key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                           "1", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                          capture_output=True)
    if made.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    shutil.rmtree(tmp, ignore_errors=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def tls_cases(tls_base):
    def c_self_signed(b):
        url = tls_base + "/article"
        expect_fail(folio(b, url), 3, url, "certificate")

    return [("https with a self-signed certificate: exit 3", c_self_signed)]


def main():
    if len(sys.argv) < 2:
        print("usage: run.py FOLIO_BINARY [SOURCE_ROOT]", file=sys.stderr)
        return 2
    binary = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    tls = start_tls_server()
    cases = make_cases(base)
    if tls:
        cases += tls_cases(f"https://127.0.0.1:{tls.server_address[1]}")
    else:
        print("skip https cases: no openssl to make a certificate")
    passed = failed = 0
    try:
        for name, case in cases:
            try:
                case(binary)
            except AssertionError as e:
                failed += 1
                print(f"FAIL {name}: {e}")
            except Exception as e:  # a broken case is a failure, not a crash
                failed += 1
                print(f"FAIL {name}: {type(e).__name__}: {e}")
            else:
                passed += 1
                print(f"ok   {name}")
    finally:
        for srv in [server, tls]:
            if srv:
                srv.shutdown()
                srv.server_close()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
