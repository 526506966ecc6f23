#!/usr/bin/env python3
"""Checks that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

A C file counts when it calls _(), N_(), C_(), NC_() or ngettext(); a
GtkBuilder file when it has translatable="yes"; desktop, metainfo and
GSettings schema sources always count.  Files listed in POTFILES.in must
exist, or xgettext fails.  Prints one line per problem and exits 1 if any.
"""

import os
import re
import sys

SCANNED_DIRS = ("app", "resources", "sync")
C_MARKERS = re.compile(r"\b(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(")
UI_MARKER = re.compile(r'translatable\s*=\s*"yes"')
ALWAYS_TRANSLATED = (".desktop.in", ".metainfo.xml.in", ".gschema.xml")


def strip_c_comments(text):
    """Drops /* */ and // comments so that prose never counts as a call."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def has_translatable_strings(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith(".c"):
        return C_MARKERS.search(strip_c_comments(text)) is not None
    if path.endswith(".ui"):
        return UI_MARKER.search(text) is not None
    return path.endswith(ALWAYS_TRANSLATED)


def candidate_files(root):
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".c", ".ui") + ALWAYS_TRANSLATED):
                    path = os.path.join(dirpath, name)
                    yield os.path.relpath(path, root)


def listed_files(root):
    listed = set()
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                listed.add(line)
    return listed


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    listed = listed_files(root)
    problems = 0

    for rel in candidate_files(root):
        if rel not in listed and has_translatable_strings(os.path.join(root, rel)):
            print(f"{rel}: has translatable strings but is missing from po/POTFILES.in")
            problems += 1

    for rel in sorted(listed):
        if not os.path.isfile(os.path.join(root, rel)):
            print(f"{rel}: listed in po/POTFILES.in but does not exist")
            problems += 1

    print(f"{len(listed)} files listed, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
