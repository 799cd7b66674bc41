"""One way to write a spreadsheet and one way to follow ``next``, checked in the source.

- Only ``core/exports.py`` writes CSV (``csv.writer`` / ``csv.DictWriter``): its writer puts an
  apostrophe before text that a spreadsheet would run as a formula, so every export is safe.
- Only ``core/redirects.py`` reads a ``next`` parameter or judges a redirect target
  (``url_has_allowed_host_and_scheme``); views call ``redirects.redirect_next``. No view passes
  a value from the request straight to ``redirect`` / ``HttpResponseRedirect``.

The URL fuzz (``test_url_fuzz.py``) checks the same at run time: no answer redirects off the site.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "config", "core", "helpdesk", "notifications", "participation", "portal")
REQUEST_DATA = {"GET", "POST", "data", "query_params", "COOKIES", "headers", "META"}
REDIRECTS = {"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect", "HttpResponseClientRedirect"}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield str(path.relative_to(ROOT)), ast.parse(path.read_text(), filename=str(path))


def _reads_request_data(node: ast.AST) -> bool:
    """``request.GET``, ``self.request.query_params``, ``request.POST.get(...)`` and the like."""
    return any(isinstance(inner, ast.Attribute) and inner.attr in REQUEST_DATA for inner in ast.walk(node))


def _is_next_read(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "getlist"}:
        first = node.args[0] if node.args else None
        return isinstance(first, ast.Constant) and first.value == "next" and _reads_request_data(node.func.value)
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "next" and _reads_request_data(node.value)
    return False


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_only_core_exports_writes_csv() -> None:
    writers = []
    for module, tree in _modules():
        if module == "core/exports.py":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"writer", "DictWriter"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                writers.append(f"{module}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "csv":
                writers.append(f"{module}:{node.lineno}")
    assert not writers, f"CSV written outside core/exports.py (use exports.csv_response): {writers}"


def test_only_core_redirects_reads_next_and_no_redirect_takes_request_data() -> None:
    found = []
    for module, tree in _modules():
        if module == "core/redirects.py":
            continue
        for node in ast.walk(tree):
            line = getattr(node, "lineno", 0)
            if _is_next_read(node):
                found.append(f"{module}:{line} reads next (use redirects.redirect_next)")
            if isinstance(node, ast.Name | ast.Attribute) and _name(node) == "url_has_allowed_host_and_scheme":
                found.append(f"{module}:{line} judges a redirect target itself (use core/redirects.py)")
            redirecting = isinstance(node, ast.Call) and _name(node.func) in REDIRECTS and node.args
            if redirecting and _reads_request_data(node.args[0]):  # type: ignore[attr-defined]
                found.append(f"{module}:{line} redirects to a value from the request")
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    unchecked = ast.parse('redirect(request.POST.get("next") or "/")')
    assert any(_is_next_read(node) for node in ast.walk(unchecked))
    call = unchecked.body[0].value  # type: ignore[attr-defined]
    assert _reads_request_data(call.args[0])
    assert not any(_is_next_read(node) for node in ast.walk(ast.parse('redirect("helpdesk:start")')))
