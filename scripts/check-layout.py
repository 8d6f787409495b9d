#!/usr/bin/env python3
"""Checks the package's layout rules (docs/architecture.md) on `swift package dump-package`.

Usage: swift package dump-package | scripts/check-layout.py

- no target has unsafe flags, and no target is a system library (SQLite is compiled in);
- the pure targets (model, codecs, domain decisions) depend on nothing but other pure
  targets: no server, database, HTTP client or NIO product;
- only the storage driver targets, the factory, the CLI and tests link a database driver;
- only the CLI and test targets depend on the development tools (fuzzers, benchmarks).
Exits 1 and names each broken rule.
"""
import json
import sys

PURE = {"SutureModel", "SutureX12", "SutureFHIR", "SutureBarcode", "SutureDelivery", "SutureProcurement"}
DRIVERS = {"PostgresNIO", "SQLiteNIO"}
MAY_LINK_DRIVERS = {"SutureStoreSQLite", "SutureStorePostgres", "SutureStoreFactory", "SutureCLI", "SutureTestSupport"}
MAY_USE_DEVTOOLS = {"SutureCLI"}


def dependencies(target):
    """(kind, name) for each dependency: ("target", name) or ("product", name)."""
    found = []
    for dependency in target.get("dependencies", []):
        for kind, value in dependency.items():
            name = value[0] if isinstance(value, list) else value
            found.append(("product" if kind == "product" else "target", name))
    return found


def main():
    package = json.load(sys.stdin)
    problems = []
    for target in package["targets"]:
        name, kind = target["name"], target.get("type")
        if "unsafeFlags" in json.dumps(target.get("settings", [])):
            problems.append(f"{name}: has unsafe flags")
        if kind == "system":
            problems.append(f"{name}: is a system library target")
        deps = dependencies(target)
        if name in PURE:
            for dep_kind, dep in deps:
                if dep_kind == "product" or dep not in PURE:
                    problems.append(f"{name}: a pure target depends on {dep}")
        if kind != "test" and name not in MAY_LINK_DRIVERS:
            for dep_kind, dep in deps:
                if dep in DRIVERS:
                    problems.append(f"{name}: links the database driver {dep}")
        if kind != "test" and name not in MAY_USE_DEVTOOLS:
            for _, dep in deps:
                if dep == "SutureDevTools":
                    problems.append(f"{name}: depends on the development tools")
    for problem in problems:
        print(f"check-layout: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-layout: {len(package['targets'])} targets follow the layout rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
