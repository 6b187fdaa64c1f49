// gonghui graph page: draws the embedded graph with vis-network and wires search, legend
// toggles, neighbourhood highlight and the node panel.
// Everything from the data is text from arbitrary documents: it is only ever written with
// textContent or passed to vis-network as a plain string (which vis shows with innerText).
// details[id].name is the full name; the drawn label may be shortened.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("gonghui-data").textContent);
  var details = data.details;
  var FACT_HEADINGS = {
    HOLDS_POSITION: "职务 Posts",
    RECEIVED_AWARD: "荣誉 Awards",
    RUNS_PROGRAM: "开展项目 Programs run",
    MEMBER: "任职人员 Post holders",
    AWARDED_TO: "获奖者 Recipients",
    RUN_BY: "开展单位 Run by"
  };
  var DIM = 0.15;
  var LABEL = data.options.nodes.font.color;
  var LABEL_DIM = "#d0d4d9";
  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  // Nodes without an edge: hidden until the legend's switch (or a search that finds one) shows
  // them; a node is drawn when its type is shown and it is linked or these are shown.
  var isolated = new Set(data.isolated);
  var showIsolated = !data.hide_isolated;
  var selected = null;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function typeInfo(type) {
    return data.types[type] || data.types.OTHER;
  }

  function tooltip(node) {
    var info = details[node.id];
    var lines = [info.name, typeInfo(info.type).zh + " " + info.type];
    if (info.aliases.length) { lines.push("别名 aliases: " + info.aliases.join("、")); }
    if (info.documents.length) { lines.push("文档 documents: " + info.documents.length); }
    return lines.join("\n");
  }

  function relationName(relation) {
    var info = data.relations[relation];
    return info && info.zh !== relation ? info.zh + " " + relation : relation;
  }

  function nodeShown(id, type) {
    return !hiddenTypes.has(type) && (showIsolated || !isolated.has(id));
  }

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    return Object.assign({}, node, { title: tooltip(node), hidden: !nodeShown(node.id, node.group) });
  }));
  var edgeColor = {};
  // Selection and hover keep the relation's colour (vis would turn the edge grey). No
  // opacity here: edges take it from the global option, which the highlight switches.
  function edgePaint(id, opacity) {
    var c = edgeColor[id];
    var paint = { color: c, highlight: c, hover: c };
    if (opacity !== undefined) { paint.opacity = opacity; }
    return paint;
  }
  var nodesByType = {};
  var edgesByRelation = {};
  data.nodes.forEach(function (node) {
    (nodesByType[node.group] = nodesByType[node.group] || []).push(node.id);
  });
  data.edges.forEach(function (edge) {
    (edgesByRelation[edge.relation] = edgesByRelation[edge.relation] || []).push(edge.id);
  });
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    edgeColor[edge.id] = edge.color;
    var title = relationName(edge.relation) + (edge.label ? ": " + edge.label : "");
    return Object.assign({}, edge, { title: title, color: edgePaint(edge.id) });
  }));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  network.once("afterDrawing", function () {
    document.body.dataset.ready = "true";
    window.gonghui.readyAt = performance.now();
  });

  // --- visibility: legend toggles hide types and relations, never the whole graph ---------
  // Only the items of the toggled type or relation are touched (vis already skips edges
  // whose end is hidden), so a toggle stays quick on 20,000 nodes.
  function setTypeVisible(type, visible) {
    if (visible) { hiddenTypes.delete(type); } else { hiddenTypes.add(type); }
    var box = document.querySelector('#legend-types input[data-type="' + type + '"]');
    if (box) { box.checked = visible; }
    nodes.update((nodesByType[type] || []).map(function (id) {
      return { id: id, hidden: !nodeShown(id, type) };
    }));
    if (selected !== null && hiddenTypes.has(nodes.get(selected).group)) { clearSelection(); }
  }

  function setIsolatedVisible(visible) {
    showIsolated = visible;
    var box = document.getElementById("show-isolated");
    if (box) { box.checked = visible; }
    nodes.update(Array.from(isolated).map(function (id) {
      return { id: id, hidden: !nodeShown(id, nodes.get(id).group) };
    }));
    if (selected !== null && !visible && isolated.has(selected)) { clearSelection(); }
  }

  function setRelationVisible(relation, visible) {
    if (visible) { hiddenRelations.delete(relation); } else { hiddenRelations.add(relation); }
    edges.update((edgesByRelation[relation] || []).map(function (id) {
      return { id: id, hidden: !visible };
    }));
  }

  document.querySelectorAll("#legend-types input").forEach(function (box) {
    box.addEventListener("change", function () { setTypeVisible(box.dataset.type, box.checked); });
  });
  var isolatedBox = document.getElementById("show-isolated");
  if (isolatedBox) {
    isolatedBox.addEventListener("change", function () {
      setIsolatedVisible(isolatedBox.checked);
      // They are laid out apart from the graph (a grid below it): bring them into view.
      if (isolatedBox.checked) { network.fit({ animation: false }); }
    });
  }
  document.querySelectorAll("#legend-relations input").forEach(function (box) {
    box.addEventListener("change", function () {
      setRelationVisible(box.dataset.relation, box.checked);
    });
  });

  // --- neighbourhood highlight ------------------------------------------------------------
  // Dimming goes through the global node and edge options (one pass inside vis) and only the
  // neighbourhood gets per-item values; items lit before are reset explicitly.
  var litNodes = new Set();
  var litEdges = new Set();

  function paintItems(nodeIds, edgeIds, on) {
    nodes.update(nodeIds.map(function (id) {
      return { id: id, opacity: on ? 1 : DIM, font: { color: on ? LABEL : LABEL_DIM } };
    }));
    edges.update(edgeIds.map(function (id) { return { id: id, color: edgePaint(id, on ? 1 : DIM) }; }));
  }

  function setGlobalDim(dim) {
    network.setOptions({
      nodes: { opacity: dim ? DIM : 1, font: { color: dim ? LABEL_DIM : LABEL } },
      edges: { color: { opacity: dim ? DIM : 1 } }
    });
  }

  function highlight(id) {
    var keepNodes = new Set(network.getConnectedNodes(id));
    keepNodes.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    setGlobalDim(true);
    paintItems(Array.from(litNodes).filter(function (n) { return !keepNodes.has(n); }),
      Array.from(litEdges).filter(function (e) { return !keepEdges.has(e); }), false);
    paintItems(Array.from(keepNodes), Array.from(keepEdges), true);
    keepNodes.forEach(function (n) { litNodes.add(n); });
    keepEdges.forEach(function (e) { litEdges.add(e); });
  }

  function clearHighlight() {
    setGlobalDim(false);
    paintItems(Array.from(litNodes), Array.from(litEdges), true);
  }

  // For tests and the curious: what vis will actually draw.
  function isLit(id) { return network.body.nodes[id].options.opacity === 1; }
  function visibleEdgeCount() { return network.body.edgeIndices.length; }

  function select(id) {
    selected = id;
    network.selectNodes([id]);
    highlight(id);
    showPanel(id);
  }

  function clearSelection() {
    selected = null;
    network.unselectAll();
    clearHighlight();
    document.getElementById("panel").hidden = true;
  }

  function focusNode(id) {
    var type = nodes.get(id).group;
    if (hiddenTypes.has(type)) { setTypeVisible(type, true); }
    if (isolated.has(id) && !showIsolated) { setIsolatedVisible(true); }
    select(id);
    // Offset left so the node stays clear of the panel on the right.
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false,
      offset: { x: -Math.min(200, container.clientWidth / 5), y: 0 } });
  }

  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0]); }
    else if (!params.edges.length) { clearSelection(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clearSelection(); hideResults(); }
  });
  document.getElementById("panel-close").addEventListener("click", clearSelection);

  // --- the side panel ---------------------------------------------------------------------
  function section(body, heading, items, render) {
    if (!items.length) { return; }
    body.appendChild(el("h3", heading));
    var list = el("ul");
    items.forEach(function (item) { list.appendChild(render(item)); });
    body.appendChild(list);
  }

  function neighbours(id) {
    var found = [];
    edges.get(network.getConnectedEdges(id)).forEach(function (edge) {
      var other = edge.from === id ? edge.to : edge.from;
      var text = relationName(edge.relation) + (edge.label ? " · " + edge.label : "");
      found.push({ id: other, label: details[other].name, relation: text });
    });
    found.sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; });
    return found.slice(0, 100);
  }

  function showPanel(id) {
    var node = nodes.get(id);
    var info = details[id];
    var type = typeInfo(info.type);
    document.getElementById("panel-title").textContent = info.name;
    var typeLine = document.getElementById("panel-type");
    typeLine.replaceChildren();
    var swatch = el("span", null, "swatch shape-" + node.shape);
    swatch.style.setProperty("--swatch", type.color);
    typeLine.appendChild(swatch);
    typeLine.appendChild(document.createTextNode(type.zh + " " + info.type));
    var body = document.getElementById("panel-body");
    body.replaceChildren();
    section(body, "别名 Aliases", info.aliases, function (alias) { return el("li", alias); });
    var grouped = {};
    info.facts.forEach(function (fact) { (grouped[fact[0]] = grouped[fact[0]] || []).push(fact[1]); });
    Object.keys(grouped).sort().forEach(function (relation) {
      section(body, FACT_HEADINGS[relation] || relation, grouped[relation],
        function (text) { return el("li", text); });
    });
    section(body, "相邻节点 Neighbours", neighbours(id), function (item) {
      var li = el("li");
      var link = el("span", item.label, "neighbour");
      link.addEventListener("click", function () { focusNode(item.id); });
      li.appendChild(link);
      li.appendChild(el("small", " (" + item.relation + ")"));
      return li;
    });
    section(body, "证据 Evidence", info.evidence, function (pair) {
      var li = el("li");
      li.appendChild(el("blockquote", pair[0]));
      li.appendChild(el("cite", pair[1]));
      return li;
    });
    if (info.more_evidence) {
      body.appendChild(el("p", "另有 " + info.more_evidence + " 条证据 (" + info.more_evidence +
        " more sentences)", "more"));
    }
    section(body, "文档 Documents", info.documents, function (doc) { return el("li", doc); });
    body.appendChild(el("h3", "IRI"));
    body.appendChild(el("p", id, "iri"));
    document.getElementById("panel").hidden = false;
  }

  // --- search by canonical name or alias --------------------------------------------------
  function norm(text) { return String(text).normalize("NFKC").toLowerCase().trim(); }

  var index = [];
  nodes.forEach(function (node) {
    var name = details[node.id].name;
    index.push({ key: norm(name), id: node.id, name: name, alias: false });
    details[node.id].aliases.forEach(function (alias) {
      index.push({ key: norm(alias), id: node.id, name: alias, alias: true });
    });
  });

  function search(query) {
    var q = norm(query);
    if (!q) { return []; }
    var hits = [];
    var seen = new Set();
    index.forEach(function (entry) {
      var at = entry.key.indexOf(q);
      if (at < 0) { return; }
      var rank = entry.key === q ? 0 : at === 0 ? 1 : 2;
      hits.push({ rank: rank, entry: entry });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.entry.key.length - b.entry.key.length ||
        (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
    });
    var results = [];
    hits.forEach(function (hit) {
      if (results.length < 20 && !seen.has(hit.entry.id)) {
        seen.add(hit.entry.id);
        results.push(hit.entry);
      }
    });
    return results;
  }

  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var current = [];
  var active = 0;

  function hideResults() { list.hidden = true; }

  function choose(entry) {
    hideResults();
    focusNode(entry.id);
  }

  function renderResults() {
    list.replaceChildren();
    if (!current.length) {
      list.appendChild(el("li", "没有找到 / no match", "none"));
    }
    current.forEach(function (entry, i) {
      var label = details[entry.id].name;
      var li = el("li", label, i === active ? "active" : "");
      if (entry.alias) { li.appendChild(el("span", "别名 " + entry.name, "via")); }
      li.appendChild(el("span", typeInfo(details[entry.id].type).zh, "kind"));
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(entry); });
      list.appendChild(li);
    });
    list.hidden = false;
  }

  input.addEventListener("input", function () {
    current = search(input.value);
    active = 0;
    if (input.value.trim()) { renderResults(); } else { hideResults(); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!current.length) { return; }
      active = (active + (event.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      renderResults();
      event.preventDefault();
    } else if (event.key === "Enter") {
      current = search(input.value);
      if (current.length) { choose(current[Math.min(active, current.length - 1)]); }
      else { renderResults(); }
    }
  });
  input.addEventListener("blur", hideResults);

  window.gonghui = {
    network: network,
    nodes: nodes,
    edges: edges,
    search: search,
    focusNode: focusNode,
    setTypeVisible: setTypeVisible,
    setRelationVisible: setRelationVisible,
    setIsolatedVisible: setIsolatedVisible,
    isolatedShown: function () { return showIsolated; },
    isLit: isLit,
    visibleEdgeCount: visibleEdgeCount,
    selected: function () { return selected; },
    visibleNodeCount: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; },
    readyAt: null
  };

  if (data.focus !== null && data.focus !== undefined) {
    network.once("afterDrawing", function () { focusNode(data.focus); });
  }
}());
