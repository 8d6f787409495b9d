#!/usr/bin/env python3
"""Independent check of X12 files with PyPI's pyx12 (pip install pyx12==4.0.0).

Usage: scripts/check-x12-with-pyx12.py FILE...

Reads every segment of each file with pyx12.x12file.X12Reader and prints the
errors pyx12 reports (envelope counts, control numbers, ISA layout...).
Exits 1 if any file has an error, 0 otherwise.
"""
import sys

try:
    import pyx12.x12file
except ImportError:
    sys.exit("pyx12 is not installed: pip install pyx12==4.0.0")


def check(path):
    """Returns the list of (kind, code, message, segment) errors pyx12 finds in path."""
    errors = []
    try:
        reader = pyx12.x12file.X12Reader(path)
        for _segment in reader:
            errors.extend(reader.pop_errors())
        errors.extend(reader.pop_errors())
        if hasattr(reader, "cleanup"):
            reader.cleanup()
            errors.extend(reader.pop_errors())
    except Exception as exc:  # pyx12 raises on unreadable ISA segments
        errors.append(("exception", "", str(exc), ""))
    return errors


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        errors = check(path)
        if errors:
            failed = True
            for error in errors:
                print(f"{path}: {' '.join(str(part) for part in error)}")
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
