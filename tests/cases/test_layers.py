"""The services package stays layered: a module imports only modules of lower layers, never one above
it nor one beside it, so the package has no cycle and each layer can be read without the ones above."""

import ast
from pathlib import Path

import onewindow.cases.services as package

PACKAGE = "onewindow.cases.services"

# Lowest first; modules of one layer may not import each other.
LAYERS = [
    {"inputs"},
    {"steps"},
    {"fees", "materials", "tasks", "certificates", "expedite"},
    {"transitions"},
    {"lifecycle"},
    {"intake"},
    {"__init__"},
]


def _rank(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def _imported(path: Path) -> set[str]:
    """The package's modules that `path` imports (relative or absolute, at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                base = node.module
            elif node.level == 0 and (node.module or "").startswith(PACKAGE + "."):
                base = node.module.removeprefix(PACKAGE + ".")
            elif node.level == 0 and node.module == PACKAGE:
                found.update(alias.name for alias in node.names)
                continue
            else:
                continue
            if base is None:  # from . import x
                found.update(alias.name for alias in node.names)
            else:
                found.add(base.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    found.add(alias.name.removeprefix(PACKAGE + ".").split(".")[0])
    return found


def _modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(Path(package.__file__).parent.glob("*.py"))}


def test_every_module_of_the_package_has_a_declared_layer():
    declared = set().union(*LAYERS)
    assert set(_modules()) == declared


def test_no_module_imports_one_of_its_own_or_a_higher_layer():
    upward = {
        (name, other)
        for name, path in _modules().items()
        for other in _imported(path)
        if _rank(other) >= _rank(name)
    }
    assert upward == set()


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "steps.py"
    module.write_text(
        "from .lifecycle import act\ndef late():\n    from onewindow.cases.services.intake import take_in\n"
    )
    assert _imported(module) == {"lifecycle", "intake"}
