#!/usr/bin/env python3
"""List the elevated helpers of our addons (every ``sudo()`` and the helper it sits in).

Run it to print the inventory (``python3 tools/elevated_inventory.py``); the test
``tests/test_elevated.py`` uses the same reading to refuse a ``sudo()`` outside an
``@elevated("reason")`` helper. It reads the source as text (ast): nothing is imported.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = ("student_support", "student_support_reports")
MAX_LINES = 25  # as student_support/models/elevated.py


def _reason(func):
    """The reason of an ``@elevated("...")`` decorator of ``func``, or None."""
    for decorator in func.decorator_list:
        if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", getattr(decorator.func, "attr", None))
                == "elevated" and decorator.args and isinstance(decorator.args[0], ast.Constant)):
            return decorator.args[0].value
    return None


def _is_elevating(call):
    """``x.sudo()`` or ``x.sudo(True)``; ``sudo(False)`` drops rights and does not count."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "sudo"):
        return False
    return not (call.args and isinstance(call.args[0], ast.Constant) and not call.args[0].value)


def inventory():
    """(helpers, strays): helpers are dicts (file, name, line, lines, reason, sudo count);
    strays are (file, line, enclosing function or None) of ``sudo()`` outside any helper."""
    helpers, strays = [], []
    for addon in ADDONS:
        for path in sorted((ROOT / "addons" / addon).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "tests" in rel.parts or "migrations" in rel.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node, scope in _walk(tree, []):
                if isinstance(node, ast.Call) and _is_elevating(node):
                    func = next((f for f in reversed(scope) if _reason(f) is not None), None)
                    if func is None:
                        strays.append((str(rel), node.lineno, scope[-1].name if scope else None))
                        continue
                    name = ".".join(f.name for f in scope[:scope.index(func) + 1])
                    entry = next((h for h in helpers if (h["file"], h["name"], h["line"]) == (str(rel), name,
                                                                                             func.lineno)), None)
                    if entry is None:
                        entry = {"file": str(rel), "name": name,
                                 "line": func.lineno, "lines": func.end_lineno - func.lineno + 1,
                                 "reason": _reason(func), "sudo": 0}
                        helpers.append(entry)
                    entry["sudo"] += 1
    return helpers, strays


def _walk(node, scope):
    """Every node with the chain of functions and classes around it."""
    for child in ast.iter_child_nodes(node):
        inner = [*scope, child] if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else scope
        yield child, inner
        yield from _walk(child, inner)


def main():
    helpers, strays = inventory()
    for h in helpers:
        print(f"{h['file']}:{h['line']} {h['name']} ({h['lines']} lines, {h['sudo']} sudo): {h['reason']}")
    for file, line, func in strays:
        print(f"STRAY {file}:{line} in {func}: sudo() outside an @elevated helper")
    return 1 if strays else 0


if __name__ == "__main__":
    sys.exit(main())
