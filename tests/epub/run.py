#!/usr/bin/env python3
"""EPUB tests: run.py FOLIO_BINARY SOURCE_ROOT

Builds EPUBs of the pages in tests/epub/pages/ with every image case (local
PNG, JPEG and SVG files, a data: URI, downloads from a server started here on
127.0.0.1, a missing file, WebP, a scripted SVG, a path that climbs out), a
page that came from a URL (it must never make folio read a local file), a
book of several articles with links between them, --no-images and --cover;
images sent gzip or deflate encoded, truncated, as a bomb over the cap, or
in a coding folio does not decode;
checks the archive (entry names, mimetype first, stored, no extra field),
byte-identical rebuilds, and runs epubcheck on each: no error, no warning.

The EPUBs are made with mkepub (BUILD/tests/mkepub, next to the folio
binary's build directory), which calls folio_epub_build directly. Nothing
here reaches beyond this machine. The corpus check is tests/epub/corpus.py.
Prints "N passed, M failed"; exits non-zero on failure (77: skipped).
"""
import concurrent.futures
import glob
import gzip
import http.server
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import epubcheck  # noqa: E402  (tests/epub/epubcheck.py)

PASSED = 0
FAILED = 0
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def check(cond, what):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL:", what)


# ------------------------------------------------------------------ images

def png_bytes(w=4, h=4, rgb=(40, 90, 140), noise=False):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    def px(x, y):
        return bytes(((c + 37 * x * y + 11 * x) % 256) for c in rgb) if noise else bytes(rgb)
    raw = b"".join(b"\x00" + b"".join(px(x, y) for x in range(w)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg_bytes():
    """An 8x8 mid-grey baseline JPEG: one DC-only block, one-code Huffman tables."""
    def seg(marker, body):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body
    out = b"\xff\xd8"
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xDB, b"\x00" + bytes([1] * 64))
    out += seg(0xC0, b"\x08" + struct.pack(">HH", 8, 8) + b"\x01" + b"\x01\x11\x00")
    counts = bytes([1] + [0] * 15)
    out += seg(0xC4, b"\x00" + counts + b"\x00")  # DC table 0: category 0 -> '0'
    out += seg(0xC4, b"\x10" + counts + b"\x00")  # AC table 0: EOB -> '0'
    out += seg(0xDA, b"\x01" + b"\x01\x00" + b"\x00\x3f\x00")
    out += b"\x3f"  # bits 00 (DC 0, EOB), padded with ones
    return out + b"\xff\xd9"


GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
       b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
       b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">\n'
       b'<title>Tides</title>\n<path d="M0 10 Q10 0 20 10 T40 10" fill="none" stroke="#036"/>\n'
       b'</svg>\n')
SVG_SCRIPT = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
              b'<script>alert(1)</script><rect width="10" height="10"/></svg>')


def make_images(page_dir, served_dir):
    img = os.path.join(page_dir, "img")
    os.makedirs(img, exist_ok=True)
    files = {
        os.path.join(img, "local.png"): png_bytes(),
        os.path.join(img, "photo one.jpg"): jpeg_bytes(),
        os.path.join(img, "tides.svg"): SVG,
        os.path.join(img, "boat.webp"): WEBP,
        os.path.join(img, "scripted.svg"): SVG_SCRIPT,
        os.path.join(os.path.dirname(page_dir), "outside.png"): png_bytes(2, 2),
        os.path.join(page_dir, "secret.png"): png_bytes(3, 3, (1, 2, 3)),
        os.path.join(page_dir, "cover-file.png"): png_bytes(6, 9, (200, 10, 10)),
        os.path.join(served_dir, "remote.gif"): GIF,
        os.path.join(served_dir, "cover.jpg"): jpeg_bytes(),
        os.path.join(served_dir, "remote.webp"): WEBP,
        os.path.join(served_dir, "img", "local.png"): png_bytes(5, 5),
    }
    for path, data in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


# ------------------------------------------------------------------ server

GZ_PNG = png_bytes(7, 5, (10, 120, 60), noise=True)
BOMB_PNG = png_bytes(2, 2) + b"\0" * 2000000  # 2 MB from about 2 KB of gzip


class Handler(http.server.SimpleHTTPRequestHandler):
    referers = []
    encodings = {}  # path -> the Accept-Encoding it was asked with

    def send_bytes(self, data, ctype="image/png"):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: that is the test

    def send_coded(self, data, coding="gzip"):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        Handler.referers.append((self.path, self.headers.get("Referer")))
        Handler.encodings[self.path] = self.headers.get("Accept-Encoding")
        if self.path.startswith("/wait/"):  # slow but within the timeout
            time.sleep(1.2)
            self.send_bytes(png_bytes(2, 2))
        elif self.path == "/slow.png":  # slower than the timeout
            time.sleep(4)
            self.send_bytes(png_bytes(2, 2))
        elif self.path == "/big.png":  # over the size cap
            self.send_bytes(png_bytes(2, 2) + b"\0" * 300000)
        elif self.path == "/gz.png":  # gzip-encoded: decoded by folio
            self.send_coded(gzip.compress(GZ_PNG))
        elif self.path == "/deflate.png":  # zlib-wrapped "deflate"
            self.send_coded(zlib.compress(GZ_PNG), "deflate")
        elif self.path == "/gz-truncated.png":  # cut before its trailer
            body = gzip.compress(GZ_PNG)
            self.send_coded(body[: len(body) - 6])
        elif self.path == "/gz-bomb.png":  # decodes to more than the cap
            self.send_coded(gzip.compress(BOMB_PNG, 9))
        elif self.path == "/gz-bad-crc.png":  # the trailer's CRC-32 is wrong
            body = bytearray(gzip.compress(GZ_PNG))
            body[-8] ^= 0xFF
            self.send_coded(bytes(body))
        elif self.path == "/br-redirect.png":  # the redirect's coding is not the image's
            self.send_response(302)
            self.send_header("Location", "/gz.png")
            self.send_header("Content-Encoding", "br")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/br.png":  # a coding folio does not decode
            self.send_coded(b"\x0b\x02\x80not really brotli", "br")
        elif self.path == "/webp-named.png":  # the name lies; the bytes decide
            self.send_bytes(WEBP)
        elif self.path == "/redir.gif":
            self.redirect("/remote.gif")
        elif self.path == "/evil-redirect.png":
            self.redirect("file:///etc/hostname")
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


def start_server(directory):
    handler = lambda *a, **k: Handler(*a, directory=directory, **k)  # noqa: E731
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


# ---------------------------------------------------------------- building

def mkepub(tool, args, out, epoch=EPOCH):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    p = subprocess.run([tool, "-o", out] + args, capture_output=True, text=True, env=env,
                       timeout=120)
    return p.returncode, p.stderr


def read_zip(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}, z.infolist()


def check_package(path, name):
    """Archive-level rules: mimetype first and stored with no extra field,
    entry names safe."""
    with open(path, "rb") as f:
        head = f.read(58)
    ok = (head[:4] == b"PK\x03\x04" and struct.unpack("<H", head[8:10])[0] == 0
          and struct.unpack("<H", head[28:30])[0] == 0 and head[30:38] == b"mimetype"
          and head[38:58] == b"application/epub+zip")
    check(ok, f"{name}: mimetype first, stored, no extra field")
    _, infos = read_zip(path)
    for i in infos:
        n = i.filename
        good = (re.fullmatch(r"[A-Za-z0-9._/-]+", n) and ".." not in n.split("/")
                and not n.startswith("/"))
        check(good, f"{name}: entry name {n!r} is safe")
        check(not i.extra, f"{name}: {n} has no extra field")
        check(i.date_time == (2023, 11, 14, 22, 13, 20), f"{name}: {n} time from the epoch")


def chapter_text(files, n=1):
    return files.get(f"OEBPS/chapter-{n:03d}.xhtml", b"").decode("utf-8", "replace")


def images_in(files):
    return sorted(k for k in files if k.startswith("OEBPS/images/"))


# ------------------------------------------------------------------- cases

def case_images(tool, work, port, jobs):
    out = os.path.join(work, "images.epub")
    rc, err = mkepub(tool, [os.path.join(work, "page", "images.html")], out)
    check(rc == 0, f"images: mkepub exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    imgs = images_in(files)
    exts = sorted(os.path.splitext(i)[1] for i in imgs)
    check(exts == [".gif", ".jpg", ".jpg", ".png", ".png", ".svg"],
          f"images: embedded {imgs}")
    ch = chapter_text(files)
    for alt in ["ALT-MISSING", "ALT-WEBP", "ALT-SVG-SCRIPT", "ALT-ESCAPE", "ALT-REMOTE-404",
                "ALT-REMOTE-WEBP"]:
        check(alt in ch and f'alt="{alt}"' not in ch, f"images: {alt} became alt text")
    for alt in ["ALT-LOCAL-PNG", "ALT-LOCAL-JPEG", "ALT-SVG", "ALT-DATA-PNG", "ALT-REMOTE-GIF",
                "ALT-LOCAL-PNG-AGAIN"]:
        check(f'alt="{alt}"' in ch, f"images: {alt} embedded")
    check(ch.count('src="images/img-002.png"') == 2, "images: a picture used twice is stored once")
    svg = [files[i] for i in imgs if i.endswith(".svg")]
    check(len(svg) == 1 and b"DOCTYPE" not in svg[0] and b"<path" in svg[0],
          "images: the SVG's doctype is dropped, its drawing kept")
    for word in ["missing.png", "boat.webp", "scripted.svg", "outside.png", "gone.png"]:
        check(word in err, f"images: a warning names {word}")
    check(files.get("OEBPS/images/img-001.jpg") == jpeg_bytes(), "images: cover is the lead image")
    opf = files["OEBPS/content.opf"].decode()
    check('properties="cover-image"' in opf and '<meta name="cover" content="img-1"/>' in opf,
          "images: cover-image property and meta cover")
    check("OEBPS/cover.xhtml" in files and "images/img-001.jpg" in
          files["OEBPS/cover.xhtml"].decode(), "images: a cover page")
    refs = [r for p, r in Handler.referers if p == "/remote.gif"]
    check(refs == [None], f"images: no Referer for a local page ({refs})")
    check_package(out, "images")
    jobs.append(("images", out))
    # determinism: same input and epoch -> same bytes; another epoch -> other bytes
    out2 = os.path.join(work, "images2.epub")
    mkepub(tool, [os.path.join(work, "page", "images.html")], out2)
    check(open(out, "rb").read() == open(out2, "rb").read(), "images: byte-identical rebuild")
    out3 = os.path.join(work, "images3.epub")
    mkepub(tool, [os.path.join(work, "page", "images.html")], out3, epoch="1700086400")
    check(open(out, "rb").read() != open(out3, "rb").read(), "images: the epoch is used")


def case_offline(tool, work, port, jobs):
    out = os.path.join(work, "offline.epub")
    before = len(Handler.referers)
    rc, err = mkepub(tool, ["--offline", os.path.join(work, "page", "images.html")], out)
    check(rc == 0, f"offline: exit {rc}: {err}")
    if rc:
        return
    check(len(Handler.referers) == before, "offline: no request reached the server")
    files, _ = read_zip(out)
    ch = chapter_text(files)
    check("ALT-REMOTE-GIF" in ch and 'alt="ALT-REMOTE-GIF"' not in ch,
          "offline: remote image became alt text")
    check('alt="ALT-LOCAL-PNG"' in ch and 'alt="ALT-DATA-PNG"' in ch,
          "offline: local and data: images kept")
    check("OEBPS/cover.xhtml" not in files, "offline: no cover without the lead image")
    check_package(out, "offline")
    jobs.append(("offline", out))


def case_remote(tool, work, port, jobs):
    """A page that came from a URL: relative images are downloaded from the
    server; nothing local is read, whatever the page says."""
    out = os.path.join(work, "remote.epub")
    url = f"http://127.0.0.1:{port}/de/tag.html"
    page = os.path.join(work, "page", "remote.html")
    rc, err = mkepub(tool, [f"{page}={url}"], out)
    check(rc == 0, f"remote: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    imgs = [files[k] for k in images_in(files)]
    secret = open(os.path.join(work, "page", "secret.png"), "rb").read()
    check(secret not in imgs, "remote: the local secret.png was not read")
    check(len(imgs) == 0 or all(b"\x89PNG" == i[:4] for i in imgs), "remote: only served images")
    ch = chapter_text(files)
    check("ALT-SECRET" in ch and 'alt="ALT-SECRET"' not in ch, "remote: secret is alt text")
    check('alt="ALT-FILE-URL"' not in ch, "remote: file: URL refused")
    check('xml:lang="de"' in ch, "remote: chapter language from the page")
    opf = files["OEBPS/content.opf"].decode()
    check("<dc:language>de</dc:language>" in opf, "remote: dc:language de")
    check(f"<dc:source>{url}</dc:source>" in opf, "remote: dc:source is the URL")
    refs = {p: r for p, r in Handler.referers}
    check(refs.get("/de/img/local.png") == url, f"remote: Referer is the page ({refs})")
    check_package(out, "remote")
    jobs.append(("remote", out))
    out2 = os.path.join(work, "remote2.epub")
    mkepub(tool, [f"{os.path.join(work, 'page', 'images.html')}={url}"], out2, epoch="1")
    ident = re.search(r"urn:uuid:[0-9a-f-]+", opf).group(0)
    opf2 = read_zip(out2)[0]["OEBPS/content.opf"].decode()
    check(ident in opf2, "remote: the identifier is stable for the same source URL")


def case_digest(tool, work, port, jobs):
    d = os.path.join(work, "page", "digest")
    args = [f"{d}/first.html=http://127.0.0.1:9/first.html",
            f"{d}/second.html=http://127.0.0.1:9/second.html",
            f"{d}/third.html=http://127.0.0.1:9/third.html"]
    out = os.path.join(work, "digest.epub")
    rc, err = mkepub(tool, ["--offline"] + args, out)
    check(rc == 0, f"digest: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    check(all(f"OEBPS/chapter-00{i}.xhtml" in files for i in (1, 2, 3)), "digest: 3 chapters")
    opf = files["OEBPS/content.opf"].decode()
    check("<dc:title>folio digest 2023-11-14</dc:title>" in opf, "digest: dated default title")
    check(opf.count("<dc:creator>") == 2, "digest: each author once")
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    check(spine == ["chapter-1", "chapter-2", "chapter-3"], f"digest: spine order {spine}")
    nav = files["OEBPS/nav.xhtml"].decode()
    titles = re.findall(r'<a href="chapter-00\d.xhtml">([^<]+)</a>', nav)
    check(titles == ["Knitting Patterns of the Northern Isles", "Dyeing the Wool",
                     "Patterns Abroad"], f"digest: nav titles {titles}")
    check('href="chapter-001.xhtml#sec-' in nav and "The wave" in nav,
          "digest: headings down to depth 2 in the nav")
    ch1 = chapter_text(files, 1)
    check('href="chapter-002.xhtml"' in ch1 and 'href="chapter-003.xhtml"' in ch1,
          "digest: links between articles point inside the book")
    check('href="chapter-001.xhtml"' in chapter_text(files, 2), "digest: link back")
    ncx = files["OEBPS/toc.ncx"].decode()
    check(ncx.count("<navPoint ") == nav.count("<li><a href"), "digest: NCX matches the nav")
    check_package(out, "digest")
    jobs.append(("digest", out))
    out2 = os.path.join(work, "digest-title.epub")
    rc, _ = mkepub(tool, ["--offline", "--title", "Wool & Water", "--toc-depth", "1"] + args, out2)
    files2, _ = read_zip(out2)
    check("<dc:title>Wool &amp; Water</dc:title>" in files2["OEBPS/content.opf"].decode(),
          "digest: --title")
    check("The wave" not in files2["OEBPS/nav.xhtml"].decode(), "digest: depth 1 stops at h2")
    jobs.append(("digest-title", out2))


NET_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Four Boats and a Slow Server</title></head><body><article>
<h1>Four Boats and a Slow Server</h1>
<p>The harbour master keeps a picture of each boat that fishes from the pier, and the
pictures come from a server that is slow to answer, sometimes too slow, and sometimes
sends far more than a picture ought to weigh.</p>
<p>%s</p>
<p>The boats go out at first light and come back with the tide, and the pictures are taken
as they pass the end of the pier, where the light is best in the late afternoon.</p>
</article></body></html>
"""


def case_network(tool, work, port, jobs):
    """Downloads: several at once, a timeout and a size cap each, redirects
    followed but only to http(s), the type from the bytes."""
    base = f"http://127.0.0.1:{port}"
    imgs = [f'<img src="{base}/wait/{i}.png" alt="ALT-WAIT-{i}">' for i in range(4)]
    imgs += [f'<img src="{base}/slow.png" alt="ALT-SLOW">',
             f'<img src="{base}/big.png" alt="ALT-BIG">',
             f'<img src="{base}/redir.gif" alt="ALT-REDIRECT">',
             f'<img src="{base}/evil-redirect.png" alt="ALT-EVIL-REDIRECT">',
             f'<img src="{base}/webp-named.png" alt="ALT-WEBP-NAMED">']
    page = os.path.join(work, "page", "net.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(NET_PAGE % " ".join(imgs))
    out = os.path.join(work, "net.epub")
    t0 = time.monotonic()
    rc, err = mkepub(tool, ["--max-image-size", "100000", "--image-timeout", "2500", page], out)
    elapsed = time.monotonic() - t0
    check(rc == 0, f"network: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    ch = chapter_text(files)
    for i in range(4):
        check(f'alt="ALT-WAIT-{i}"' in ch, f"network: slow image {i} embedded")
    check(elapsed < 4.0, f"network: downloads run in parallel ({elapsed:.1f} s)")
    check(f'alt="ALT-REDIRECT"' in ch, "network: a redirect is followed")
    for alt, why in [("ALT-SLOW", "timed out"), ("ALT-BIG", "size cap"),
                     ("ALT-EVIL-REDIRECT", "evil-redirect.png"), ("ALT-WEBP-NAMED", "WebP")]:
        check(alt in ch and f'alt="{alt}"' not in ch, f"network: {alt} became alt text")
        check(why in err, f"network: warning says {why!r}")
    check_package(out, "network")
    jobs.append(("network", out))


def case_encoded(tool, work, port, jobs):
    """Compressed image bodies are decoded by folio, not curl: a gzip or
    deflate image is embedded byte for byte, a truncated gzip body, a bomb
    over the per-image cap and an unknown coding become alt text with a
    warning, and the book still passes epubcheck. A redirect's own coding is
    forgotten when the image's response comes."""
    base = f"http://127.0.0.1:{port}"
    imgs = [f'<img src="{base}/gz.png" alt="ALT-GZ">',
            f'<img src="{base}/deflate.png" alt="ALT-DEFLATE">',
            f'<img src="{base}/gz-truncated.png" alt="ALT-GZ-TRUNCATED">',
            f'<img src="{base}/gz-bomb.png" alt="ALT-GZ-BOMB">',
            f'<img src="{base}/gz-bad-crc.png" alt="ALT-GZ-BAD-CRC">',
            f'<img src="{base}/br-redirect.png" alt="ALT-BR-REDIRECT">',
            f'<img src="{base}/br.png" alt="ALT-BR">']
    page = os.path.join(work, "page", "encoded.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(NET_PAGE % " ".join(imgs))
    out = os.path.join(work, "encoded.epub")
    rc, err = mkepub(tool, ["--max-image-size", "100000", page], out)
    check(rc == 0, f"encoded: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    ch = chapter_text(files)
    for alt in ["ALT-GZ", "ALT-DEFLATE", "ALT-BR-REDIRECT"]:
        check(f'alt="{alt}"' in ch, f"encoded: {alt} embedded")
    stored = [files[k] for k in images_in(files)]
    check(stored == [GZ_PNG] * 3, f"encoded: the decoded bytes are stored exactly "
          f"({[len(b) for b in stored]} bytes, want {len(GZ_PNG)} thrice)")
    for alt, name, why in [("ALT-GZ-TRUNCATED", "gz-truncated.png", "truncated"),
                           ("ALT-GZ-BOMB", "gz-bomb.png", "size cap"),
                           ("ALT-GZ-BAD-CRC", "gz-bad-crc.png", "checksum mismatch"),
                           ("ALT-BR", "br.png", "unsupported Content-Encoding")]:
        check(alt in ch and f'alt="{alt}"' not in ch, f"encoded: {alt} became alt text")
        check(any(name in line and why in line for line in err.splitlines()),
              f"encoded: a warning names {name} and says {why!r}: {err}")
    check(Handler.encodings.get("/gz.png") == "gzip, deflate",
          f"encoded: asked with Accept-Encoding: gzip, deflate ({Handler.encodings.get('/gz.png')})")
    check_package(out, "encoded")
    jobs.append(("encoded", out))


def case_examples(tool, work, port, jobs, root):
    """The bundled examples, each alone and both as one book; their local
    figures are embedded."""
    pages = sorted(glob.glob(os.path.join(root, "examples", "*.html")))
    check(len(pages) >= 2 or not os.path.isdir(os.path.join(root, "examples")),
          "examples: at least two pages")
    for page in pages:
        name = "example-" + os.path.splitext(os.path.basename(page))[0]
        out = os.path.join(work, name + ".epub")
        rc, err = mkepub(tool, ["--offline", page], out)
        check(rc == 0, f"{name}: exit {rc}: {err}")
        if rc == 0:
            check_package(out, name)
            jobs.append((name, out))
    if len(pages) >= 2:
        out = os.path.join(work, "examples-book.epub")
        rc, err = mkepub(tool, ["--offline"] + pages, out)
        check(rc == 0, f"examples book: exit {rc}: {err}")
        if rc == 0:
            files, _ = read_zip(out)
            check(len([k for k in files if k.startswith("OEBPS/chapter-")]) == len(pages),
                  "examples book: one chapter per page")
            jobs.append(("examples-book", out))


OTHER_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>The Other Harbour</title></head><body><article>
<h1>The Other Harbour</h1>
<p>Across the bay there is a second harbour, smaller and older, where the boats are drawn
up on the shingle in winter and the nets are mended in a shed with a tarred roof.</p>
<p>A picture from its own folder: <img src="img/local.png" alt="ALT-OTHER-DIR"> taken
from the slipway on a calm morning in March, when the water was still as glass.</p>
</article></body></html>
"""


def case_two_dirs(tool, work, port, jobs):
    """A book of local pages from two folders: each page's images are read
    from its own folder, even under the same relative name."""
    other = os.path.join(work, "page", "other")
    os.makedirs(os.path.join(other, "img"))
    with open(os.path.join(other, "img", "local.png"), "wb") as f:
        f.write(png_bytes(7, 7, (9, 99, 199)))
    with open(os.path.join(other, "pic.html"), "w", encoding="utf-8") as f:
        f.write(OTHER_PAGE)
    out = os.path.join(work, "two-dirs.epub")
    rc, err = mkepub(tool, ["--offline", os.path.join(work, "page", "images.html"),
                            os.path.join(other, "pic.html")], out)
    check(rc == 0, f"two-dirs: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    check('alt="ALT-LOCAL-PNG"' in chapter_text(files, 1), "two-dirs: first folder's image")
    check('alt="ALT-OTHER-DIR"' in chapter_text(files, 2), "two-dirs: second folder's image")
    check(png_bytes(7, 7, (9, 99, 199)) in files.values(), "two-dirs: the right bytes")
    check(png_bytes() in files.values(), "two-dirs: both pictures named img/local.png kept")
    jobs.append(("two-dirs", out))
    # the folio command gives each chapter its own folder as well
    folio = os.path.join(os.path.dirname(os.path.dirname(tool)), "folio")
    cli_out = os.path.join(work, "two-dirs-cli.epub")
    rc, err = mkepub(folio, ["--offline", "-q", os.path.join(work, "page", "images.html"),
                             os.path.join(other, "pic.html")], cli_out)
    check(rc == 0, f"two-dirs (folio): exit {rc}: {err}")
    if rc == 0:
        cli_files, _ = read_zip(cli_out)
        check(png_bytes(7, 7, (9, 99, 199)) in cli_files.values() and
              png_bytes() in cli_files.values(), "two-dirs (folio): both folders' images")


def case_link_hosts(tool, work, port, jobs):
    """Regression: links whose host epubcheck cannot parse are dropped."""
    out = os.path.join(work, "link-hosts.epub")
    rc, err = mkepub(tool, ["--offline", os.path.join(work, "page", "regress-link-hosts.html")],
                     out)
    check(rc == 0, f"link-hosts: exit {rc}: {err}")
    if rc:
        return
    ch = chapter_text(read_zip(out)[0])
    check(ch.count("<a href=") == 1 and "https://example.org/fine?x=1&amp;y=%25zz" in ch,
          "link-hosts: only the good link is kept")
    check("an IPv6 literal" in ch and "a non-ASCII host" in ch, "link-hosts: texts kept")
    jobs.append(("link-hosts", out))


def case_no_images(tool, work, port, jobs):
    out = os.path.join(work, "noimg.epub")
    rc, err = mkepub(tool, ["--no-images", os.path.join(work, "page", "images.html")], out)
    check(rc == 0, f"no-images: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    check(images_in(files) == [], "no-images: no image in the book")
    check("OEBPS/cover.xhtml" not in files, "no-images: no cover")
    jobs.append(("no-images", out))


def case_cover(tool, work, port, jobs):
    out = os.path.join(work, "cover.epub")
    cover = os.path.join(work, "page", "cover-file.png")
    rc, err = mkepub(tool, ["--offline", "--cover", cover,
                            os.path.join(work, "page", "digest", "third.html")], out)
    check(rc == 0, f"cover: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    imgs = images_in(files)
    check(len(imgs) == 1 and files[imgs[0]] == open(cover, "rb").read(), "cover: --cover file")
    check("OEBPS/cover.xhtml" in files, "cover: cover page")
    jobs.append(("cover", out))
    out2 = os.path.join(work, "nocover.epub")
    mkepub(tool, ["--offline", os.path.join(work, "page", "digest", "third.html")], out2)
    files2, _ = read_zip(out2)
    check("OEBPS/cover.xhtml" not in files2 and "cover-image" not in
          files2["OEBPS/content.opf"].decode(), "cover: none without an image")
    jobs.append(("no-cover", out2))


def case_basic(tool, work, port, jobs):
    out = os.path.join(work, "basic.epub")
    rc, err = mkepub(tool, ["--offline", os.path.join(work, "page", "basic.html")], out)
    check(rc == 0, f"basic: exit {rc}: {err}")
    if rc:
        return
    files, _ = read_zip(out)
    ch = chapter_text(files)
    check(ch.startswith('<?xml version="1.0" encoding="UTF-8"?>'), "basic: XML declaration")
    check("&nbsp;" not in ch and "&copy;" not in ch and "\x01" not in ch,
          "basic: no named entities, no control characters")
    check("&amp;&amp;" in ch, "basic: code escaped")
    check('href="#top"' not in ch and 'href="notes.html"' not in ch,
          "basic: links that lead nowhere in the book are dropped")
    check('href="https://example.org/fair-isle?a=1&amp;b=2"' in ch, "basic: web links kept")
    opf = files["OEBPS/content.opf"].decode()
    check("<dc:language>en-GB</dc:language>" in opf, "basic: language from the page")
    check('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf,
          "basic: dcterms:modified from SOURCE_DATE_EPOCH")
    jobs.append(("basic", out))


def main():
    folio, root = sys.argv[1], sys.argv[2]
    tool = os.path.join(os.path.dirname(os.path.abspath(folio)), "tests", "mkepub")
    if not os.path.exists(tool):
        print("SKIP: mkepub not built")
        sys.exit(77)
    checker = epubcheck.find()
    with tempfile.TemporaryDirectory() as work:
        shutil.copytree(os.path.join(root, "tests", "epub", "pages"), os.path.join(work, "page"))
        served = os.path.join(work, "served")
        os.makedirs(served)
        make_images(os.path.join(work, "page"), served)
        os.makedirs(os.path.join(served, "de", "img"))
        shutil.copy(os.path.join(served, "img", "local.png"), os.path.join(served, "de", "img"))
        srv = start_server(served)
        port = srv.server_address[1]
        import base64
        page = os.path.join(work, "page", "images.html")
        text = open(page, encoding="utf-8").read().replace("{{PORT}}", str(port))
        text = text.replace("{{DATA_PNG}}", base64.b64encode(png_bytes(12, 12, noise=True)).decode())
        open(page, "w", encoding="utf-8").write(text)
        jobs = []
        for case in (case_basic, case_images, case_offline, case_remote, case_digest,
                     case_network, case_encoded, case_two_dirs, case_link_hosts, case_no_images,
                     case_cover):
            case(tool, work, port, jobs)
        case_examples(tool, work, port, jobs, root)
        srv.shutdown()
        if checker is None:
            print("epubcheck not found: archive checks only")
        else:
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                for (name, path), res in zip(jobs, ex.map(lambda j: checker(j[1]), jobs)):
                    errors, warnings, text = res
                    check(errors == 0 and warnings == 0,
                          f"epubcheck {name}: {errors} errors, {warnings} warnings\n{text}")
                    print(f"epubcheck {name}: {errors} errors, {warnings} warnings")
    print(f"{PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
