"""Regression tests for input defects a new user found: module structure, ids, control
characters, error reporting, number fields and plurals."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app_imports(path: str) -> set[str]:
    """The app modules a file imports (at any level, also inside functions)."""
    tree = ast.parse((ROOT / path).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return {m for m in modules if m.startswith("app")}


def test_forms_and_templating_do_not_import_each_other():
    assert "app.templating" not in _app_imports("app/forms_common.py")
    assert "app.forms_common" not in _app_imports("app/templating.py")
    assert not _app_imports("app/formatting.py") & {"app.forms_common", "app.templating"}
