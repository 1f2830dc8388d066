#!/usr/bin/env python3
"""Every link in every tracked Markdown file resolves inside the repository.

    scripts/check-links.py [FILE.md ...]     (default: every *.md that git tracks)
    scripts/check-links.py --self-test       (a page of known faults: each must be reported)

A link is an inline link or image ([text](target), ![alt](target)), a reference definition
([label]: target), an autolink (<https://...>) or an HTML href/src. Code blocks and code spans are
not read. Each target must be one of:

  - a relative path to a file or directory inside the repository (tracked by git, or a directory
    holding tracked files), optionally with a #fragment: into a Markdown file, a heading's
    GitHub anchor (or an explicit <a name>/id); into any other file, a line anchor (#L12, #L12-L20);
  - #fragment alone: a heading of the same file;
  - https://...: a citation of outside documentation, allowed and not fetched.

Anything else leaves the repository and is refused: http://, mailto:, file:, an absolute path,
a path that climbs out of the repository. Prints one line per broken link (file:line: target:
why) and exits 1 if there was any; otherwise one summary line. Used by .ci/run (docs/testing.md).
"""

import os
import re
import subprocess
import sys
import unicodedata
from urllib.parse import unquote

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
INLINE = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
HTML_ANCHOR = re.compile(r"""<a\s[^>]*\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
LINE_ANCHOR = re.compile(r"^L\d+(?:-L\d+)?$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def tracked_files():
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "-z"], check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p]


def prose_lines(text, keep_code_spans=False):
    """(line number, line) outside fenced code blocks, with code spans blanked out unless kept."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        yield number, line if keep_code_spans else CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading: its rendered text, lower case, punctuation dropped, spaces to -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.replace("`", "")
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)  # emphasis markers
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


_anchors = {}


def anchors_of(text):
    """Every anchor a Markdown text offers: its headings' slugs (GitHub numbers repeats) and <a name>."""
    found, seen = set(), {}
    for _, line in prose_lines(text, keep_code_spans=True):  # a heading's code is in its anchor
        m = HEADING.match(line)
        if m:
            base = slug(m.group(2).strip())
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    for _, line in prose_lines(text):
        found.update(HTML_ANCHOR.findall(line))
    return found


def anchors(path):
    if path not in _anchors:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            _anchors[path] = anchors_of(f.read())
    return _anchors[path]


def links(text):
    for number, line in prose_lines(text):
        for m in INLINE.finditer(line):
            yield number, m.group(2).strip("<>")
        m = REFERENCE.match(line)
        if m:
            yield number, m.group(2).strip("<>")
        for m in AUTOLINK.finditer(line):
            yield number, m.group(1)
        for m in HTML_ATTR.finditer(line):
            yield number, m.group(1)


def check(path, files, dirs, text=None):
    """The broken links of one Markdown file (or of text as if it were that file), as (line, target, why)."""
    if text is None:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
    here = os.path.dirname(path)
    for number, target in links(text):
        if target.startswith("https://"):
            continue  # a citation of outside documentation
        if SCHEME.match(target) or target.startswith("//"):
            yield number, target, "leaves the repository (only https:// citations may)"
            continue
        location, _, fragment = target.partition("#")
        location = unquote(location)
        if location.startswith("/"):
            yield number, target, "an absolute path: links are relative to the file"
            continue
        if location:
            resolved = os.path.normpath(os.path.join(here, location))
            if resolved == ".." or resolved.startswith("../") or os.path.isabs(resolved):
                yield number, target, "climbs out of the repository"
                continue
            if resolved not in files and resolved not in dirs and resolved != ".":
                yield number, target, f"no such file or directory in the repository ({resolved})"
                continue
        else:
            resolved = path
        if not fragment:
            continue
        fragment = unquote(fragment)
        if resolved == path:
            if fragment not in anchors_of(text):
                yield number, target, f"no heading or anchor #{fragment} in this file"
        elif resolved.endswith(".md") and resolved in files:
            if fragment not in anchors(resolved):
                yield number, target, f"no heading or anchor #{fragment} in {resolved}"
        elif resolved in files and LINE_ANCHOR.match(fragment):
            continue
        else:
            yield number, target, f"#{fragment}: {resolved} has no such anchor"


# The self-test (--self-test, run by .ci/run before the real check): a page, as if it were
# docs/self-test.md, whose every line but the good ones holds one fault the check must report.
SELF_TEST = """# A page

## Its `code` heading: and punctuation!

[good](../README.md) [good](testing.md#a-fresh-machine) [good](#its-code-heading-and-punctuation)
[good](../scripts/run.sh#L3) [good](services/) [good](https://docs.spring.io/) `[not a link](nowhere.md)`
```
[not a link either](nowhere.md)
```
[fault](nowhere.md)
[fault](testing.md#no-such-heading)
[fault](http://example.com/)
[fault](/README.md)
[fault](../../outside.md)
[fault](#no-such-anchor)
[fault]: mailto:someone@example.com
<a href="../scripts/run.sh#not-a-line">fault</a>
"""


def self_test(files, dirs):
    found = {number for number, _, _ in check("docs/self-test.md", files, dirs, SELF_TEST)}
    faults = {n for n, line in enumerate(SELF_TEST.split("\n"), 1) if "fault" in line}
    if found != faults:
        print(f"check-links self-test: faults reported on lines {sorted(found)}, expected {sorted(faults)}", file=sys.stderr)
        return 1
    print(f"check-links self-test: each of {len(faults)} faults reported, no good link refused")
    return 0


def main(argv):
    files = set(tracked_files())
    dirs = set()
    for f in files:
        d = os.path.dirname(f)
        while d and d not in dirs:
            dirs.add(d)
            d = os.path.dirname(d)
    if argv[1:] == ["--self-test"]:
        return self_test(files, dirs)
    pages = argv[1:] or sorted(f for f in files if f.endswith(".md"))
    broken = 0
    for page in pages:
        page = os.path.relpath(os.path.realpath(page), ROOT) if os.path.isabs(page) else os.path.normpath(page)
        for number, target, why in check(page, files, dirs):
            print(f"{page}:{number}: {target}: {why}")
            broken += 1
    if broken:
        print(f"{broken} broken link(s) in {len(pages)} Markdown file(s)", file=sys.stderr)
        return 1
    print(f"every link of {len(pages)} Markdown file(s) resolves inside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
