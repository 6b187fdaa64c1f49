"""How each entity type and relation looks: one table, used by the page and its legend.

Colours follow the Okabe-Ito palette (readable with the common colour-vision deficiencies) and
every type also has its own shape, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.viz.model import ENTITY_TYPES, OTHER_TYPE

# Canvas labels need the CJK faces named first, or Chinese falls back to a bitmap-looking face.
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'


@dataclass(frozen=True)
class TypeStyle:
    type: str
    zh: str
    color: str
    shape: str  # a vis-network shape that draws its label below it


@dataclass(frozen=True)
class RelationStyle:
    relation: str
    zh: str
    color: str


TYPE_STYLES: dict[str, TypeStyle] = {
    style.type: style
    for style in (
        TypeStyle("PERSON", "人物", "#E69F00", "dot"),
        TypeStyle("ORG", "组织", "#0072B2", "square"),
        TypeStyle("PLACE", "地点", "#009E73", "triangle"),
        TypeStyle("PROGRAM", "项目", "#CC79A7", "diamond"),
        TypeStyle("AWARD", "荣誉", "#D55E00", "star"),
        TypeStyle("EVENT", "活动", "#56B4E9", "hexagon"),
        TypeStyle("POLICY", "政策", "#8C6D31", "triangleDown"),
        TypeStyle(OTHER_TYPE, "其他", "#999999", "dot"),
    )
}
assert tuple(TYPE_STYLES)[: len(ENTITY_TYPES)] == ENTITY_TYPES

RELATION_STYLES: dict[str, RelationStyle] = {
    style.relation: style
    for style in (
        RelationStyle("HOLDS_POSITION", "任职", "#3B6EA5"),
        RelationStyle("RECEIVED_AWARD", "获奖", "#C0392B"),
        RelationStyle("RUNS_PROGRAM", "开展项目", "#9B4F96"),
        RelationStyle("LOCALITY", "所在地区", "#6E8B74"),
    )
}
OTHER_RELATION = RelationStyle("OTHER", "其他关系", "#A0A0A0")


def type_style(entity_type: str) -> TypeStyle:
    return TYPE_STYLES.get(entity_type, TYPE_STYLES[OTHER_TYPE])


def relation_style(relation: str) -> RelationStyle:
    return RELATION_STYLES.get(relation, OTHER_RELATION)
