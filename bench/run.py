#!/usr/bin/env python3
"""bench/run.py — folio's benchmark: speed and memory as ratios to gumbo.

usage: bench/run.py [DIR] [options]     (see --help)

DIR is a folder of pages: either NAME/source.html (the layout of
../shared/corpus/readability, the default when it exists) or *.html files.
Every figure is measured in this one run, beside the floor of the same
pages: gumbo alone (bench/gumbo_parse). The machine may be shared, so the
report gives ratios, medians over --runs runs, and CPU time (user + system of
each child, from os.wait4) beside wall time; callgrind instruction counts
(--callgrind) are the stable figure.

What it runs (each in one pass over the same pages):
  gumbo_parse  one process over all pages (the floor)
  folio        one process over all pages: folio --offline -f md -O TMP INPUT...
  folio jsonl  one process, paths on stdin: folio --offline --jsonl < paths
  folio/page   one process per page: folio --offline -f md PAGE
  stages       bench/stages: each stage timed beside gumbo, in one process
  RSS          peak RSS of folio and of gumbo_parse on the largest page
  -j           folio -j 1 against -j 2 (wall time)
  --peers DIR  the peers of ../shared/bench/peers installed in DIR (setup.sh)
  --scaling    pages of 1, 4, 16 and 64 MB built by repeating an article's
               paragraphs: time per MB for folio, gumbo and each stage
  --callgrind  valgrind --tool=callgrind over a few pages: top functions by
               inclusive and self instruction counts, stage ratios in Ir

The last line is machine-readable: BENCH key=value ...
Run it under nice on a shared machine: nice python3 bench/run.py
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = ["readabilityjs", "defuddle", "postlight", "readability-lxml"]
MB = 1e6

# Targets of issues 3, 4 and 8, checked in the summary (ratios, never timed tests).
TARGET_THROUGHPUT = 0.75   # folio MB/s / gumbo MB/s, Markdown, one process
TARGET_RSS = 3.0           # folio peak RSS / gumbo peak RSS, largest page
TARGET_EXTRACT_CLEAN = 0.30  # (extract + clean) / gumbo parse
TARGET_META = 0.10         # meta / gumbo parse
TARGET_READABILITYJS = 20.0  # Readability.js per page / folio per page


# ---------------------------------------------------------------- running

class Result:
    """One child process: wall and CPU seconds, peak RSS (KiB), status."""

    def __init__(self, wall, cpu, rss, rc, out):
        self.wall, self.cpu, self.rss, self.rc, self.out = wall, cpu, rss, rc, out


GNU_TIME = "/usr/bin/time"


def run(cmd, stdin_data=None, capture=True, env=None, rss=True, timeout=None):
    """Runs cmd. CPU time comes from os.wait4 (this child's own). Peak RSS
    comes from GNU time when present: a child that Python starts (vfork +
    exec) inherits the Python process's RSS high-water mark in ru_maxrss, so
    it is measured under /usr/bin/time, whose own start-up is ~1 MB."""
    out = tempfile.TemporaryFile()
    inp = None
    if stdin_data is not None:
        inp = tempfile.TemporaryFile()
        inp.write(stdin_data.encode())
        inp.seek(0)
    rss_file = None
    if rss and os.access(GNU_TIME, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="folio-bench-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + list(cmd)
    t0 = time.monotonic()
    # Its own process group, so that a time limit stops the measured program
    # too, not only GNU time above it.
    p = subprocess.Popen(cmd, stdin=inp if inp else subprocess.DEVNULL,
                         stdout=out if capture else subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env, start_new_session=bool(timeout))

    def stop():
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, stop) if timeout else None
    if timer:
        timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    timed_out = False
    if timer:
        timer.cancel()
        timed_out = wall >= timeout
    p.returncode = os.waitstatus_to_exitcode(status)
    rss = ru.ru_maxrss
    if rss_file:
        with open(rss_file) as f:
            lines = [x for x in f.read().split() if x.isdigit()]
        os.unlink(rss_file)
        rss = int(lines[-1]) if lines else 0
    out.seek(0)
    data = out.read().decode("utf-8", "replace") if capture else ""
    out.close()
    if inp:
        inp.close()
    res = Result(wall, ru.ru_utime + ru.ru_stime, rss, p.returncode, data)
    res.sys = ru.ru_stime
    res.timed_out = timed_out
    return res


def med(values):
    return statistics.median(values) if values else float("nan")


def pct(values, q):
    """The q-quantile (nearest rank) of values."""
    if not values:
        return float("nan")
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(q * len(v) + 0.5)) - 1))
    return v[k]


def runs_of(n, cmd, **kw):
    """n runs of cmd; returns the list of Results."""
    return [run(cmd, **kw) for _ in range(n)]


def fmt(x, digits=3):
    if x is None or x != x:
        return "n/a"
    return f"{x:.{digits}f}"


# ---------------------------------------------------------------- pages

def find_pages(d):
    """(name, path) of each page of d, sorted by name."""
    pages = []
    subs = sorted(e for e in os.listdir(d) if os.path.isfile(os.path.join(d, e, "source.html")))
    if subs:
        pages = [(s, os.path.join(d, s, "source.html")) for s in subs]
    else:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.lower().endswith((".html", ".htm")):
                    pages.append((os.path.splitext(f)[0], os.path.join(root, f)))
        pages.sort()
    return pages


def link_pages(pages, tmp):
    """Symlinks with distinct, shell-safe names (the readability pages are all
    source.html; folio -O and the peers' batch mode name outputs after them)."""
    d = os.path.join(tmp, "pages")
    os.makedirs(d)
    out = []
    for i, (name, path) in enumerate(pages):
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:80] or "page"
        link = os.path.join(d, f"{i:04d}-{safe}.html")
        os.symlink(os.path.abspath(path), link)
        out.append(link)
    return out


# ---------------------------------------------------------------- measures

def measure_gumbo(gumbo, pages, runs):
    rs = runs_of(runs, [gumbo] + pages)
    per_page = {}
    for r in rs:
        for line in r.out.splitlines():
            f = line.split("\t")
            if len(f) == 3:
                per_page.setdefault(f[2], []).append(float(f[0]))
    return rs, [min(v) for v in per_page.values()]


def measure_folio_batch(folio, pages, runs, tmp, jobs=None):
    """folio -O over all pages; None when the CLI refuses it."""
    res = []
    for k in range(runs):
        out = os.path.join(tmp, f"out-{jobs or 0}-{k}")
        os.makedirs(out)
        cmd = [folio, "--offline", "-f", "md", "-O", out]
        if jobs:
            cmd += ["-j", str(jobs)]
        r = run(cmd + pages, capture=False)
        r.nout = len(os.listdir(out))
        shutil.rmtree(out, ignore_errors=True)
        if r.nout == 0:
            return None
        res.append(r)
    return res


def measure_folio_jsonl(folio, pages, runs):
    stdin = "".join(p + "\n" for p in pages)
    res = []
    for _ in range(runs):
        r = run([folio, "--offline", "--jsonl"], stdin_data=stdin)
        r.nlines = sum(1 for line in r.out.splitlines() if line.startswith("{"))
        r.out = ""
        if r.nlines == 0:
            return None
        res.append(r)
    return res


def measure_per_process(cmd_of, pages, runs):
    """One process per page, runs times; per page the median of the runs."""
    per = {p: [] for p in pages}
    fails = 0
    for _ in range(runs):
        for p in pages:
            r = run(cmd_of(p), capture=False)
            per[p].append(r)
            fails += r.rc != 0
    wall = [med([r.wall for r in per[p]]) for p in pages]
    cpu = [med([r.cpu for r in per[p]]) for p in pages]
    rss = max(r.rss for p in pages for r in per[p])
    return {"wall": wall, "cpu": cpu, "rss": rss, "fails": fails // runs}


def measure_stages(stages, pages, repeat):
    r = run([stages, "-r", str(repeat)] + pages)
    rows, ratios = [], {}
    header = None
    for line in r.out.splitlines():
        f = line.split("\t")
        if f[0] == "page":
            header = f
        elif line.startswith("ratio "):
            _, name, val = line.split()
            ratios[name] = float(val)
        elif header and len(f) == len(header):
            rows.append(dict(zip(header, f)))
    total = next((x for x in rows if x["page"] == "total"), None)
    pages_rows = [x for x in rows if x["page"] != "total"]
    return total, pages_rows, ratios, r.rc


# ---------------------------------------------------------------- scaling

def article_paragraphs(pages):
    """Paragraphs of the page with the most article-like paragraph text: more
    than 80 characters of text, under 5 kB, less than a third of the text in
    links, no script; whitespace collapsed, so the bytes are content."""
    def text_of(x):
        return re.sub(r"<[^>]*>", "", x)

    best, best_len = [], 0
    for p in pages:
        with open(p, "rb") as f:
            html = f.read().decode("utf-8", "replace")
        paras = []
        for m in re.findall(r"<p[\s>].*?</p>", html, re.S | re.I):
            m = re.sub(r"\s+", " ", m)
            t = text_of(m)
            links = sum(len(text_of(a)) for a in re.findall(r"<a[\s>].*?</a>", m, re.S | re.I))
            if 80 < len(t) and len(m) < 5000 and links * 3 < len(t) and "<script" not in m.lower():
                paras.append(m)
        n = sum(len(x) for x in paras)
        if n > best_len:
            best, best_len = paras, n
    return best


def build_page(paras, size, path, table=False):
    """A page of about size bytes: the paragraphs repeated in an article; with
    table, the article sits in one layout table's cell, as on older sites."""
    head = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<title>Scaling test</title></head><body><nav><a href="/">Home</a></nav>'
            + ('<table><tr><td>' if table else '') +
            '<article><h1>Scaling test</h1><div class="article-body">\n')
    tail = ("</div></article>" + ("</td></tr></table>" if table else "")
            + "<footer>Footer</footer></body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        n = len(head.encode()) + len(tail)
        f.write(head)
        i = 0
        while n < size:
            p = paras[i % len(paras)] + "\n"
            f.write(p)
            n += len(p.encode())
            i += 1
        f.write(tail)
    return os.path.getsize(path)


IR_STAGES = [("total", None), ("gumbo", ["gumbo_parse_with_options", "gumbo_destroy_output"]),
             ("decode", ["decode_to_utf8"]), ("dom", ["dom_parse"]), ("meta", ["meta_extract"]),
             ("extract", ["extract_article"]), ("clean", ["clean_article"]),
             ("model", ["model_build"]), ("text", ["text_from_model"]),
             ("render", ["render_markdown"])]


def stage_ir(tools, path, tmp):
    """{stage: inclusive Ir} of bench/stages -n on one page."""
    outf = os.path.join(tmp, "scale.callgrind")
    run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={outf}", tools["stages"], "-n",
         "-q", path], capture=False, rss=False)
    if not os.path.exists(outf):
        return {}
    incl = annotate(outf, True)
    os.unlink(outf)
    out = {"total": incl.get("__total__", 0)}
    for name, fns in IR_STAGES[1:]:
        out[name] = sum(ir_of(incl, f) for f in fns)
    return out


def scaling(args, tools, pages, tmp):
    paras = article_paragraphs(pages)
    if not paras:
        print("scaling: no article paragraphs found")
        return {}
    print("\n== Scaling: one article's paragraphs repeated (time per MB; linear = flat) ==")
    print(f"{'size':>6} {'bytes':>10} {'folio s/MB':>11} {'(sys)':>7} {'gumbo s/MB':>11}"
          f" {'folio/gumbo':>11} {'folio RSS MB':>12} {'gumbo RSS MB':>12} {'rc':>3}")
    rows, stage_rows, ir_rows = [], [], []
    for mb in args.scaling_sizes:
        path = os.path.join(tmp, f"scale-{mb}MB.html")
        size = build_page(paras, int(mb * MB), path)
        n = 1 if mb >= 16 else args.runs
        fr = runs_of(n, [tools["folio"], "--offline", "-f", "md", path], capture=False)
        gr = runs_of(n, [tools["gumbo"], "-q", path])
        f_cpu, g_cpu = med([r.cpu for r in fr]), med([r.cpu for r in gr])
        row = (mb, size, f_cpu / (size / MB), g_cpu / (size / MB), f_cpu / g_cpu,
               max(r.rss for r in fr) / 1024, max(r.rss for r in gr) / 1024, fr[0].rc)
        rows.append(row)
        f_sys = med([r.sys for r in fr]) / (size / MB)
        print(f"{mb:>4g}MB {size:>10} {row[2]:>11.4f} {f_sys:>7.4f} {row[3]:>11.4f}"
              f" {row[4]:>11.3f} {row[5]:>12.1f} {row[6]:>12.1f} {row[7]:>3}", flush=True)
        if tools.get("stages"):
            total, _, _, _ = measure_stages(tools["stages"], [path], 1)
            if total:
                stage_rows.append((mb, size, total))
        if args.scaling_ir and mb in args.scaling_ir_sizes:
            ir_rows.append((mb, size, stage_ir(tools, path, tmp)))
        os.unlink(path)
    if stage_rows:
        cols = ["gumbo", "decode", "dom", "meta", "extract", "clean", "model", "text", "render",
                "free"]
        print("\nstages, seconds per MB (CPU, bench/stages; dom includes its gumbo):")
        print(f"{'size':>6} " + " ".join(f"{c:>8}" for c in cols) + f" {'md/input':>8}")
        for mb, size, t in stage_rows:
            print(f"{mb:>4g}MB " + " ".join(f"{float(t[c]) / (size / MB):>8.4f}" for c in cols)
                  + f" {int(t['md_bytes']) / size:>8.3f}")
    if ir_rows:
        names = [n for n, _ in IR_STAGES]
        print("\nstages, instructions per byte (callgrind, bench/stages -n; flat = linear):")
        print(f"{'size':>6} " + " ".join(f"{n:>9}" for n in names))
        for mb, size, ir in ir_rows:
            print(f"{mb:>4g}MB " + " ".join(f"{ir.get(n, 0) / size:>9.1f}" for n in names))
    first, last = rows[0], rows[-1]
    growth = last[2] / first[2] if first[2] > 0 else float("nan")
    print(f"folio time per MB at {last[0]} MB / at {first[0]} MB: {growth:.2f}"
          " (1.0 = linear; gumbo's own: "
          f"{last[3] / first[3] if first[3] > 0 else float('nan'):.2f})")
    out = {"scaling_growth": growth, "scaling_max_mb": last[0],
           "scaling_folio_s_per_mb_max": last[2], "scaling_rc_max": last[7]}
    out.update(scaling_table(args, tools, paras, tmp))
    return out


def scaling_table(args, tools, paras, tmp):
    """The same paragraphs inside one layout table (<table><tr><td>): smaller
    sizes and a time limit, since a stage that looks up its table ancestors
    from every node turns quadratic here."""
    if not args.scaling_table_sizes:
        return {}
    print(f"\n== Scaling inside a layout table (time per MB; limit {args.scaling_timeout:g} s"
          " a run) ==")
    print(f"{'size':>6} {'bytes':>10} {'folio s/MB':>11} {'gumbo s/MB':>11} {'folio/gumbo':>11}")
    rows = []
    for mb in args.scaling_table_sizes:
        path = os.path.join(tmp, f"table-{mb}MB.html")
        size = build_page(paras, int(mb * MB), path, table=True)
        fr = run([tools["folio"], "--offline", "-f", "md", path], capture=False,
                 timeout=args.scaling_timeout)
        gr = run([tools["gumbo"], "-q", path])
        os.unlink(path)
        f_t = fr.wall if fr.timed_out else fr.cpu  # killed: its CPU time is lost
        f_mb, g_mb = f_t / (size / MB), gr.cpu / (size / MB)
        note = (f"  timed out after {args.scaling_timeout:g} s wall (a lower bound)"
                if fr.timed_out else "")
        print(f"{mb:>4g}MB {size:>10} {f_mb:>11.4f} {g_mb:>11.4f} {f_mb / g_mb:>11.2f}{note}",
              flush=True)
        rows.append((mb, f_mb, fr.timed_out))
        if fr.timed_out:
            break
    growth = rows[-1][1] / rows[0][1] if rows[0][1] > 0 else float("nan")
    print(f"folio time per MB at {rows[-1][0]:g} MB / at {rows[0][0]:g} MB: {growth:.2f}"
          + (" (stopped at the time limit)" if rows[-1][2] else ""))
    return {"scaling_table_growth": growth, "scaling_table_max_mb": rows[-1][0],
            "scaling_table_timeout": int(rows[-1][2])}


# ---------------------------------------------------------------- peers

def peers(args, pages, tmp, folio_batch_cpu, folio_batch_wall, folio_pp):
    out = {}
    print("\n== Peers (" + args.peers + ") ==")
    print(f"{'peer':<18} {'batch wall s':>12} {'batch cpu s':>11} {'peer/folio cpu':>14}"
          f" {'peer/folio wall':>15} {'fails':>5}")
    for name in PEERS:
        exe = os.path.join(args.peers, "batch-" + name)
        if not os.access(exe, os.X_OK):
            print(f"{name:<18} not installed")
            continue
        od = os.path.join(tmp, "peer-" + name)
        os.makedirs(od)
        r = run([exe, od] + pages, capture=False)
        got = len(os.listdir(od))
        rc = f"{len(pages) - got}" if got < len(pages) else ("0" if r.rc == 0 else "some")
        rc_cpu = r.cpu / folio_batch_cpu if folio_batch_cpu else float("nan")
        rw = r.wall / folio_batch_wall if folio_batch_wall else float("nan")
        print(f"{name:<18} {r.wall:>12.2f} {r.cpu:>11.2f} {rc_cpu:>14.1f} {rw:>15.1f} {rc:>5}",
              flush=True)
        out[f"peer_{name.replace('-', '_')}_batch_ratio"] = rc_cpu
    # A process per page: the Node and Python start-up is paid on every page.
    sample = pages if args.peer_sample <= 0 else pages[:: max(1, len(pages) // args.peer_sample)]
    exe = os.path.join(args.peers, "run-readabilityjs")
    if os.access(exe, os.X_OK):
        pr = measure_per_process(lambda p: [exe, p], sample, 1)
        idx = [pages.index(p) for p in sample]
        f_wall = [folio_pp["wall"][i] for i in idx]
        f_cpu = [folio_pp["cpu"][i] for i in idx]
        rw = sum(pr["wall"]) / sum(f_wall)
        rc = sum(pr["cpu"]) / sum(f_cpu)
        print(f"\na process per page, {len(sample)} pages: Readability.js (jsdom) median "
              f"{med(pr['wall']) * 1e3:.0f} ms wall, folio {med(f_wall) * 1e3:.1f} ms;"
              f" Readability.js / folio = {rw:.1f}x wall, {rc:.1f}x cpu"
              f" (target >= {TARGET_READABILITYJS:.0f}x)")
        out["readabilityjs_per_page_ratio"] = min(rw, rc)  # the more conservative
        out["readabilityjs_per_page_ratio_wall"] = rw
        out["readabilityjs_per_page_ratio_cpu"] = rc
    return out


# ---------------------------------------------------------------- callgrind

def jobs(args, tools, pages, tmp):
    """-j 1 against -j 2, wall time. On a shared machine the best of the runs
    shows what two cores give when both are free; cpu/wall shows how many
    cores the run really got. With the load average above CPUs - 1 the other
    core is taken and the figure says nothing about folio."""
    many = pages * 3
    load0 = os.getloadavg()[0]
    j1 = measure_folio_batch(tools["folio"], many, args.runs, tmp, jobs=1)
    j2 = measure_folio_batch(tools["folio"], many, args.runs, tmp, jobs=2)
    if not (j1 and j2):
        print("\n-j: n/a (folio -j wrote nothing)")
        return {}
    w1, w2 = med([r.wall for r in j1]), med([r.wall for r in j2])
    b1, b2 = min(r.wall for r in j1), min(r.wall for r in j2)
    par2 = max(r.cpu / r.wall for r in j2)
    load = max(load0, os.getloadavg()[0])
    # The load average trails by a minute and counts this run's own threads,
    # so it cannot tell whether the other core was free; the CPU time -j 2
    # got per second of wall time can: near 2.0, both cores were ours.
    busy = par2 < 1.8
    print(f"\n== Threads: folio -O -j N over the pages three times ({len(many)} inputs), wall ==")
    print(f"-j 1: median {w1:.3f} s (best {b1:.3f}); -j 2: median {w2:.3f} s (best {b2:.3f});"
          f" speedup {w1 / w2:.2f} median, {b1 / b2:.2f} best (2.0 = linear);"
          f" -j 2 got {par2:.2f} cores at best; load average up to {load:.2f} on"
          f" {os.cpu_count()} CPUs")
    c1, c2 = med([r.cpu for r in j1]), med([r.cpu for r in j2])
    print(f"CPU time -j 2 / -j 1: {c2 / c1:.3f} (1.0 = threads add no work: no lock contention"
          " or false sharing worth measuring)")
    if busy:
        print("the machine was busy (-j 2 got under 1.8 cores): the other core was taken,"
              " so the wall-time speedup says nothing about folio's scaling; rerun with"
              " --jobs-only when quiet")
    return {"j2_speedup": w1 / w2, "j2_speedup_best": b1 / b2, "j2_cores": par2,
            "j2_cpu_ratio": c2 / c1, "j2_conclusive": 0 if busy else 1}


def callgrind(args, tools, pages, tmp):
    """valgrind --tool=callgrind over a spread of pages by size: the folio
    CLI in one process (or bench/stages -n), then gumbo_parse on the same
    pages, whose whole-process count is the floor."""
    by_size = sorted(pages, key=os.path.getsize)
    n = min(args.callgrind, len(by_size))
    pick = [by_size[round(i * (len(by_size) - 1) / max(1, n - 1))] for i in range(n)]
    outf = os.path.join(tmp, "callgrind.out")
    od = os.path.join(tmp, "cg-out")
    os.makedirs(od)
    if args.callgrind_stages:
        cmd = [tools["stages"], "-n"] + pick
    else:
        cmd = [tools["folio"], "--offline", "-f", "md", "-O", od] + pick
    r = run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={outf}"] + cmd,
            capture=False, rss=False)
    if not os.path.exists(outf):
        print("callgrind: failed (rc %d)" % r.rc)
        return {}
    if r.rc != 0:
        print(f"callgrind: warning: the profiled program exited with {r.rc}")
    gout = os.path.join(tmp, "callgrind-gumbo.out")
    run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={gout}", tools["gumbo"], "-q"]
        + pick, capture=False, rss=False)
    print(f"\n== callgrind: {' '.join(cmd[:2])} over {n} pages "
          f"({sum(os.path.getsize(p) for p in pick)} bytes) ==")
    out = report_callgrind(outf, gout if os.path.exists(gout) else None, args.top)
    if args.keep_callgrind:
        shutil.copy(outf, args.keep_callgrind)
        if os.path.exists(gout):
            shutil.copy(gout, args.keep_callgrind + ".gumbo")
        print(f"callgrind files kept: {args.keep_callgrind} (and .gumbo);"
              f" bench/run.py --report-callgrind {args.keep_callgrind} prints this again")
    return out


def report_callgrind(outf, gout, top):
    """Prints the top functions of a callgrind file and the stage ratios;
    gout (or None) is gumbo_parse's file over the same pages."""
    incl = annotate(outf, True)
    self_ = annotate(outf, False)
    for k, v in self_.items():
        incl[k] = max(incl.get(k, 0), v)
    total = incl.get("__total__", 0)
    for title, table in (("inclusive", incl), ("self", self_)):
        print(f"top {top} by {title} Ir (total {total:,}):")
        items = sorted(((v, k) for k, v in table.items() if k != "__total__"), reverse=True)
        for v, k in items[:top]:
            print(f"  {v:>15,} {100 * v / total:6.2f}%  {k}")
    main_obj = next((k.split(" [")[1][:-1] for k in incl if fn_name(k) == "main" and " [" in k),
                    None)
    for title, table in (("inclusive", incl), ("self", self_)):
        print(f"top {top} of folio's own functions (in {main_obj}) by {title} Ir:")
        items = sorted(((v, k) for k, v in table.items()
                        if k.endswith(f" [{main_obj}]")
                        and fn_name(k) not in ("main", "(below main)")), reverse=True)
        for v, k in items[:top]:
            print(f"  {v:>15,} {100 * v / total:6.2f}%  {k.split(' [')[0]}")
    # The denominator: gumbo's parse + destroy in the floor program on the
    # same pages (what a plain gumbo user pays), else inside the profiled one
    # (where dom.c may give gumbo its own allocator and skip its destroy).
    gincl = annotate(gout, True) if gout else {}
    g = ir_of(gincl, "gumbo_parse_with_options") + ir_of(gincl, "gumbo_destroy_output")
    where = "gumbo_parse's gumbo_parse_with_options + gumbo_destroy_output"
    if not g:
        g = ir_of(incl, "gumbo_parse_with_options") + ir_of(incl, "gumbo_destroy_output")
        where = "gumbo_parse_with_options + gumbo_destroy_output inside the profiled program"
    out = {"cg_total_ir": total}
    if g:
        def share(*names):
            return sum(ir_of(incl, x) for x in names) / g
        print(f"stage Ir / gumbo Ir ({where}, {g:,} Ir):")
        print(f"  {'gumbo in folio':<14} {share('gumbo_parse_with_options'):.4f}"
              " (gumbo_parse_with_options inside the profiled program)")
        for label, names in (("decode", ["decode_to_utf8"]), ("dom_parse", ["dom_parse"]),
                             ("meta", ["meta_extract"]), ("extract", ["extract_article"]),
                             ("clean", ["clean_article"]),
                             ("extract+clean", ["extract_article", "clean_article"]),
                             ("model", ["model_build"]), ("text", ["text_from_model"]),
                             ("render md", ["render_markdown"])):
            print(f"  {label:<14} {share(*names):.4f}")
        out["cg_extract_clean_over_gumbo"] = share("extract_article", "clean_article")
        out["cg_meta_over_gumbo"] = share("meta_extract")
        out["cg_folio_over_gumbo"] = total / g
        print(f"  {'whole process':<14} {total / g:.4f}")
    if gout:
        gt = gincl.get("__total__", 0)
        if gt and total:
            print(f"gumbo_parse over the same pages: {gt:,} Ir; throughput ratio in Ir"
                  f" (gumbo_parse / folio, whole processes) = {gt / total:.4f}"
                  f" (target >= {TARGET_THROUGHPUT})")
            out["cg_throughput_ratio"] = gt / total
    return out


def annotate(path, inclusive):
    """{"function (file.c) [object]": Ir} from callgrind_annotate's
    file:function table.

    Functions without a symbol (gumbo's static ones) keep their address.
    callgrind_annotate lists a function once per source file name its code
    came from: its .c file, headers for inlined code, and the same .c file
    again under an absolute path and without an object. Self counts never
    overlap, so they add up. Inclusive ones may (a function that calls into
    itself through several names counts twice), so the largest is kept, and
    report_callgrind raises it to at least the self count. Static functions of
    the same name in two files (meta.c's walk, model.c's walk) stay apart."""
    r = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                        "--auto=no", "--threshold=100", path], capture_output=True, text=True)
    rows, total, in_table = [], 0, False
    for line in r.stdout.splitlines():
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
            continue
        if re.match(r"^\s*Ir\s+file:function", line):
            in_table = True
            continue
        if not in_table or line.startswith("---"):
            continue
        if not line.strip():
            if rows:
                break
            continue
        m = re.match(r"^\s*([\d,]+)\s+\([^)]*\)\s+(.*?)\s*$", line)
        if not m:
            continue
        name = m.group(2)
        om = re.search(r"\s+\[([^\]]*)\]$", name)
        obj = ""
        if om:
            obj = os.path.basename(om.group(1))
            name = name[: om.start()]
        src, fn = name.rsplit(":", 1) if ":" in name else ("???", name)
        rows.append((fn, obj, os.path.basename(src), int(m.group(1).replace(",", ""))))
    objs, homes = {}, {}
    for fn, obj, src, _ in rows:
        if obj:
            objs.setdefault(fn, set()).add(obj)
    for fn, obj, src, _ in rows:
        if src.endswith(".c"):
            homes.setdefault((fn, obj or next(iter(objs.get(fn, {""})))), set()).add(src)
    table = {"__total__": total}
    for fn, obj, src, v in rows:
        if not obj:
            if len(objs.get(fn, ())) != 1:
                continue  # no object, and no single one to give it
            obj = next(iter(objs[fn]))
        home = homes.get((fn, obj), set())
        if not src.endswith(".c") and len(home) == 1:
            src = next(iter(home))  # an inlined fragment of that function
        key = f"{fn} ({src}) [{obj}]" if src.endswith(".c") else f"{fn} [{obj}]"
        table[key] = max(table.get(key, 0), v) if inclusive else table.get(key, 0) + v
    return table


def fn_name(key):
    return key.split(" [")[0].split(" (")[0]


def ir_of(table, fn):
    """Ir of a function whatever file and object it sits in."""
    return sum(v for k, v in table.items() if fn_name(k) == fn)


# ---------------------------------------------------------------- main

def find_tools(args):
    b = args.build
    if not b:
        for cand in ("build-bench", "build"):
            if os.path.exists(os.path.join(SRC, cand, "bench", "gumbo_parse")):
                b = os.path.join(SRC, cand)
                break
    if not b:
        sys.exit("run.py: no build with bench/ found; meson setup build-bench && "
                 "ninja -C build-bench (or give --build DIR)")
    tools = {"folio": args.folio or os.path.join(b, "folio"),
             "gumbo": os.path.join(b, "bench", "gumbo_parse"),
             "stages": os.path.join(b, "bench", "stages")}
    for k, v in tools.items():
        if not os.access(v, os.X_OK):
            sys.exit(f"run.py: {k} not found at {v}")
    return tools


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    default_dir = os.path.join(SRC, "..", "shared", "corpus", "readability")
    ap.add_argument("dir", nargs="?", default=default_dir if os.path.isdir(default_dir) else None,
                    help="folder of pages (default ../shared/corpus/readability)")
    ap.add_argument("--build", help="meson build directory (default build-bench, else build)")
    ap.add_argument("--folio", help="the folio program (default BUILD/folio)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measure; medians (3)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="bench/stages: runs of each page in-process, fastest kept (3)")
    ap.add_argument("--per-page-runs", type=int, default=1,
                    help="runs of the process-per-page measure (1)")
    ap.add_argument("--peers", help="where ../shared/bench/peers/setup.sh installed the peers")
    ap.add_argument("--peer-sample", type=int, default=20,
                    help="pages for the process-per-page Readability.js run (20; 0 = all)")
    ap.add_argument("--scaling", action="store_true", help="the 1-64 MB linearity test")
    ap.add_argument("--scaling-only", action="store_true", help="only the scaling test")
    ap.add_argument("--scaling-sizes", type=float, nargs="+", default=[1, 4, 16, 64],
                    help="sizes in MB (1 4 16 64)")
    ap.add_argument("--scaling-table-sizes", type=float, nargs="*",
                    default=[0.25, 0.5, 1, 2, 4],
                    help="sizes in MB of the layout-table variant (0.25 0.5 1 2 4; none: skip)")
    ap.add_argument("--scaling-timeout", type=float, default=60,
                    help="seconds allowed to one folio run of the layout-table variant (60)")
    ap.add_argument("--scaling-ir", action="store_true",
                    help="with --scaling: callgrind instructions per byte of each stage")
    ap.add_argument("--scaling-ir-sizes", type=float, nargs="+", default=[1, 4],
                    help="sizes in MB profiled by --scaling-ir (1 4)")
    ap.add_argument("--jobs-only", action="store_true", help="only the -j 1 vs -j 2 measure")
    ap.add_argument("--no-jobs", action="store_true", help="skip the -j 1 vs -j 2 measure")
    ap.add_argument("--callgrind", type=int, default=0, metavar="N",
                    help="profile N pages (spread by size) with callgrind")
    ap.add_argument("--callgrind-only", action="store_true", help="only the callgrind profile")
    ap.add_argument("--callgrind-stages", action="store_true",
                    help="profile bench/stages -n instead of the folio CLI")
    ap.add_argument("--keep-callgrind", metavar="FILE", help="copy the callgrind file here")
    ap.add_argument("--report-callgrind", metavar="FILE",
                    help="print the report of a file kept by --keep-callgrind, run nothing")
    ap.add_argument("--top", type=int, default=25, help="functions listed by callgrind (25)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    a = ap.parse_args()
    if not a.dir or not os.path.isdir(a.dir):
        ap.error("no page folder: give DIR")
    return a


def summary_line(vals):
    parts = []
    for k, v in vals.items():
        if isinstance(v, float):
            v = "nan" if v != v else f"{v:.4g}"
        parts.append(f"{k}={v}")
    return "BENCH " + " ".join(parts)


def main():
    args = parse_args()
    tools = find_tools(args)
    pages_src = find_pages(args.dir)
    if args.limit:
        pages_src = pages_src[: args.limit]
    if not pages_src:
        sys.exit(f"run.py: no pages in {args.dir}")
    tmp = tempfile.mkdtemp(prefix="folio-bench-")
    try:
        return bench(args, tools, pages_src, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(args, tools, pages_src, tmp):
    pages = link_pages(pages_src, tmp)
    sizes = [os.path.getsize(p) for p in pages]
    nbytes = sum(sizes)
    vals = {"pages": len(pages), "bytes": nbytes}
    print(f"folio benchmark: {len(pages)} pages, {nbytes / MB:.2f} MB from {args.dir}")
    print(f"folio: {tools['folio']}; runs={args.runs}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")

    if args.report_callgrind:
        g = args.report_callgrind + ".gumbo"
        vals = {}
        vals.update(report_callgrind(args.report_callgrind, g if os.path.exists(g) else None,
                                     args.top))
        print(summary_line(vals))
        return 0
    if args.callgrind_only:
        vals.update(callgrind(args, tools, pages, tmp))
        print(summary_line(vals))
        return 0
    if args.scaling_only:
        vals.update(scaling(args, tools, pages, tmp))
        print(summary_line(vals))
        return 0
    if args.jobs_only:
        vals.update(jobs(args, tools, pages, tmp))
        print(summary_line(vals))
        return 0

    # The floor.
    g_runs, g_pages = measure_gumbo(tools["gumbo"], pages, args.runs)
    g_cpu, g_wall = med([r.cpu for r in g_runs]), med([r.wall for r in g_runs])
    # folio, one process.
    f_runs = measure_folio_batch(tools["folio"], pages, args.runs, tmp)
    j_runs = measure_folio_jsonl(tools["folio"], pages, args.runs)
    # folio, a process per page.
    pp = measure_per_process(lambda p: [tools["folio"], "--offline", "-f", "md", p],
                             pages, args.per_page_runs)
    # Stages, in one process.
    st_total, st_rows, st_ratios, st_rc = measure_stages(tools["stages"], pages, args.repeat)
    inproc = [float(x["pipeline"]) for x in st_rows]

    print("\n== Throughput: Markdown, all pages (median of runs; CPU = user + sys) ==")
    print(f"{'mode':<30} {'cpu s':>8} {'wall s':>8} {'MB/s cpu':>9} {'MB/s wall':>9}"
          f" {'/gumbo':>7} {'median ms':>9} {'p95 ms':>8} {'peak RSS MB':>11}")

    def row(label, cpu, wall, per, rss, note=""):
        ratio = g_cpu / cpu if cpu else float("nan")
        print(f"{label:<30} {fmt(cpu):>8} {fmt(wall):>8} {fmt(nbytes / MB / cpu, 1):>9}"
              f" {fmt(nbytes / MB / wall, 1):>9} {fmt(ratio):>7}"
              f" {fmt(med(per) * 1e3 if per else None, 2):>9}"
              f" {fmt(pct(per, 0.95) * 1e3 if per else None, 2):>8}"
              f" {fmt(rss / 1024 if rss else None, 1):>11} {note}")
        return ratio

    row("gumbo_parse, one process", g_cpu, g_wall, g_pages, max(r.rss for r in g_runs))
    if f_runs:
        f_cpu, f_wall = med([r.cpu for r in f_runs]), med([r.wall for r in f_runs])
        bad = sum(r.rc != 0 for r in f_runs)
        vals["folio_ratio"] = row("folio -O, one process", f_cpu, f_wall, inproc,
                                  max(r.rss for r in f_runs),
                                  f"({f_runs[0].nout} files; rc!=0 in {bad} runs)" if bad
                                  else f"({f_runs[0].nout} files)")
        vals["folio_mbs"] = nbytes / MB / f_cpu
    else:
        f_cpu = f_wall = None
        print(f"{'folio -O, one process':<30} n/a: the CLI wrote nothing with -O")
    if j_runs:
        jc, jw = med([r.cpu for r in j_runs]), med([r.wall for r in j_runs])
        vals["jsonl_ratio"] = row("folio --jsonl, one process", jc, jw, None,
                                  max(r.rss for r in j_runs), f"({j_runs[0].nlines} lines)")
    else:
        print(f"{'folio --jsonl, one process':<30} n/a: no JSON lines from --jsonl")
    row("folio, a process per page", sum(pp["cpu"]), sum(pp["wall"]), pp["wall"], pp["rss"],
        f"({pp['fails']} pages rc!=0)")
    if st_total:
        s_cpu = sum(inproc)
        vals["lib_ratio"] = row("library in-process (stages)", s_cpu, s_cpu, inproc, None,
                                "(folio_doc_parse+render, no I/O)")
    print("per-page median/p95: gumbo from its own per-file times; folio -O and the library"
          " from bench/stages' in-process pipeline column; a process per page from wall time")
    vals["gumbo_mbs"] = nbytes / MB / g_cpu
    vals["per_page_median_ms"] = med(inproc) * 1e3 if inproc else float("nan")
    vals["per_page_p95_ms"] = pct(inproc, 0.95) * 1e3 if inproc else float("nan")
    vals["process_per_page_median_ms"] = med(pp["wall"]) * 1e3

    # Stages.
    if st_total:
        print("\n== Stages (bench/stages -r %d: fastest of %d per page, CPU) ==" %
              (args.repeat, args.repeat))
        g = float(st_total["gumbo"])
        cols = ["gumbo", "decode", "dom", "meta", "extract", "clean", "model", "text",
                "render", "free", "pipeline"]
        print(f"{'stage':<10} {'total s':>9} {'/ gumbo':>8}  target")
        targets = {"meta": f"< {TARGET_META}", "extract": "extract+clean <= 0.30"}
        for c in cols:
            t = float(st_total[c])
            print(f"{c:<10} {t:>9.4f} {t / g:>8.4f}  {targets.get(c, '')}")
        ec = st_ratios.get("extract_clean_over_gumbo", float("nan"))
        mt = st_ratios.get("meta_over_gumbo", float("nan"))
        print(f"extract+clean / gumbo = {ec:.4f} (median page "
              f"{st_ratios.get('extract_clean_over_gumbo_median_page', float('nan')):.4f});"
              f" meta / gumbo = {mt:.4f} (median page "
              f"{st_ratios.get('meta_over_gumbo_median_page', float('nan')):.4f})")
        def worst(cols, n=5):
            r = []
            for x in st_rows:
                gp = float(x["gumbo"])
                if gp > 0:
                    r.append((sum(float(x[c]) for c in cols) / gp, x))
            r.sort(key=lambda t: -t[0])
            return ", ".join(f"{os.path.basename(x['page'])[5:-5]} {v:.2f}"
                             f" ({int(x['bytes']) // 1000} kB)" for v, x in r[:n])
        print("highest (extract+clean)/gumbo pages:", worst(["extract", "clean"]))
        print("highest meta/gumbo pages:", worst(["meta"]))
        print("highest (whole pipeline)/gumbo pages:", worst(["pipeline"]))
        empty = [x["page"] for x in st_rows if x["note"] != "-"]
        if empty:
            print(f"{len(empty)} pages stopped early (no article or a stage failed):",
                  ", ".join(os.path.basename(p) for p in empty[:10]),
                  "..." if len(empty) > 10 else "")
        vals["extract_clean_over_gumbo"] = ec
        vals["meta_over_gumbo"] = mt
        vals["dom_over_gumbo"] = st_ratios.get("dom_over_gumbo", float("nan"))
        vals["pipeline_over_gumbo"] = st_ratios.get("pipeline_over_gumbo", float("nan"))
        vals["arena_over_input"] = float(st_total["arena_bytes"]) / nbytes

    # Peak RSS on the largest page.
    big = pages[sizes.index(max(sizes))]
    fr = runs_of(args.runs, [tools["folio"], "--offline", "-f", "md", big], capture=False)
    gr = runs_of(args.runs, [tools["gumbo"], "-q", big])
    tiny = os.path.join(tmp, "tiny.html")
    with open(tiny, "w") as f:
        f.write("<!DOCTYPE html><title>t</title><p>Hello, world. A tiny page.</p>\n")
    fr0 = run([tools["folio"], "--offline", "-f", "md", tiny], capture=False)
    gr0 = run([tools["gumbo"], "-q", tiny])
    f_rss, g_rss = max(r.rss for r in fr), max(r.rss for r in gr)
    rss_ratio = f_rss / g_rss
    print(f"\n== Peak RSS, largest page ({os.path.basename(big)}, {max(sizes) / MB:.2f} MB) ==")
    print(f"folio {f_rss / 1024:.1f} MB, gumbo_parse {g_rss / 1024:.1f} MB: ratio {rss_ratio:.2f}"
          f" (target <= {TARGET_RSS:.0f}); on a tiny page folio {fr0.rss / 1024:.1f} MB,"
          f" gumbo_parse {gr0.rss / 1024:.1f} MB (libraries and start-up);"
          f" above that floor: {(f_rss - fr0.rss) / max(1, g_rss - gr0.rss):.2f}")
    vals["rss_largest_kb"] = f_rss
    vals["rss_gumbo_kb"] = g_rss
    vals["rss_ratio"] = rss_ratio

    if not args.no_jobs and f_runs:
        vals.update(jobs(args, tools, pages, tmp))

    if args.peers:
        if f_runs:
            vals.update(peers(args, pages, tmp, f_cpu, f_wall, pp))
        else:
            print("\n(peers: folio -O is not available, so the peers' batch runs are compared"
                  " with folio a process per page, which pays its start-up on every page)")
            vals.update(peers(args, pages, tmp, sum(pp["cpu"]), sum(pp["wall"]), pp))
    if args.scaling:
        vals.update(scaling(args, tools, pages, tmp))
    if args.callgrind:
        vals.update(callgrind(args, tools, pages, tmp))

    print("\n== Targets ==")
    checks = [("folio / gumbo throughput (md, one process)", vals.get("folio_ratio"),
               ">=", TARGET_THROUGHPUT),
              ("peak RSS largest page / gumbo", vals.get("rss_ratio"), "<=", TARGET_RSS),
              ("(extract + clean) / gumbo parse", vals.get("extract_clean_over_gumbo"), "<=",
               TARGET_EXTRACT_CLEAN),
              ("meta / gumbo parse", vals.get("meta_over_gumbo"), "<", TARGET_META),
              ("Readability.js / folio, a process per page (min of wall, cpu)",
               vals.get("readabilityjs_per_page_ratio"), ">=", TARGET_READABILITYJS),
              ("scaling: s/MB at 64 MB / at 1 MB", vals.get("scaling_growth"), "<=", 1.5),
              ("scaling in a layout table: s/MB largest / smallest",
               vals.get("scaling_table_growth"), "<=", 1.5)]
    for label, v, op, t in checks:
        if v is None or v != v:
            verdict = "not measured"
        else:
            ok = v >= t if op == ">=" else v <= t if op == "<=" else v < t
            verdict = "met" if ok else "NOT met"
        print(f"{label:<60} {fmt(v):>8}  target {op} {t}  {verdict}")
    print(summary_line(vals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
