"""The layout holds: dependencies point one way (docs/architecture.md), no module imports itself
back through others (function-level imports included), and every module imports on its own."""

import subprocess
import sys
import textwrap

import pytest

from tests.architecture.imports import (
    PACKAGES,
    ROOT,
    cycles,
    module_graph,
    package_graph,
    project_modules,
    strongly_connected,
)

# Who may import whom, top-level packages. `cms` (the project shell) wires everything together;
# domain apps use the API kit (`core`), the partner API's change registry and search's adapter
# contract; `core` and `search` import no domain app.
ALLOWED = {
    "core": set(),
    "partners": {"core"},
    "search": {"core"},
    "home": {"core", "partners", "search"},
    "counselling": {"core", "partners", "search", "home"},
    "openinfo": {"core", "partners", "search", "home", "counselling"},
    "cms": set(PACKAGES) - {"cms"},
}


def test_no_cycle_between_top_level_packages():
    assert cycles(package_graph()) == []


def test_no_cycle_between_modules_even_through_function_level_imports():
    assert strongly_connected(module_graph()) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_dependencies_point_one_way(package):
    assert package_graph()[package] <= ALLOWED[package]


def test_the_check_finds_a_cycle_hidden_in_a_function(tmp_path):
    (tmp_path / "alpha").mkdir()
    (tmp_path / "beta").mkdir()
    (tmp_path / "alpha" / "__init__.py").write_text("")
    (tmp_path / "beta" / "__init__.py").write_text("")
    (tmp_path / "alpha" / "models.py").write_text("from beta.feeds import feed\n")
    (tmp_path / "beta" / "feeds.py").write_text(
        textwrap.dedent("""
        def feed():
            from alpha.models import Thing
            return Thing
    """)
    )
    assert cycles(package_graph(tmp_path, ("alpha", "beta"))) == [("alpha", "beta")]
    assert strongly_connected(module_graph(tmp_path, ("alpha", "beta"))) == [
        ["alpha.models", "beta.feeds"]
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_imports_in_a_fresh_interpreter(package):
    # Settings modules other than the test settings configure a different process (production
    # refuses to start without its secrets); tests/cms/test_settings.py checks them with manage.py.
    modules = [
        name
        for name, _path in project_modules(packages=(package,))
        if not name.startswith("cms.settings.")
        or name in ("cms.settings.base", "cms.settings.test")
    ]
    script = textwrap.dedent(f"""
        import importlib, os, django
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        django.setup()
        for name in {modules!r}:
            importlib.import_module(name)
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
