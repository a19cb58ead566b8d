"""Split the one generated models source into a package loaded a category at a time.

:func:`codegen.models.generate_models` emits every attrs class in one source text. Loading
all of them costs far more than any one namespace needs, so the endpoint writer hands that
text to :func:`split_models`, which:

1. parses it (``ast``) into one block per class and the class names each block refers to
   (field annotations, quoted or not);
2. starts, for every request category, from the response and item models of its requests
   and follows those references transitively, so each class learns which categories can
   reach it;
3. puts a class reached by exactly one category in ``models/<category>.py`` and every other
   class (reached by several categories, or by none) in ``models/_shared.py``.

Reachability only grows along a reference, so a shared class only refers to shared classes
and a category's class only to its own or shared ones: the modules never import in a cycle.
Each category module imports the shared classes it can reach (``from ._shared import X as
X``), which both gives ``typing.get_type_hints`` the module globals it resolves annotations
in, and lets ``models.<category>.X`` name every class a category's answers can hold.

``models/__init__.py`` defines no class: a generated name -> submodule table and a module
``__getattr__`` import the owning submodule on first use, and a ``TYPE_CHECKING`` block
re-exports every class for type checkers. Everything here is deterministic (sorted).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from codegen import lazy

__all__ = ["SHARED", "ClassBlock", "Split", "parse_classes", "plan_split", "render_models"]

#: The submodule holding the classes more than one category (or none) reaches.
SHARED = "_shared"

#: Names the class blocks may use besides model classes, and their imports.
_IMPORTS: tuple[tuple[str, str], ...] = (
    ("datetime", "from datetime import datetime"),
    ("Any", "from typing import Any"),
)


@dataclass(frozen=True)
class ClassBlock:
    """One class of the models source: its text and the names it uses."""

    name: str
    text: str  #: the class with its decorators, as in the source
    names: frozenset[str]  #: every identifier its body uses (annotations included)


@dataclass(frozen=True)
class Split:
    """Where every class goes: ``module_of[class]`` is a category or :data:`SHARED`."""

    blocks: tuple[ClassBlock, ...]
    module_of: Mapping[str, str]
    refs: Mapping[str, frozenset[str]]  #: class -> the model classes it refers to
    reach: Mapping[str, frozenset[str]]  #: category -> every class its requests can hold

    def members(self, module: str) -> list[str]:
        """The classes defined in ``module``, in source order."""
        return [b.name for b in self.blocks if self.module_of[b.name] == module]

    def modules(self) -> list[str]:
        """Every submodule name, :data:`SHARED` first, then the categories sorted."""
        return [SHARED, *sorted(self.reach)]  # every class's module is one of these

    def shared_imports(self, module: str) -> list[str]:
        """The shared classes ``module`` (a category) must import: all it can reach."""
        return sorted(n for n in self.reach.get(module, ()) if self.module_of[n] == SHARED)


def _names_in(node: ast.AST) -> set[str]:
    found: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            try:  # a quoted annotation ("Site | None") refers to classes too
                inner = ast.parse(sub.value, mode="eval")
            except SyntaxError:
                continue
            found |= {n.id for n in ast.walk(inner) if isinstance(n, ast.Name)}
    return found


def parse_classes(source: str) -> list[ClassBlock]:
    """Every top-level class of ``source``, in order, with the names it uses."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    blocks: list[ClassBlock] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        end = node.end_lineno or node.lineno
        text = "".join(lines[start:end]).rstrip() + "\n"
        blocks.append(ClassBlock(node.name, text, frozenset(_names_in(node))))
    return blocks


def _category(request_key: str) -> str:
    return request_key.split(".", 1)[0]


def plan_split(
    source: str, response_models: Mapping[str, str], item_models: Mapping[str, str]
) -> Split:
    """Decide the module of every class of ``source`` (see the module docstring)."""
    blocks = parse_classes(source)
    classes = {b.name for b in blocks}
    if len(classes) != len(blocks):
        raise ValueError("the models source defines a class twice")
    refs = {b.name: frozenset((b.names & classes) - {b.name}) for b in blocks}
    roots: dict[str, set[str]] = {}
    for table in (response_models, item_models):
        for key, cls in table.items():
            if cls not in classes:
                raise ValueError(f"request {key!r} names the model {cls!r}, which is not defined")
            roots.setdefault(_category(key), set()).add(cls)
    reach: dict[str, frozenset[str]] = {}
    for category, start in sorted(roots.items()):
        seen: set[str] = set()
        todo = sorted(start)
        while todo:
            cls = todo.pop()
            if cls not in seen:
                seen.add(cls)
                todo += sorted(refs[cls] - seen)
        reach[category] = frozenset(seen)
    owners: dict[str, set[str]] = {b.name: set() for b in blocks}
    for category, members in reach.items():
        for cls in members:
            owners[cls].add(category)
    module_of = {
        cls: next(iter(cats)) if len(cats) == 1 else SHARED for cls, cats in owners.items()
    }
    split = Split(tuple(blocks), module_of, refs, reach)
    _check(split)
    return split


def _check(split: Split) -> None:
    """Fail loudly if a module would need a class it neither defines nor imports."""
    for block in split.blocks:
        home = split.module_of[block.name]
        for ref in split.refs[block.name]:
            there = split.module_of[ref]
            if there != home and there != SHARED:
                raise ValueError(f"{home}.{block.name} refers to {there}.{ref}: no module order")


def _header_imports(blocks: list[ClassBlock]) -> list[str]:
    used = set().union(*(b.names for b in blocks)) if blocks else set()
    out = [line for name, line in _IMPORTS if name in used]
    return [*out, "", "import attrs"] if blocks else out


def _request_maps(
    response_models: Mapping[str, str], item_models: Mapping[str, str], category: str
) -> list[str]:
    out = [
        "",
        "",
        "#: request key -> model of its 2xx body",
        "RESPONSE_MODELS: dict[str, type] = {",
    ]
    out += [
        f"    {k!r}: {v}," for k, v in sorted(response_models.items()) if _category(k) == category
    ]
    out += ["}", "", "#: request key -> model of one item of a list/map ``data``"]
    out += ["ITEM_MODELS: dict[str, type] = {"]
    out += [f"    {k!r}: {v}," for k, v in sorted(item_models.items()) if _category(k) == category]
    out += ["}"]
    return out


def _reexport(names: list[str], source: str, indent: str = "") -> list[str]:
    if not names:
        return []
    return [
        f"{indent}from {source} import (",
        *(f"{indent}    {n} as {n}," for n in names),
        f"{indent})",
    ]


def render_models(
    header: str,
    source: str,
    response_models: Mapping[str, str],
    item_models: Mapping[str, str],
) -> dict[str, str]:
    """``models/*.py`` for ``_generated`` as ``{relative path: text}`` (not yet formatted)."""
    split = plan_split(source, response_models, item_models)
    by_name = {b.name: b for b in split.blocks}
    files: dict[str, str] = {}
    for module in split.modules():
        members = split.members(module)
        blocks = [by_name[n] for n in members]
        if module == SHARED:
            doc = (
                '"""The response models more than one category uses (or that no request\n'
                'reaches directly): every category module imports the ones it needs."""'
            )
        else:
            doc = (
                f'"""The response models only the ``{module}`` requests reach (API v2).\n\n'
                "The shared classes those answers can also hold are imported from ``_shared``,\n"
                f'so ``models.{module}.X`` names every class those answers are built from.\n"""'
            )
        lines = [header, doc, "", "from __future__ import annotations", ""]
        lines += _header_imports(blocks)
        if module != SHARED:
            lines += ["", *_reexport(split.shared_imports(module), f".{SHARED}")]
        lines += ["", "__all__ = [", *(f"    {n!r}," for n in sorted(members)), "]"]
        for block in blocks:
            lines += ["", "", block.text.rstrip("\n")]
        if module != SHARED:
            lines += _request_maps(response_models, item_models, module)
        files[f"models/{module}.py"] = "\n".join(lines) + "\n"
    files["models/__init__.py"] = _render_init(header, split)
    return files


def _render_init(header: str, split: Split) -> str:
    modules = split.modules()
    categories = [m for m in modules if m != SHARED]
    every = sorted(split.module_of)
    lines = [
        header,
        '"""Typed response models of the MainWP REST API v2 (attrs classes), loaded lazily.',
        "",
        "Each class lives in the submodule of the one category whose answers hold it, or in",
        "``_shared`` when several do. Reading a class here (``models.Site``, ``from ... import",
        "Site``) imports only its submodule; ``RESPONSE_MODELS`` and ``ITEM_MODELS`` (request",
        "key -> model) gather every category's tables on first use.",
        '"""',
        "",
        *lazy.OPENING,
    ]
    for module in modules:
        lines += _reexport(sorted(split.members(module)), f".{module}", indent="    ")
    lines += [
        "",
        "    RESPONSE_MODELS: dict[str, type]",
        "    ITEM_MODELS: dict[str, type]",
        "",
        "__all__ = [",
        *(f"    {n!r}," for n in every),
        "]",
        "",
        "#: model class -> the submodule that defines it",
        "MODULE_OF: dict[str, str] = {",
        *(f"    {n!r}: {split.module_of[n]!r}," for n in every),
        "}",
        "",
        "#: the submodules that carry request tables (one per request category)",
        f"CATEGORIES: tuple[str, ...] = {tuple(categories)!r}",
        "",
        '_TABLES = frozenset({"RESPONSE_MODELS", "ITEM_MODELS"})',
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        '    """Import the submodule behind ``name`` on first use, then keep the value here."""',
        "    module = MODULE_OF.get(name)",
        "    if module is not None:",
        '        value: Any = getattr(importlib.import_module(f"{__name__}.{module}"), name)',
        "    elif name in _TABLES:",
        "        merged: dict[str, type] = {}",
        "        for category in CATEGORIES:",
        '            module_ = importlib.import_module(f"{__name__}.{category}")',
        "            merged.update(getattr(module_, name))",
        "        value = dict(sorted(merged.items()))",
        *lazy.getattr_closing("_TABLES"),
    ]
    return "\n".join(lines)
