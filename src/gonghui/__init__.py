"""gonghui: Chinese trade-union (工会) news to a knowledge graph."""

__version__ = "0.1.0"
