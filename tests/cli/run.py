#!/usr/bin/env python3
"""CLI tests: run.py FOLIO SOURCE_ROOT [CASE...]

What the folio command is responsible for: options, formats chosen by -f and
by the extension of -o, where output goes (stdout, -o, -O with its
no-overwrite suffixes, the EPUB's default name), batch modes (JSON Lines,
--jsonl, -j), exit codes and their one-line messages, and safe output (no
partial file after a failed write). Pages are in tests/cli/pages/; a local
HTTP server on 127.0.0.1 stands in for the web. Assertions are about the CLI,
not about the exact text the extractor and writers make.
"""
import http.server
import json
import os
import pty
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

FOLIO = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
PAGES = os.path.join(ROOT, "tests", "cli", "pages")
ARTICLE = os.path.join(PAGES, "article.html")
SECOND = os.path.join(PAGES, "second.html")
FRONT = os.path.join(PAGES, "front.html")
IMAGES = os.path.join(PAGES, "images.html")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
       b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

# Everything stays on this machine: no proxy may carry the local server's
# traffic elsewhere.
for var in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"]:
    os.environ.pop(var, None)
os.environ["no_proxy"] = os.environ["NO_PROXY"] = "*"

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def folio(*args, stdin=None, cwd=None, env=None, preexec=None, stdout=subprocess.PIPE,
          timeout=60):
    e = dict(os.environ)
    e.pop("SOURCE_DATE_EPOCH", None)
    e.update(env or {})
    p = subprocess.run([FOLIO, *args], input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                       cwd=cwd, env=e, preexec_fn=preexec, timeout=timeout)
    p.err_lines = p.stderr.decode("utf-8", "replace").splitlines()
    return p


def expect_exit(p, code, what):
    check(p.returncode == code,
          f"{what}: exit {p.returncode}, expected {code}; stderr: {p.stderr[-400:]!r}")


def one_error_line(p, name, what):
    """A failure prints exactly one line, 'folio: NAME: reason'."""
    lines = [l for l in p.err_lines if not l.startswith("folio: warning:")]
    check(len(lines) == 1, f"{what}: expected one stderr line, got {p.err_lines!r}")
    check(lines[0].startswith("folio: "), f"{what}: message not prefixed: {lines[0]!r}")
    if name:
        check(name in lines[0], f"{what}: message does not name {name!r}: {lines[0]!r}")


def parse_json(data, what):
    try:
        return json.loads(data)
    except ValueError as e:
        raise Fail(f"{what}: not JSON ({e}): {data[:200]!r}")


def json_lines(data, n, what):
    lines = data.decode("utf-8").split("\n")
    check(lines[-1] == "", f"{what}: JSON Lines do not end with a newline")
    lines = lines[:-1]
    check(len(lines) == n, f"{what}: {len(lines)} lines, expected {n}")
    return [parse_json(l, f"{what} line {i + 1}") for i, l in enumerate(lines)]


def tmpdir():
    return tempfile.mkdtemp(prefix="folio-cli-")


def is_html(data):
    return re.search(rb"<html|<!doctype html", data[:2000], re.I) is not None


def is_json(data):
    try:
        json.loads(data)
        return True
    except ValueError:
        return False


# ------------------------------------------------------------- basics

@case
def version():
    p = folio("--version")
    expect_exit(p, 0, "--version")
    check(re.match(rb"folio \d+\.\d+\.\d+\n", p.stdout), f"--version: {p.stdout!r}")


@case
def help_lists_every_option_and_code():
    p = folio("--help")
    expect_exit(p, 0, "--help")
    text = p.stdout.decode()
    for opt in ["--format", "--output", "--output-dir", "--base-url", "--title", "--author",
                "--lang", "--no-front-matter", "--no-images", "--meta", "--check", "--quiet",
                "--verbose", "--timeout", "--max-size", "--user-agent", "--offline", "--cover",
                "--toc-depth", "--wrap", "--link-style", "--jobs", "--jsonl", "--version",
                "--help", "-f,", "-o,", "-O,", "-j,", "-q,", "-v,", "-h,"]:
        check(opt in text, f"--help does not mention {opt}")
    for code in range(6):
        check(re.search(rf"^\s*{code}\s+\S", text, re.M), f"--help lacks exit code {code}")
    p2 = folio("-h")
    check(p2.stdout == p.stdout, "-h differs from --help")


@case
def usage_errors_exit_2():
    for args, what in [(["--bogus", ARTICLE], "unknown long option"),
                       (["-Z", ARTICLE], "unknown short option"),
                       (["-f", "pdf", ARTICLE], "bad format"),
                       (["-j", "0", ARTICLE], "bad -j"),
                       (["--toc-depth", "9", ARTICLE], "bad --toc-depth"),
                       (["--link-style", "footnote", ARTICLE], "bad --link-style"),
                       (["--timeout", "soon", ARTICLE], "bad --timeout"),
                       (["--max-size", "-5", ARTICLE], "bad --max-size"),
                       (["--wrap", "x", ARTICLE], "bad --wrap"),
                       (["--base-url", "ftp://x/", ARTICLE], "bad --base-url"),
                       (["-o", "a.md", "-O", "/tmp", ARTICLE], "-o with -O"),
                       (["--jsonl", ARTICLE], "--jsonl with an INPUT"),
                       (["--format"], "missing value")]:
        p = folio(*args)
        expect_exit(p, 2, what)
        one_error_line(p, None, what)
        check(p.stdout == b"", f"{what}: wrote to stdout")


@case
def no_input_reads_a_pipe_not_a_terminal():
    master, slave = pty.openpty()
    try:
        p = subprocess.run([FOLIO], stdin=slave, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
    finally:
        os.close(slave)
        os.close(master)
    check(p.returncode == 2, f"no INPUT, stdin a terminal: exit {p.returncode}")
    check(len(p.stderr.splitlines()) == 1, f"no INPUT: {p.stderr!r}")
    p = folio(stdin=open(ARTICLE, "rb").read())
    expect_exit(p, 0, "no INPUT, stdin a pipe")
    check(p.stdout == folio(ARTICLE).stdout, "no INPUT: stdin not converted like the file")


@case
def several_inputs_need_output_dir():
    for fmt in ["md", "text", "html"]:
        p = folio("-f", fmt, ARTICLE, SECOND)
        expect_exit(p, 2, f"two inputs in {fmt}")
        one_error_line(p, None, f"two inputs in {fmt}")
        check("-O" in p.err_lines[0], f"message does not point to -O: {p.err_lines}")
        check(p.stdout == b"", "wrote to stdout")


# ------------------------------------------------------------ formats

def output_kind(data):
    if is_json(data):
        return "json"
    if is_html(data):
        return "html"
    return "other"


@case
def libraries_loaded_on_demand():
    # libzip is opened for the first EPUB only, libcurl for the first URL
    # (src/lazylib.h): converting a local file to text loads neither. glibc's
    # loader names each library it opens under LD_DEBUG=files.
    named = re.compile(rb"file=\S*(libzip|libcurl)\S*")
    p = folio("-f", "md", ARTICLE, env={"LD_DEBUG": "files"})
    expect_exit(p, 0, "-f md")
    got = sorted(set(m.group(1) for m in named.finditer(p.stderr)))
    check(got == [], f"-f md of a local file loaded {got}")
    with tempfile.TemporaryDirectory() as d:
        book = os.path.join(d, "a.epub")
        p = folio("-o", book, ARTICLE, env={"LD_DEBUG": "files"})
        expect_exit(p, 0, "-o a.epub")
    got = sorted(set(m.group(1) for m in named.finditer(p.stderr)))
    check(got == [b"libzip"], f"an EPUB of a local file loaded {got}, expected libzip alone")


@case
def formats_by_flag():
    want = {"md": "other", "text": "other", "json": "json", "html": "html"}
    outs = {}
    for fmt, kind in want.items():
        p = folio("-f", fmt, ARTICLE)
        expect_exit(p, 0, f"-f {fmt}")
        check(p.stdout.strip() != b"", f"-f {fmt}: empty output")
        check(output_kind(p.stdout) == kind, f"-f {fmt}: looks like {output_kind(p.stdout)}")
        outs[fmt] = p.stdout
    check(outs["md"] != outs["text"], "md and text are the same bytes")
    check(outs["md"].startswith(b"---\n"), "md has no front matter")
    p = folio(ARTICLE)
    check(p.stdout == outs["md"], "the default format is not md")
    p = folio("-f", "markdown", ARTICLE)
    check(p.stdout == outs["md"], "-f markdown differs from -f md")


@case
def formats_by_output_extension():
    d = tmpdir()
    ref = {f: folio("-f", f, ARTICLE).stdout for f in ["md", "text", "json", "html"]}
    for ext, fmt in [("md", "md"), ("markdown", "md"), ("txt", "text"), ("json", "json"),
                     ("html", "html"), ("htm", "html"), ("HTML", "html"), ("out", "md")]:
        path = os.path.join(d, "page." + ext)
        p = folio("-o", path, ARTICLE)
        expect_exit(p, 0, f"-o page.{ext}")
        check(p.stdout == b"", f"-o page.{ext} wrote to stdout")
        data = open(path, "rb").read()
        check(data == ref[fmt], f"-o page.{ext}: not the {fmt} output")
    path = os.path.join(d, "page.jsonl")
    p = folio("-o", path, ARTICLE)
    expect_exit(p, 0, "-o page.jsonl")
    check(is_json(open(path, "rb").read()), "-o page.jsonl is not JSON")
    path = os.path.join(d, "forced.md")
    p = folio("-f", "json", "-o", path, ARTICLE)
    check(is_json(open(path, "rb").read()), "-f json -o forced.md: -f did not win")
    p = folio("-o", "-", "-f", "md", ARTICLE)
    check(p.stdout == ref["md"], "-o - is not stdout")
    check(not [f for f in os.listdir(d) if f.startswith(".")], "temporary files left behind")
    shutil.rmtree(d)


@case
def stdin_input():
    p = folio("-", stdin=open(ARTICLE, "rb").read())
    expect_exit(p, 0, "stdin")
    check(p.stdout == folio(ARTICLE).stdout, "stdin gives other bytes than the file")
    p = folio("-", "-", "-f", "json", stdin=b"")
    expect_exit(p, 2, "- twice")


@case
def front_matter_switch():
    with_fm = folio(ARTICLE).stdout
    p = folio("--no-front-matter", ARTICLE)
    expect_exit(p, 0, "--no-front-matter")
    check(with_fm.startswith(b"---\n"), "front matter missing by default")
    check(not p.stdout.startswith(b"---"), "--no-front-matter kept the front matter")
    check(len(p.stdout) < len(with_fm), "--no-front-matter output not shorter")


# ------------------------------------------------------- check and meta

@case
def check_mode():
    p = folio("--check", ARTICLE)
    expect_exit(p, 0, "--check on an article")
    check(p.stdout == b"" and p.stderr == b"", "--check printed something")
    p = folio("--check", FRONT)
    expect_exit(p, 1, "--check on a front page")
    check(p.stdout == b"" and p.stderr == b"", "--check printed something on a front page")
    p = folio("--check", ARTICLE, SECOND)
    expect_exit(p, 0, "--check on two articles")
    p = folio("--check", os.path.join(PAGES, "missing.html"))
    expect_exit(p, 3, "--check on a missing file")


@case
def no_article_exit_1():
    for fmt in ["md", "json"]:
        p = folio("-f", fmt, FRONT)
        expect_exit(p, 1, f"front page in {fmt}")
        one_error_line(p, FRONT, "front page")
        check("no article" in p.err_lines[0], f"message: {p.err_lines}")


@case
def meta_keys():
    full = parse_json(folio("-f", "json", ARTICLE).stdout, "json")
    p = folio("--meta", ARTICLE)
    expect_exit(p, 0, "--meta")
    meta = parse_json(p.stdout, "--meta")
    check(isinstance(meta, dict), "--meta is not an object")
    check("text" not in meta and "markdown" not in meta, "--meta carries the content")
    check(set(meta) == set(full) - {"text", "markdown"},
          f"--meta keys {sorted(meta)} vs json keys {sorted(full)}")
    check("title" in meta and meta["title"], "--meta has no title")
    p = folio("--meta", FRONT)
    expect_exit(p, 0, "--meta on a front page")
    check(parse_json(p.stdout, "--meta front").get("title"), "--meta front page: no title")
    p = folio("--meta", ARTICLE, FRONT)
    expect_exit(p, 0, "--meta on two pages")
    json_lines(p.stdout, 2, "--meta on two pages")


@case
def overrides_in_json():
    p = folio("-f", "json", "--title", "A Title Of My Own", "--author", "Kari Nordmann",
              "--lang", "nb", ARTICLE)
    expect_exit(p, 0, "overrides")
    j = parse_json(p.stdout, "overrides")
    check(j.get("title") == "A Title Of My Own", f"title: {j.get('title')!r}")
    check(j.get("author") == "Kari Nordmann", f"author: {j.get('author')!r}")
    check(j.get("lang") == "nb", f"lang: {j.get('lang')!r}")
    p = folio("--meta", "--author", "A One, B Two", ARTICLE)
    j = parse_json(p.stdout, "two authors")
    check(j.get("authors") == ["A One", "B Two"], f"authors: {j.get('authors')!r}")


@case
def base_url_images_links():
    base = folio("--no-front-matter", IMAGES).stdout
    check(b"![" in base, "an image is missing from the Markdown")
    p = folio("--no-front-matter", "--no-images", IMAGES)
    expect_exit(p, 0, "--no-images")
    check(b"![" not in p.stdout, "--no-images kept an image")
    p = folio("--no-front-matter", "--base-url", "https://news.example.org/a/b.html", IMAGES)
    expect_exit(p, 0, "--base-url")
    check(b"https://news.example.org/reports/2024.html" in p.stdout,
          "--base-url did not resolve a relative link")
    p = folio("--no-front-matter", "--link-style", "reference", IMAGES)
    expect_exit(p, 0, "--link-style reference")
    check(re.search(rb"^\s*\[[^\]]+\]:\s*\S+", p.stdout, re.M),
          "--link-style reference gave no link reference definition")


@case
def wrap_column():
    p = folio("-f", "text", "--wrap", "40", ARTICLE)
    expect_exit(p, 0, "--wrap 40")
    lines = p.stdout.decode().splitlines()
    check(max(len(l) for l in lines) <= 40, "--wrap 40 left a longer line")
    unwrapped = folio("-f", "text", ARTICLE).stdout.decode().splitlines()
    check(max(len(l) for l in unwrapped) > 40, "the page has no long line to wrap")


# ---------------------------------------------------------- output dir

@case
def output_dir_never_overwrites():
    d = tmpdir()
    p = folio("-O", d, "-v", ARTICLE, SECOND)
    expect_exit(p, 0, "-O")
    first = sorted(os.listdir(d))
    check(len(first) == 2 and all(f.endswith(".md") for f in first), f"-O made {first}")
    check(any("night-trains" in f for f in first), f"-O name not from the title: {first}")
    check(len([l for l in p.err_lines if any(f in l for f in first)]) == 2,
          f"-v did not report both files: {p.err_lines}")
    check("folio: 2 inputs, 0 failed" in p.err_lines, f"-v gave no summary: {p.err_lines}")
    saved = {f: open(os.path.join(d, f), "rb").read() for f in first}
    p = folio("-O", d, ARTICLE, SECOND)
    expect_exit(p, 0, "-O again")
    second = sorted(os.listdir(d))
    check(len(second) == 4, f"second -O run: {second}")
    for f, data in saved.items():
        check(open(os.path.join(d, f), "rb").read() == data, f"{f} was overwritten")
        stem = f[:-3]
        check(stem + "-2.md" in second, f"no {stem}-2.md in {second}")
    p = folio("-O", d, "-f", "json", ARTICLE)
    check(any(f.endswith(".json") for f in os.listdir(d)), "-O -f json made no .json")
    p = folio("-O", d, "-f", "html", ARTICLE)
    check(any(f.endswith(".html") for f in os.listdir(d)), "-O -f html made no .html")
    p = folio("-O", d, "-f", "epub", "--offline", "-q", ARTICLE, SECOND)
    expect_exit(p, 0, "-O -f epub")
    books = [f for f in os.listdir(d) if f.endswith(".epub")]
    check(len(books) == 2, f"-O -f epub made {books}")
    for b in books:
        check(is_epub(open(os.path.join(d, b), "rb").read()), f"{b} is not an EPUB")
    check(not [f for f in os.listdir(d) if f.startswith(".")], "temporary files left in -O")
    shutil.rmtree(d)


@case
def output_dir_missing():
    d = tmpdir()
    p = folio("-O", os.path.join(d, "nope"), ARTICLE)
    expect_exit(p, 4, "-O into a missing directory")
    one_error_line(p, "nope", "-O missing")
    check(os.listdir(d) == [], "something was created")
    shutil.rmtree(d)


@case
def output_dir_failed_input():
    d = tmpdir()
    p = folio("-O", d, ARTICLE, os.path.join(d, "missing.html"), SECOND)
    expect_exit(p, 3, "-O with a missing input")
    one_error_line(p, "missing.html", "-O missing input")
    check(len(os.listdir(d)) == 2, f"-O did not write the other inputs: {os.listdir(d)}")
    shutil.rmtree(d)


# -------------------------------------------------------- input errors

@case
def missing_file_exit_3():
    p = folio(os.path.join(PAGES, "no-such-page.html"))
    expect_exit(p, 3, "missing file")
    one_error_line(p, "no-such-page.html", "missing file")
    check(p.stdout == b"", "missing file wrote to stdout")


@case
def png_as_html_exit_3():
    d = tmpdir()
    path = os.path.join(d, "picture.html")
    open(path, "wb").write(PNG * 4)
    p = folio(path)
    expect_exit(p, 3, "a PNG given as HTML")
    one_error_line(p, "picture.html", "PNG")
    shutil.rmtree(d)


@case
def max_size_exit_5():
    p = folio("--max-size", "1000", ARTICLE)
    expect_exit(p, 5, "--max-size exceeded")
    one_error_line(p, ARTICLE, "--max-size")
    p = folio("--max-size", "1M", ARTICLE)
    expect_exit(p, 0, "--max-size 1M")


@case
def deep_page_exit_5():
    d = tmpdir()
    path = os.path.join(d, "deep.html")
    open(path, "w").write("<!DOCTYPE html><title>Deep</title>" + "<div>" * 5000 + "x")
    p = folio(path)
    expect_exit(p, 5, "5000 nested elements")
    one_error_line(p, "deep.html", "deep page")
    check("nested" in p.err_lines[0] and "limit" in p.err_lines[0],
          f"limit message: {p.err_lines}")
    shutil.rmtree(d)


@case
def other_schemes_refused():
    for url in ["file:///etc/passwd", "ftp://127.0.0.1/x.html", "javascript:alert(1)"]:
        p = folio(url)
        check(p.returncode in (2, 3), f"{url}: exit {p.returncode}")
        one_error_line(p, url, url)
        check(b"root:" not in p.stdout, f"{url} read a local file")


@case
def offline_refuses_urls():
    p = folio("--offline", "http://127.0.0.1:9/page.html")
    expect_exit(p, 2, "--offline with a URL")
    one_error_line(p, "http://127.0.0.1:9/page.html", "--offline URL")
    check("--offline given with a URL input" in p.err_lines[0], f"message: {p.err_lines}")


# ------------------------------------------------------- output errors

@case
def output_in_missing_directory_exit_4():
    d = tmpdir()
    p = folio("-o", os.path.join(d, "nope", "page.md"), ARTICLE)
    expect_exit(p, 4, "-o in a missing directory")
    one_error_line(p, ARTICLE, "-o missing dir")
    check(os.listdir(d) == [], "something was created")
    shutil.rmtree(d)


@case
def dev_full_exit_4():
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        p = folio(ARTICLE, stdout=full)
    expect_exit(p, 4, "stdout on /dev/full")
    one_error_line(p, ARTICLE, "/dev/full")


@case
def help_to_full_disk_exit_4():
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        p = folio("--help", stdout=full)
    expect_exit(p, 4, "--help on /dev/full")
    one_error_line(p, "standard output", "--help on /dev/full")


@case
def file_size_limit_exit_4_no_partial_file():
    d = tmpdir()
    out = os.path.join(d, "page.md")
    check(len(folio(ARTICLE).stdout) > 600, "the page is too small for this test")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    p = folio("-o", out, ARTICLE, preexec=limit)
    expect_exit(p, 4, "ulimit -f")
    one_error_line(p, ARTICLE, "ulimit -f")
    check(os.listdir(d) == [], f"files left behind: {os.listdir(d)}")
    p = folio("-O", d, ARTICLE, preexec=limit)
    expect_exit(p, 4, "ulimit -f with -O")
    check(os.listdir(d) == [], f"files left behind by -O: {os.listdir(d)}")
    shutil.rmtree(d)


@case
def failed_input_leaves_no_output_file():
    d = tmpdir()
    out = os.path.join(d, "page.md")
    p = folio("-o", out, os.path.join(d, "missing.html"))
    expect_exit(p, 3, "missing input with -o")
    check(os.listdir(d) == [], f"files left behind: {os.listdir(d)}")
    open(out, "w").write("keep me")
    p = folio("-o", out, FRONT)
    expect_exit(p, 1, "no article with -o")
    check(open(out).read() == "keep me", "a failed run replaced the existing -o file")
    shutil.rmtree(d)


@case
def special_and_linked_outputs():
    p = folio("-o", "/dev/null", ARTICLE)
    expect_exit(p, 0, "-o /dev/null")
    check(stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null was replaced")
    d = tmpdir()
    target = os.path.join(d, "target.md")
    link = os.path.join(d, "link.md")
    open(target, "w").write("old")
    os.chmod(target, 0o640)
    os.symlink("target.md", link)
    p = folio("-o", link, ARTICLE)
    expect_exit(p, 0, "-o through a symbolic link")
    check(os.path.islink(link), "the symbolic link was replaced by a file")
    check(open(target, "rb").read() == folio(ARTICLE).stdout, "the link target was not written")
    check(stat.S_IMODE(os.stat(target).st_mode) == 0o640, "the file lost its permissions")
    shutil.rmtree(d)


@case
def signal_removes_temporary_file():
    d = tmpdir()
    proc = subprocess.Popen([FOLIO, "--jsonl", "-o", os.path.join(d, "out.jsonl")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdin.write(ARTICLE.encode() + b"\n")
    proc.stdin.flush()
    for _ in range(100):
        if os.listdir(d):
            break
        time.sleep(0.05)
    check(os.listdir(d), "no temporary file while writing")
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    proc.stdin.close()
    check(os.listdir(d) == [], f"left behind after SIGTERM: {os.listdir(d)}")
    shutil.rmtree(d)


@case
def broken_pipe_is_quiet():
    lines = ("\n".join([ARTICLE] * 300) + "\n").encode()  # more than a pipe holds
    proc = subprocess.Popen([FOLIO, "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdin.write(lines)
    proc.stdin.close()
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    check(err.count(b"\n") <= 1, f"broken pipe: error storm {err[:300]!r}")
    check(proc.returncode == 4, f"broken pipe: exit {proc.returncode}, expected 4")


# -------------------------------------------------------------- batch

@case
def json_lines_for_several_inputs():
    p = folio("-f", "json", ARTICLE, SECOND)
    expect_exit(p, 0, "json of two inputs")
    objs = json_lines(p.stdout, 2, "json of two inputs")
    one = parse_json(folio("-f", "json", ARTICLE).stdout, "one")
    two = parse_json(folio("-f", "json", SECOND).stdout, "two")
    check(objs == [one, two], "JSON Lines differ from the single conversions or their order")
    d = tmpdir()
    path = os.path.join(d, "all.jsonl")
    p = folio("-o", path, ARTICLE, FRONT, SECOND)
    expect_exit(p, 1, "jsonl with a front page")
    one_error_line(p, FRONT, "jsonl front page")
    json_lines(open(path, "rb").read(), 2, "all.jsonl")
    shutil.rmtree(d)


@case
def jsonl_from_stdin():
    missing = os.path.join(PAGES, "missing.html")
    src = f"{ARTICLE}\n{missing}\n\n{SECOND}\r\n".encode()
    p = folio("--jsonl", stdin=src)
    expect_exit(p, 3, "--jsonl with a missing input")
    one_error_line(p, "missing.html", "--jsonl")
    objs = json_lines(p.stdout, 3, "--jsonl")
    check(set(objs[1]) == {"source", "error"} and objs[1]["source"] == missing,
          f"--jsonl error record: {objs[1]}")
    check(objs[0].get("title") and objs[2].get("title"), "--jsonl records without titles")
    check(objs[0]["title"] != objs[2]["title"], "--jsonl order")
    p2 = folio("--jsonl", "--meta", stdin=f"{FRONT}\n".encode())
    expect_exit(p2, 0, "--jsonl --meta")
    json_lines(p2.stdout, 1, "--jsonl --meta")
    p4 = folio("--jsonl", stdin=f"-\n{ARTICLE}\n".encode())
    expect_exit(p4, 2, "--jsonl with - as an input")
    objs = json_lines(p4.stdout, 2, "--jsonl with -")
    check("error" in objs[0] and "title" in objs[1], f"--jsonl with -: {objs}")
    p5 = folio("--jsonl", stdin=b"bad\xffname\xc3\xa9 \"quoted\".html\n")
    expect_exit(p5, 3, "--jsonl with a name that is not UTF-8")
    rec = json_lines(p5.stdout, 1, "--jsonl odd name")[0]
    check(rec.get("source") == "bad\ufffdname\u00e9 \"quoted\".html", f"odd name: {rec}")
    p3 = folio("--jsonl", stdin=b"")
    expect_exit(p3, 0, "--jsonl with no input")
    check(p3.stdout == b"", "--jsonl of nothing wrote something")


@case
def jsonl_streams():
    """A mapper: each record comes out before the next input line is sent."""
    for jobs in ["1", "2"]:
        proc = subprocess.Popen([FOLIO, "--jsonl", "-j", jobs], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        watchdog = threading.Timer(20, proc.kill)
        watchdog.start()
        got = []
        try:
            for path in [ARTICLE, SECOND, ARTICLE]:
                proc.stdin.write(path.encode() + b"\n")
                proc.stdin.flush()
                got.append(proc.stdout.readline())
        finally:
            watchdog.cancel()
            proc.stdin.close()
            proc.wait(timeout=60)
        check(all(is_json(l) for l in got), f"--jsonl -j {jobs} did not stream: {got!r}")
        check(proc.returncode == 0, f"--jsonl -j {jobs}: exit {proc.returncode}")


@case
def jobs_same_bytes():
    inputs = [ARTICLE, SECOND, FRONT, ARTICLE, SECOND, os.path.join(PAGES, "x.html")] * 3
    src = ("\n".join(inputs) + "\n").encode()
    one = folio("--jsonl", "-j", "1", stdin=src)
    two = folio("--jsonl", "-j", "2", stdin=src)
    four = folio("--jsonl", "--jobs", "4", stdin=src)
    check(one.stdout == two.stdout == four.stdout, "-j changes the --jsonl bytes")
    check(one.returncode == two.returncode == 1, f"-j exit codes {one.returncode} {two.returncode}")
    check(one.stderr == two.stderr, "-j changes the messages or their order")
    d1, d2 = tmpdir(), tmpdir()
    folio("-O", d1, "-j", "1", ARTICLE, SECOND, ARTICLE, SECOND)
    folio("-O", d2, "-j", "2", ARTICLE, SECOND, ARTICLE, SECOND)
    n1, n2 = sorted(os.listdir(d1)), sorted(os.listdir(d2))
    check(n1 == n2 and len(n1) == 4, f"-O -j names differ: {n1} vs {n2}")
    for f in n1:
        check(open(os.path.join(d1, f), "rb").read() == open(os.path.join(d2, f), "rb").read(),
              f"-O -j: {f} differs")
    shutil.rmtree(d1)
    shutil.rmtree(d2)


# --------------------------------------------------------------- EPUB

def is_epub(data):
    return data[:4] == b"PK\x03\x04" and data[30:38] == b"mimetype" and \
        b"application/epub+zip" in data[:100]


@case
def epub_default_name_no_overwrite():
    d = tmpdir()
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    p = folio("-f", "epub", "--offline", ARTICLE, cwd=d, env=env)
    expect_exit(p, 0, "epub without -o")
    files = os.listdir(d)
    check(len(files) == 1 and files[0].endswith(".epub"), f"epub made {files}")
    check("night-trains" in files[0], f"epub not named from the title: {files}")
    data = open(os.path.join(d, files[0]), "rb").read()
    check(is_epub(data), "not an EPUB")
    p = folio("-f", "epub", "--offline", ARTICLE, cwd=d, env=env)
    files2 = sorted(os.listdir(d))
    check(len(files2) == 2 and any(f.endswith("-2.epub") for f in files2),
          f"second epub: {files2}")
    second = [f for f in files2 if f.endswith("-2.epub")][0]
    check(open(os.path.join(d, second), "rb").read() == data,
          "same input and SOURCE_DATE_EPOCH gave another EPUB")
    shutil.rmtree(d)


@case
def epub_book_of_several_with_a_failure():
    d = tmpdir()
    out = os.path.join(d, "digest.epub")
    p = folio("--offline", "-o", out, "--title", "Digest", ARTICLE,
              os.path.join(d, "missing.html"), SECOND)
    expect_exit(p, 3, "book with a missing input")
    one_error_line(p, "missing.html", "book")
    data = open(out, "rb").read()
    check(is_epub(data), "the book was not made from the rest")
    check(not [f for f in os.listdir(d) if f.startswith(".")], "temporary files left")
    shutil.rmtree(d)


@case
def epub_book_title_is_the_books():
    d = tmpdir()
    out = os.path.join(d, "digest.epub")
    p = folio("--offline", "-q", "-o", out, "--title", "Sunday Reading", ARTICLE, SECOND)
    expect_exit(p, 0, "book of two with --title")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        opf = z.read([n for n in names if n.endswith(".opf")][0]).decode()
        nav = z.read([n for n in names if n.endswith("nav.xhtml")][0]).decode()
    check(re.search(r"<dc:title[^>]*>Sunday Reading<", opf), "the book title is not --title")
    check("Night Trains" in nav and "Sourdough" in nav,
          "chapters lost their own titles to --title")
    p = folio("--offline", "-q", "-f", "epub", ARTICLE, SECOND, cwd=d,
              env={"SOURCE_DATE_EPOCH": "1700000000"})
    expect_exit(p, 0, "book of two without -o")
    made = [f for f in os.listdir(d) if f != "digest.epub"]
    check(len(made) == 1 and made[0].endswith(".epub") and "2023-11-14" in made[0],
          f"a book of two without -o: {made}")
    shutil.rmtree(d)


@case
def progress_on_a_terminal():
    d = tmpdir()
    master, slave = pty.openpty()
    try:
        p = subprocess.run([FOLIO, "--offline", "-o", os.path.join(d, "b.epub"), ARTICLE,
                            SECOND], stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        slave = None
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    check(p.returncode == 0, f"book with stderr on a terminal: exit {p.returncode}")
    check(b"[1/2] " + ARTICLE.encode() in seen and b"[2/2] " + SECOND.encode() in seen,
          f"no progress on a terminal: {seen!r}")
    p = folio("--offline", "-o", os.path.join(d, "c.epub"), ARTICLE, SECOND)
    check(not any(l.startswith("[") for l in p.err_lines), "progress on a pipe")
    shutil.rmtree(d)


@case
def epub_book_all_inputs_fail():
    d = tmpdir()
    out = os.path.join(d, "digest.epub")
    p = folio("--offline", "-o", out, FRONT, os.path.join(d, "missing.html"))
    expect_exit(p, 1, "book of failures: the first failure's code")
    check(len(p.err_lines) == 2, f"one line per failed input: {p.err_lines}")
    check(os.listdir(d) == [], f"a book of nothing was made: {os.listdir(d)}")
    shutil.rmtree(d)


@case
def epub_to_terminal_refused():
    master, slave = pty.openpty()
    try:
        p = folio("-f", "epub", "-o", "-", ARTICLE, stdout=slave)
    finally:
        os.close(slave)
        os.close(master)
    expect_exit(p, 2, "EPUB to a terminal")
    one_error_line(p, None, "EPUB to a terminal")
    p = folio("-f", "epub", "--offline", "-o", "-", ARTICLE)
    expect_exit(p, 0, "EPUB to a pipe")
    check(is_epub(p.stdout), "EPUB on stdout is not an EPUB")


@case
def epub_options():
    d = tmpdir()
    p = folio("-o", os.path.join(d, "x.epub"), "--cover", os.path.join(d, "nocover.png"),
              ARTICLE)
    expect_exit(p, 3, "--cover missing")
    one_error_line(p, "nocover.png", "--cover missing")
    check(os.listdir(d) == [], "a book was made without its cover")
    cover = os.path.join(d, "cover.png")
    open(cover, "wb").write(PNG)
    p = folio("--offline", "-o", os.path.join(d, "x.epub"), "--cover", cover, "--toc-depth",
              "1", ARTICLE)
    expect_exit(p, 0, "--cover and --toc-depth")
    check(is_epub(open(os.path.join(d, "x.epub"), "rb").read()), "not an EPUB")
    shutil.rmtree(d)


@case
def quiet_silences_warnings():
    d = tmpdir()
    p = folio("--offline", "-o", os.path.join(d, "a.epub"), IMAGES)
    expect_exit(p, 0, "EPUB of a page with remote images, offline")
    check(any(l.startswith("folio: warning:") for l in p.err_lines),
          f"no warning for an image left out offline: {p.err_lines}")
    p = folio("-q", "--offline", "-o", os.path.join(d, "b.epub"), IMAGES)
    expect_exit(p, 0, "-q")
    check(p.stderr == b"", f"-q printed {p.err_lines}")
    shutil.rmtree(d)


# ---------------------------------------------------------------- URLs

class Handler(http.server.BaseHTTPRequestHandler):
    agents = []

    def log_message(self, *a):
        pass

    def do_GET(self):
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(4)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story/final.html")
            self.end_headers()
            return
        if self.path in ("/story/final.html", "/slow"):
            body = open(ARTICLE, "rb").read()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>not here</body></html>")


@case
def url_inputs():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        p = folio("--meta", "--user-agent", "folio-cli-test/1", base + "/moved")
        expect_exit(p, 0, "URL with a redirect")
        meta = parse_json(p.stdout, "URL meta")
        check(meta.get("source") == base + "/story/final.html",
              f"source is not the final URL: {meta.get('source')!r}")
        check("folio-cli-test/1" in Handler.agents, f"--user-agent not sent: {Handler.agents}")
        p = folio(base + "/missing")
        expect_exit(p, 3, "HTTP 404")
        one_error_line(p, base + "/missing", "404")
        t0 = time.time()
        p = folio("--timeout", "1", base + "/slow")
        expect_exit(p, 3, "--timeout 1 on a slow server")
        check(time.time() - t0 < 3.5, "--timeout not applied")
        one_error_line(p, base + "/slow", "timeout")
    finally:
        srv.shutdown()


def main():
    only = sys.argv[3:]
    passed = failed = 0
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        try:
            fn()
            passed += 1
            print(f"ok   {fn.__name__}")
        except Fail as e:
            failed += 1
            print(f"FAIL {fn.__name__}: {e}")
        except Exception as e:  # a crash of the test is a failure too
            failed += 1
            print(f"FAIL {fn.__name__}: {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
