#!/usr/bin/env python3
"""Prints 'N passed, N failed, N skipped' from meson's testlog.json; exit 1 on failure."""
import json
import sys

passed = failed = skipped = 0
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                print("FAILED: %s (%s)" % (json.loads(line).get("name"), result))
except FileNotFoundError:
    print("no test log: the tests did not run")
    failed += 1
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed or passed == 0 else 0)
