#!/usr/bin/env python3
"""Checks JSON documents against JSON Schemas (draft 2020-12), for connectors_unit_test.

Usage: validate_json_schema.py --schema SCHEMA FILE... [--schema SCHEMA FILE...]...
Each FILE is checked against the SCHEMA named before it. Prints one line per FILE, in
order: "valid", or "invalid: <the most relevant error>".
Exit status: 0 when every file was checked (valid or not); 2 on bad usage, a schema that
is not valid draft 2020-12, or a file that cannot be read; 3 when the jsonschema module
is missing (Debian package python3-jsonschema).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the Python module jsonschema is missing: apt-get install python3-jsonschema",
          file=sys.stderr)
    sys.exit(3)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(args):
    validator = None
    i = 0
    while i < len(args):
        try:
            if args[i] == "--schema" and i + 1 < len(args):
                schema = load(args[i + 1])
                jsonschema.Draft202012Validator.check_schema(schema)
                validator = jsonschema.Draft202012Validator(schema)
                i += 2
                continue
            if validator is None:
                print(__doc__, file=sys.stderr)
                return 2
            instance = load(args[i])
        except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
            print("%s: %s" % (args[i], e), file=sys.stderr)
            return 2
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        print("valid" if error is None else "invalid: " + error.message.replace("\n", " "))
        i += 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
