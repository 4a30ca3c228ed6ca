"""Runs rule patterns in RE2 (the engine of the OpenTelemetry Collector and the Datadog Agent,
through the google-re2 bindings) for the rules tests.

Reads a JSON list of {"pattern": str, "lines": [str]} on standard input and writes, for each,
{"error": str or null, "matches": [bool]}: whether RE2 with its default options compiles the
pattern and finds it in each line (an unanchored search, as shippers run it).
"""

import json
import sys

try:
    import re2
except ImportError:
    sys.stderr.write(
        "the google-re2 Python package is missing: run scripts/test (it installs it), "
        "or `python3 -m pip install google-re2`\n"
    )
    sys.exit(3)


def main():
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        try:
            regex = re2.compile(case["pattern"])
        except re2.error as e:
            out.append({"error": str(e), "matches": []})
            continue
        out.append(
            {
                "error": None,
                "matches": [regex.search(line) is not None for line in case["lines"]],
            }
        )
    json.dump(out, sys.stdout)


main()
