"""Runs epubcheck (Debian package `epubcheck`) and counts its messages.

find() returns a function path -> (errors, warnings, output), errors
counting fatals too and -1 when epubcheck gave no summary, or None when
epubcheck is not installed. Used by run.py and corpus.py.
"""
import os
import re
import shutil
import subprocess

# Faster start-up for a short-lived JVM (each run checks one small book).
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]


def _command():
    path = shutil.which("epubcheck")
    if not path:
        return None
    real = os.path.realpath(path)
    if real.endswith(".jar"):
        java = shutil.which("java")
        return [java] + JVM_FLAGS + ["-jar", real] if java else None
    return [path]


def find():
    cmd = _command()
    if cmd is None:
        return None

    def run(epub):
        try:
            p = subprocess.run(cmd + [epub], capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return -1, 0, "epubcheck timed out"
        out = p.stdout + p.stderr
        m = re.search(r"Messages:\s*(\d+) fatals\s*/\s*(\d+) errors\s*/\s*(\d+) warnings", out)
        if not m:
            return -1, 0, out
        return int(m.group(1)) + int(m.group(2)), int(m.group(3)), out
    return run
