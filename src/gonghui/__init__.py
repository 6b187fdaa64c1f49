"""gonghui: Chinese trade-union (工会) news to a knowledge graph.

``gonghui.extract(text_or_paths)`` gives the records of each article, ``gonghui.build_graph(records)``
their graph (see ``gonghui.api``).
"""

__version__ = "0.1.0"

from .api import build_graph, extract  # noqa: E402  (light: heavy imports happen inside)

__all__ = ["__version__", "build_graph", "extract"]
