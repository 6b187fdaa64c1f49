"""Synthetic graph views of any size, shaped like the real graph, for tests and benchmarks.

About half the nodes are people holding posts in organisations, some of whom received one of a
few awards; organisations run one of a few programs; places, events and policies stand alone
or hang off an organisation. Names are made-up Chinese strings. Same size and seed: same view.
"""

from __future__ import annotations

import random

from gonghui.viz.model import GraphView, PageEdge, PageEvidence, PageFact, PageNode

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅海燕志文斌"
_PLACES = "东西南北中新安平和兴福康宁泰华阳江山河湖"
_POSTS = ("主席", "副主席", "党组书记", "经审会主任", "女职委主任", "工会干事")
_AWARDS = ("全国五一劳动奖章", "省劳动模范", "工人先锋号", "市五一巾帼奖", "优秀工会工作者")
_PROGRAMS = ("金秋助学", "送温暖", "安康杯竞赛", "职工书屋", "劳模工作室", "就业援助月")


def synthetic_view(n_nodes: int, seed: int = 7) -> GraphView:
    rng = random.Random(seed)
    n_orgs = max(1, n_nodes // 5)
    n_awards = max(1, n_nodes // 50)
    n_programs = max(1, n_nodes // 40)
    n_places = max(1, n_nodes // 20)
    n_other = max(0, n_nodes // 20)
    n_people = max(1, n_nodes - n_orgs - n_awards - n_programs - n_places - 2 * n_other)

    nodes: dict[str, dict] = {}
    edges: list[PageEdge] = []

    def add(kind: str, number: int, label: str, aliases: tuple[str, ...] = ()) -> str:
        node_id = f"urn:synthetic:{kind.lower()}:{number}"
        document = f"doc_{number % 97:03d}.txt"
        nodes[node_id] = {"id": node_id, "label": label, "type": kind, "aliases": aliases,
                          "documents": (document,),
                          "evidence": (PageEvidence(f"{label}在会上发言。", document),),
                          "facts": []}
        return node_id

    places = [add("PLACE", i, _PLACES[i % 20] + _PLACES[(i // 20) % 20] + f"{i}县")
              for i in range(n_places)]
    orgs = [add("ORG", i, f"{_PLACES[i % 20]}{i}县总工会", (f"{_PLACES[i % 20]}{i}县总",))
            for i in range(n_orgs)]
    awards = [add("AWARD", i, _AWARDS[i % len(_AWARDS)] + ("" if i < 5 else f"（第{i}届）"))
              for i in range(n_awards)]
    programs = [add("PROGRAM", i, _PROGRAMS[i % len(_PROGRAMS)] + ("" if i < 6 else f"{i}期"))
                for i in range(n_programs)]
    for i in range(n_other):
        add("EVENT", i, f"第{i}届职工技能大赛")
        add("POLICY", i, f"《职工权益保障办法（{i}）》")

    def link(source: str, target: str, relation: str, label: str, fact: str) -> None:
        edges.append(PageEdge(source, target, relation, label))
        nodes[source]["facts"].append(PageFact(relation, fact))

    for i, org in enumerate(orgs):
        if i % 3 == 0:
            program = programs[rng.randrange(n_programs)]
            link(org, program, "RUNS_PROGRAM", "", nodes[program]["label"])
        if i % 4 == 0:
            edges.append(PageEdge(org, places[rng.randrange(n_places)], "LOCATED_IN", ""))
    for i in range(n_people):
        name = (_SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]
                + ("" if i < len(_SURNAMES) * len(_GIVEN) else str(i)))
        person = add("PERSON", i, name, (name[0] + "主席",) if i % 7 == 0 else ())
        for _ in range(1 + (rng.random() < 0.3)):
            org, post = orgs[rng.randrange(n_orgs)], _POSTS[rng.randrange(len(_POSTS))]
            link(person, org, "HOLDS_POSITION", post, f"{post} · {nodes[org]['label']}")
        if rng.random() < 0.3:
            award, year = awards[rng.randrange(n_awards)], 2015 + rng.randrange(10)
            link(person, award, "RECEIVED_AWARD", str(year), f"{nodes[award]['label']} ({year})")

    page_nodes = tuple(PageNode(**{**fields, "facts": tuple(fields["facts"])})
                       for fields in nodes.values())
    unique = tuple(dict.fromkeys(edges))
    return GraphView(nodes=page_nodes, edges=unique, title=f"synthetic graph, {n_nodes} nodes",
                     note="synthetic data for tests and benchmarks")
