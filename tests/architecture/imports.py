"""The project's import graph, read from the source (every import, function-level ones included)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "core", "partners", "home", "counselling", "openinfo", "search")


def project_modules(root=ROOT, packages=PACKAGES):
    """(module name, path) of every module of the project's packages, migrations excluded."""
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            yield ".".join(parts), path


def imported_names(path, module):
    """Absolute names of the modules `path` imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module


def package_graph(root=ROOT, packages=PACKAGES):
    """{top-level package: {top-level packages it imports}} within the project."""
    graph = {package: set() for package in packages}
    for module, path in project_modules(root, packages):
        source = module.split(".")[0]
        for name in imported_names(path, module):
            target = (name or "").split(".")[0]
            if target in graph and target != source:
                graph[source].add(target)
    return graph


def cycles(graph):
    """Every elementary cycle, as a list of packages (found by depth-first search from each node)."""
    found = set()
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph[node]):
                if nxt == start:
                    smallest = min(range(len(trail)), key=lambda i: trail[i])
                    found.add(tuple(trail[smallest:] + trail[:smallest]))
                elif nxt not in trail and nxt > start:
                    stack.append((nxt, [*trail, nxt]))
    return sorted(found)


def module_graph(root=ROOT, packages=PACKAGES):
    """{module: {project modules it imports}}; importing `a.b.c` counts as importing `a.b.c`
    (or its nearest project module), a package's `__init__` re-exports included."""
    modules = dict(project_modules(root, packages))
    graph = {module: set() for module in modules}
    for module, path in modules.items():
        for name in imported_names(path, module):
            name = name or ""
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                graph[module].add(name)
    return graph


def strongly_connected(graph):
    """Tarjan's algorithm: the groups of modules that import each other (size > 1)."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)
