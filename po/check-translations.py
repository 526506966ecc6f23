#!/usr/bin/env python3
"""Checks that a translation is complete against today's sources.

Usage: check-translations.py SOURCE_ROOT LANG

Extracts a fresh template from po/POTFILES.in with xgettext (the keywords of
meson's 'glib' preset), merges po/LANG.po into it in a temporary folder, and
fails when msgfmt --check finds an error or the merge has any fuzzy or
untranslated message.  A string added to the sources without a translation
therefore fails here, not only a .po file edited by hand.
"""

import os
import re
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    "--package-name=dossier",
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
]


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


def statistics(po_path):
    """Returns (translated, fuzzy, untranslated) as msgfmt counts them."""
    result = run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po_path])
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts["translated"], counts["fuzzy"], counts["untranslated"]


def list_problems(po_path):
    """Names each fuzzy or untranslated msgid, for the test log."""
    for flag in ("--only-fuzzy", "--untranslated"):
        out = run(["msgattrib", flag, "--no-obsolete", po_path]).stdout
        for msgid in re.findall(r'^msgid "(.+)"$', out, flags=re.M):
            print(f"  {flag[2:]}: {msgid}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    po_file = os.path.join(root, "po", lang + ".po")

    # The .po file itself must be valid, as committed.
    statistics(po_file)

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "dossier.pot")
        merged = os.path.join(tmp, lang + ".po")
        run(["xgettext", *XGETTEXT_ARGS, "-D", root,
             "-f", os.path.join(root, "po", "POTFILES.in"), "-o", pot])
        run(["msgmerge", "--quiet", "--no-wrap", "-o", merged, po_file, pot])
        translated, fuzzy, untranslated = statistics(merged)
        print(f"{lang}: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated")
        if fuzzy or untranslated:
            list_problems(merged)
            return 1
        if translated == 0:
            print("no messages at all: is POTFILES.in empty?")
            return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as e:
        print(f"{' '.join(e.cmd)} failed:\n{e.stderr}", file=sys.stderr)
        sys.exit(1)
