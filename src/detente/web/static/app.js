/* detente dashboard: pick a dyad or one country (its internal events), see the cooperation–conflict
 * timeline, list a period's events, read the evidence of one event in its document.
 *
 * Plain JavaScript, no build step, no libraries. Every piece of text that comes from the store is put into
 * the page as text (textContent / createTextNode), never as HTML, so an article containing markup shows
 * that markup instead of running it. The chart is SVG drawn here by hand.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const PAGE_SIZE = 25;
  const QUAD_NAMES = {
    VC: "verbal cooperation", MC: "material cooperation", VX: "verbal conflict", MX: "material conflict",
  };
  const QUAD_TYPES = {
    VC: ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
    MC: ["COOPERATE", "AID", "RETREAT"],
    VX: ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
    MX: ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
  };
  const MODALITY_HELP = {
    reported: "the text says it happened",
    planned: "announced or scheduled",
    expected: "the writer expects it",
    negated: "the text says it did not happen",
    recommended: "someone urges it",
    hypothetical: "only imagined (if, could, would)",
  };

  const state = {
    dyads: [],
    countries: [], // codes with internal events: [{code, name, internal}]
    names: {},
    period: null, // {period, start, end}
    offset: 0,
    total: 0,
    events: [],
    eventId: null,
    mentionId: null,
    timeline: null,
    world: null, // country outlines, decoded once from /static/world-110m.json
    eventsTicket: 0, // the latest event-list request (older answers are dropped)
    timelineTicket: 0, // the latest timeline request
  };

  const $ = (id) => document.getElementById(id);

  // --- small DOM helpers (text only, never HTML) ---------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function showMessage(text) {
    const box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function signed(value) {
    const rounded = Math.round(value * 10) / 10;
    return (rounded > 0 ? "+" : rounded < 0 ? "−" : "") + Math.abs(rounded).toFixed(1);
  }

  function countryLabel(code) {
    if (!code) return "—";
    const name = state.names[code];
    return name ? `${code} (${name})` : code;
  }

  // --- talking to the API --------------------------------------------------------------------------

  async function getJSON(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value === null || value === undefined || value === "") continue;
      if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
      else query.append(key, String(value));
    }
    const url = query.toString() ? `${path}?${query}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    if (!response.ok) {
      const reason = body && body.error ? body.error : `${response.status} ${response.statusText}`;
      throw new Error(reason);
    }
    return body;
  }

  // --- filters -------------------------------------------------------------------------------------

  function buildTypeSelect() {
    const select = $("type");
    clear(select);
    select.append(el("option", { value: "", text: "all event types" }));
    for (const [quad, types] of Object.entries(QUAD_TYPES)) {
      const group = el("optgroup", { label: `${QUAD_NAMES[quad]} (${quad})` });
      group.append(el("option", { value: `quad:${quad}`, text: `all ${QUAD_NAMES[quad]}` }));
      for (const type of types) group.append(el("option", { value: type, text: type }));
      select.append(group);
    }
  }

  function buildModalityChecks(modalities) {
    const box = clear($("modalities"));
    for (const modality of modalities) {
      const input = el("input", { type: "checkbox", name: "modality", value: modality,
                                  checked: modality === "reported" });
      box.append(el("label", { class: "check", title: MODALITY_HELP[modality] || "" }, input, modality));
    }
  }

  /** The choices of the scope: one country's internal events (value "KEN") and dyads (value "A:B").
   * Domestic lists the countries, international the dyads, all both; the choice made is kept when it is
   * still listed. */
  function buildDyadSelect() {
    const select = $("dyad");
    const kept = select.value;
    clear(select);
    const scope = $("scope").value;
    if (scope !== "international" && state.countries.length) {
      const group = el("optgroup", { label: "Within one country (its internal events)" });
      const countries = [...state.countries].sort((x, y) => y.internal - x.internal || x.code.localeCompare(y.code));
      for (const country of countries) {
        const name = country.name ? ` · ${country.name}` : "";
        group.append(el("option", { value: country.code,
                                    text: `${country.code}${name} — internal (${country.internal})` }));
      }
      select.append(group);
    }
    if (scope !== "domestic" && state.dyads.length) {
      const group = el("optgroup", { label: "Between two (a dyad)" });
      const sorted = [...state.dyads].sort((x, y) => y.events - x.events || (x.a + x.b).localeCompare(y.a + y.b));
      for (const dyad of sorted) {
        const names = dyad.a_name && dyad.b_name ? ` · ${dyad.a_name} – ${dyad.b_name}` : "";
        group.append(el("option", { value: `${dyad.a}:${dyad.b}`,
                                    text: `${dyad.a} – ${dyad.b}${names} (${dyad.events})` }));
      }
      select.append(group);
    }
    const values = [...select.options].map((o) => o.value);
    if (kept && values.includes(kept)) select.value = kept;
    else if (scope === "all" && state.dyads.length) {
      const top = [...state.dyads].sort((x, y) => y.events - x.events || (x.a + x.b).localeCompare(y.a + y.b))[0];
      select.value = `${top.a}:${top.b}`; // a dyad first, as before countries could be picked
    }
    select.disabled = select.options.length === 0;
    updateDirectionLabels();
  }

  function currentPair() {
    const value = $("dyad").value;
    if (!value || !value.includes(":")) return null;
    const [a, b] = value.split(":");
    return { a, b };
  }

  /** The country picked alone (its internal events), or null when a dyad is picked. */
  function currentCountry() {
    const value = $("dyad").value;
    return value && !value.includes(":") ? value : null;
  }

  function updateDirectionLabels() {
    const pair = currentPair();
    const options = $("direction").options;
    options[1].textContent = pair ? `${pair.a} → ${pair.b} only` : "A → B";
    options[2].textContent = pair ? `${pair.b} → ${pair.a} only` : "B → A";
    $("direction").disabled = !pair; // a country's internal events have no direction
  }

  function selectedTypes() {
    const value = $("type").value;
    if (!value) return [];
    if (value.startsWith("quad:")) return QUAD_TYPES[value.slice(5)] || [];
    return [value];
  }

  function selectedModalities() {
    return [...document.querySelectorAll("#modalities input:checked")].map((input) => input.value);
  }

  /** The query both the chart and the event list use. */
  function filterParams() {
    const pair = currentPair();
    const country = currentCountry();
    if (!pair && !country) return null;
    const direction = $("direction").value;
    const scope = $("scope").value;
    const params = {
      // a dyad is international by its choice; "domestic" narrows a country's events to two-sided ones
      dyad: pair ? (direction === "ba" ? `${pair.b}:${pair.a}` : `${pair.a}:${pair.b}`) : null,
      both_directions: pair && direction === "both" ? "true" : null,
      country: country,
      domestic: country && scope === "domestic" ? "true" : null,
      modality: selectedModalities(),
      type: selectedTypes(),
      since: $("since").value || null,
      until: $("until").value || null,
    };
    return params;
  }

  // --- the chart -----------------------------------------------------------------------------------

  function niceStep(span) {
    const raw = span / 5;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= raw) return factor * power;
    return 10 * power;
  }

  function periodTitle(row) {
    return `${row.period}: ${row.events} event(s) — VC ${row.VC}, MC ${row.MC}, VX ${row.VX}, MX ${row.MX}; ` +
      `cooperation ${signed(row.cooperation)}, conflict ${signed(row.conflict)}, net ${signed(row.net)}`;
  }

  function drawChart() {
    const box = clear($("chart"));
    const timeline = state.timeline;
    if (!timeline) return;
    const rows = timeline.periods;
    if (!rows.length) {
      box.append(el("p", { class: "empty", text: "No dated events match these filters." }));
      return;
    }
    const width = Math.max(box.clientWidth || 800, 320);
    const height = 300;
    const margin = { top: 14, right: 16, bottom: 46, left: 48 };
    const innerW = width - margin.left - margin.right;
    const innerH = height - margin.top - margin.bottom;
    let low = Math.min(-1, ...rows.map((r) => Math.min(r.conflict, r.net)));
    let high = Math.max(1, ...rows.map((r) => Math.max(r.cooperation, r.net)));
    const step = niceStep(high - low);
    low = Math.floor(low / step) * step;
    high = Math.ceil(high / step) * step;
    const y = (value) => margin.top + innerH * (high - value) / (high - low);
    const band = innerW / rows.length;
    const barW = Math.max(2, Math.min(46, band * 0.62));
    const x = (index) => margin.left + band * index + band / 2;

    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline-svg",
                                role: "img", "aria-label": `Timeline of ${timelineName(timeline)}` });
    const grid = svg("g", { class: "grid" });
    for (let value = low; value <= high + step / 2; value += step) {
      const at = y(value);
      grid.append(svg("line", { x1: margin.left, x2: width - margin.right, y1: at, y2: at,
                                class: Math.abs(value) < 1e-9 ? "zero" : "gridline" }));
      grid.append(svg("text", { x: margin.left - 8, y: at + 4, class: "tick", "text-anchor": "end",
                                text: Math.abs(value) < 1e-9 ? "0" : signed(value).replace(".0", "") }));
    }
    chart.append(grid);
    chart.append(svg("text", { x: 12, y: margin.top + innerH / 2, class: "axis-label", "text-anchor": "middle",
                               transform: `rotate(-90 12 ${margin.top + innerH / 2})`, text: "sum of scores" }));

    const labelEvery = Math.max(1, Math.ceil(rows.length / Math.max(1, Math.floor(innerW / 64))));
    const periods = svg("g", { class: "periods" });
    rows.forEach((row, index) => {
      const selected = state.period && state.period.period === row.period;
      const group = svg("g", { class: "period" + (selected ? " selected" : "") + (row.events ? "" : " empty"),
                               "data-period": row.period, tabindex: 0, role: "button",
                               "aria-label": periodTitle(row) });
      group.append(svg("title", { text: periodTitle(row) }));
      group.append(svg("rect", { class: "hit", x: margin.left + band * index, y: margin.top, width: band,
                                 height: innerH }));
      if (row.cooperation > 0) {
        group.append(svg("rect", { class: "bar coop", x: x(index) - barW / 2, y: y(row.cooperation), width: barW,
                                   height: Math.max(1, y(0) - y(row.cooperation)), rx: 2 }));
      }
      if (row.conflict < 0) {
        group.append(svg("rect", { class: "bar conf", x: x(index) - barW / 2, y: y(0), width: barW,
                                   height: Math.max(1, y(row.conflict) - y(0)), rx: 2 }));
      }
      if (index % labelEvery === 0 || selected) {
        group.append(svg("text", { x: x(index), y: height - margin.bottom + 18, class: "tick period-label",
                                   "text-anchor": "middle", text: row.period }));
      }
      if (row.events) {
        group.append(svg("text", { x: x(index), y: height - margin.bottom + 32, class: "tick count",
                                   "text-anchor": "middle", text: `${row.events} ev.` }));
      }
      const choose = () => selectPeriod(row);
      group.addEventListener("click", choose);
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
      });
      periods.append(group);
    });
    chart.append(periods);

    const points = rows.map((row, index) => `${x(index).toFixed(1)},${y(row.net).toFixed(1)}`);
    chart.append(svg("polyline", { class: "net-line", points: points.join(" ") }));
    const dots = svg("g", { class: "net-dots" });
    rows.forEach((row, index) => {
      if (row.events) dots.append(svg("circle", { cx: x(index), cy: y(row.net), r: 3.5 }));
    });
    chart.append(dots);
    box.append(chart);
  }

  function timelineName(timeline) {
    if (!timeline.dyad) return `${timeline.country} (internal events${timeline.domestic ? ", both sides known" : ""})`;
    return `${timeline.dyad[0]}${timeline.both_directions ? " ⇄ " : " → "}${timeline.dyad[1]}`;
  }

  async function loadTimeline() {
    const params = filterParams();
    const box = $("chart");
    state.timeline = null;
    if (!params) {
      clear(box).append(el("p", { class: "empty",
        text: "The store holds no events of this scope yet. Add articles with `detente ingest`." }));
      $("chart-notes").textContent = "";
      return;
    }
    clear(box).append(el("p", { class: "empty", text: "Loading…" }));
    const ticket = ++state.timelineTicket;
    const timeline = await getJSON("/api/timeline", { ...params, freq: $("freq").value });
    if (ticket !== state.timelineTicket) return;
    state.timeline = timeline;
    $("chart-title").textContent = `${timelineName(timeline)}: cooperation and conflict per ${timeline.freq}`;
    const notes = [`Counting ${timeline.modalities.join(", ")} events` +
                   (timeline.types.length ? ` of type ${timeline.types.join(", ")}` : "") + "."];
    $("chart-notes").textContent = notes.concat(timeline.notes.map((n) => n[0].toUpperCase() + n.slice(1) + "."))
      .join(" ");
    drawChart();
  }

  // --- the event list ------------------------------------------------------------------------------

  function selectPeriod(row) {
    state.period = { period: row.period, start: row.start, end: row.end };
    state.offset = 0;
    drawChart();
    loadEvents().catch((error) => showMessage(error.message));
  }

  function anchorMention(event) {
    return event.mentions.find((m) => m.mention_id === event.anchor_mention_id) || event.mentions[0] || null;
  }

  function badge(text, kind, title) {
    return el("span", { class: `badge ${kind}`, title: title || null }, text);
  }

  function eventItem(event) {
    const mention = anchorMention(event);
    const item = el("li", { class: "event" + (event.event_id === state.eventId ? " selected" : ""),
                            "data-event-id": event.event_id, tabindex: 0 });
    const type = event.mode ? `${event.event_type} · ${event.mode}` : event.event_type;
    item.append(el("div", { class: "event-top" },
      el("span", { class: "event-date", text: event.date_value || "undated" }),
      el("span", { class: "event-dyad", text: `${event.source_country || "?"} → ${event.target_country || "?"}` }),
      badge(type, `quad quad-${event.quad_class}`, QUAD_NAMES[event.quad_class]),
      badge(event.modality, `modality modality-${event.modality}`, MODALITY_HELP[event.modality]),
      el("span", { class: "event-score " + (event.score >= 0 ? "pos" : "neg"), text: signed(event.score),
                   title: "PLOVER cooperation–conflict score" })));
    if (mention && mention.sentence) item.append(el("p", { class: "event-sentence", text: mention.sentence }));
    item.append(el("div", { class: "event-meta",
      text: `${event.n_mentions} report(s) in ${event.n_documents} document(s)` }));
    const choose = () => selectEvent(event.event_id);
    item.addEventListener("click", choose);
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); }
    });
    return item;
  }

  async function loadEvents() {
    // Only the latest request draws: a period clicked while a refresh is still loading must not have its
    // list drawn twice, or the older answer drawn over the newer one.
    const ticket = ++state.eventsTicket;
    const params = filterParams();
    if (!params) {
      clear($("event-list"));
      $("events-title").textContent = "Events";
      $("page-info").textContent = "";
      return;
    }
    const query = { ...params, offset: state.offset, limit: PAGE_SIZE };
    if (state.period) {
      query.since = maxDate(params.since, state.period.start);
      query.until = minDate(params.until, state.period.end);
      query.within = "true";
    }
    const page = await getJSON("/api/events", query);
    if (ticket !== state.eventsTicket) return;
    const list = clear($("event-list"));
    state.total = page.total;
    state.events = page.events;
    $("events-title").textContent = state.period
      ? `Events in ${state.period.period} · ${page.total}`
      : `All events of this ${currentCountry() ? "country" : "dyad"} · ${page.total}`;
    $("all-periods").hidden = !state.period;
    if (!page.events.length) {
      list.append(el("li", { class: "empty", text: state.period
        ? "No events in this period match the filters." : "No events match the filters." }));
    }
    for (const event of page.events) list.append(eventItem(event));
    drawMap();
    const last = Math.min(page.offset + page.events.length, page.total);
    $("page-info").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "";
    $("prev").disabled = page.offset === 0;
    $("next").disabled = last >= page.total;
  }

  function maxDate(a, b) { return !a ? b : !b ? a : (a > b ? a : b); }
  function minDate(a, b) { return !a ? b : !b ? a : (a < b ? a : b); }


  // --- the map -------------------------------------------------------------------------------------
  // Natural Earth 1:110m country outlines (world-atlas TopoJSON, vendored in /static), drawn in an
  // equirectangular projection; events with a location are points on it.

  const MAP_LAT_TOP = 84;
  const MAP_LAT_BOTTOM = -58;

  /** Rings of [lon, lat] for every country of a TopoJSON topology (arcs delta-encoded and quantized). */
  function decodeTopology(topology) {
    const [sx, sy] = topology.transform.scale;
    const [tx, ty] = topology.transform.translate;
    const arcs = topology.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
    const ring = (indexes) => {
      const points = [];
      for (const i of indexes) {
        const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
        points.push(...(points.length ? arc.slice(1) : arc));
      }
      return points;
    };
    const countries = [];
    for (const geometry of topology.objects.countries.geometries) {
      if (!geometry.arcs) continue;
      const polygons = geometry.type === "MultiPolygon" ? geometry.arcs : [geometry.arcs];
      countries.push({ id: geometry.id, name: (geometry.properties || {}).name || "",
                       rings: polygons.flatMap((polygon) => polygon.map(ring)) });
    }
    return countries;
  }

  async function loadWorld() {
    if (state.world) return state.world;
    const response = await fetch("/static/world-110m.json");
    if (!response.ok) throw new Error(`world map: ${response.status} ${response.statusText}`);
    state.world = decodeTopology(await response.json());
    return state.world;
  }

  /** Where an event happened as the API gives it: the event's location, else its shown report's. */
  function eventLocation(event) {
    const mention = anchorMention(event);
    const location = event.location || (mention && mention.location) || null;
    if (!location || typeof location.latitude !== "number" || typeof location.longitude !== "number") return null;
    return location;
  }

  function drawMap() {
    const box = $("map");
    const notes = $("map-notes");
    if (!state.world) {
      loadWorld().then(drawMap).catch((error) => { notes.textContent = error.message; });
      return;
    }
    clear(box);
    const width = Math.max(box.clientWidth || 800, 320);
    const height = Math.round(width * (MAP_LAT_TOP - MAP_LAT_BOTTOM) / 360);
    const x = (lon) => ((lon + 180) / 360) * width;
    const y = (lat) => ((MAP_LAT_TOP - lat) / (MAP_LAT_TOP - MAP_LAT_BOTTOM)) * height;
    const map = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "map-svg", role: "img",
                             "aria-label": "World map of the listed events" });
    map.append(svg("rect", { class: "ocean", x: 0, y: 0, width, height }));
    const land = svg("g", { class: "land" });
    for (const country of state.world) {
      const d = country.rings.map((points) => {
        let path = "";
        let last = null;
        for (const [lon, lat] of points) {
          // a ring that crosses the antimeridian (Russia, Fiji) is split rather than drawn across the map
          const jump = last !== null && Math.abs(lon - last) > 180;
          path += `${path && !jump ? "L" : "M"}${x(lon).toFixed(1)},${y(lat).toFixed(1)}`;
          last = lon;
        }
        return path;
      }).join("");
      const shape = svg("path", { d, class: "country", "data-country": country.id });
      shape.append(svg("title", { text: country.name }));
      land.append(shape);
    }
    map.append(land);

    const located = state.events.map((event) => ({ event, where: eventLocation(event) })).filter((p) => p.where);
    const points = svg("g", { class: "points" });
    // events at the same point are drawn side by side, not on top of each other
    const seen = {};
    for (const { event, where } of located) {
      const key = `${where.latitude.toFixed(2)},${where.longitude.toFixed(2)}`;
      const n = (seen[key] = (seen[key] || 0) + 1) - 1;
      const cx = x(where.longitude) + (n ? 7 * Math.cos(n * 2.1) : 0);
      const cy = y(Math.max(MAP_LAT_BOTTOM, Math.min(MAP_LAT_TOP, where.latitude))) + (n ? 7 * Math.sin(n * 2.1) : 0);
      const selected = event.event_id === state.eventId;
      const point = svg("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: selected ? 7 : 5.5,
                                    class: `point quad-${event.quad_class}` + (selected ? " selected" : ""),
                                    "data-event-id": event.event_id, tabindex: 0, role: "button",
                                    "aria-label": `${event.event_type} at ${where.name}` });
      point.append(svg("title", { text: `${where.name} (${where.feature}${where.country ? ", " + where.country : ""}): ` +
        `${event.source_country || "?"} → ${event.target_country || "?"} ${event.event_type}, ${event.date_value || "undated"}` }));
      const choose = () => selectEvent(event.event_id);
      point.addEventListener("click", choose);
      point.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); }
      });
      points.append(point);
    }
    map.append(points);
    box.append(map);
    const unplaced = state.events.length - located.length;
    notes.textContent = !state.events.length ? "" : located.length
      ? `${located.length} of the ${state.events.length} events listed have a stated place` +
        (unplaced ? `; ${unplaced} have none.` : ".")
      : "None of the events listed has a stated place.";
  }

  // --- one event and its evidence ------------------------------------------------------------------

  function actorsText(actors) {
    if (!actors || !actors.length) return "—";
    return actors.map((a) => {
      const code = [a.code, a.sector].filter(Boolean).join(" ");
      const id = a.actor_id ? `, ${a.actor_id}` : "";
      return a.text ? `${a.text} (${code || "?"}${id})` : `${code}${id}`;
    }).join("; ");
  }

  function historyText(event) {
    const history = event.modality_history || [];
    if (history.length < 2) return null;
    return history.map((h) => `${h.modality}${h.since ? ` (${h.since})` : ""}`).join(" → ");
  }

  function facts(pairs) {
    const list = el("dl", { class: "facts" });
    for (const [label, value, id] of pairs) {
      if (value === null || value === undefined || value === "") continue;
      list.append(el("dt", { text: label }), el("dd", { text: String(value), "data-fact": id || null }));
    }
    return list;
  }

  function selectEvent(eventId, mentionId) {
    const event = state.events.find((e) => e.event_id === eventId);
    if (!event) return;
    state.eventId = eventId;
    const mention = event.mentions.find((m) => m.mention_id === mentionId) || anchorMention(event);
    state.mentionId = mention ? mention.mention_id : null;
    for (const item of document.querySelectorAll("#event-list .event")) {
      item.classList.toggle("selected", item.getAttribute("data-event-id") === eventId);
    }
    for (const point of document.querySelectorAll("#map .point")) {
      const on = point.getAttribute("data-event-id") === eventId;
      point.classList.toggle("selected", on);
      point.setAttribute("r", on ? 7 : 5.5);
    }
    renderDetail(event, mention);
    if (mention) {
      loadDocument(mention).catch((error) => showMessage(error.message));
    } else {
      $("document").hidden = true;
    }
  }

  function renderDetail(event, mention) {
    const box = clear($("detail"));
    const type = event.mode ? `${event.event_type} (${event.mode})` : event.event_type;
    box.append(el("h3", { class: "detail-title" },
      `${countryLabel(event.source_country)} → ${countryLabel(event.target_country)}`));
    box.append(el("div", { class: "detail-badges" },
      badge(type, `quad quad-${event.quad_class}`, QUAD_NAMES[event.quad_class]),
      badge(event.modality, `modality modality-${event.modality}`, MODALITY_HELP[event.modality]),
      el("span", { class: "event-score " + (event.score >= 0 ? "pos" : "neg"), text: `score ${signed(event.score)}` })));
    const span = event.date_start && event.date_end && event.date_start !== event.date_end
      ? ` (${event.date_start} to ${event.date_end})` : "";
    box.append(facts([
      ["Event type", `${type} — ${QUAD_NAMES[event.quad_class]} (${event.quad_class})`, "type"],
      ["Modality", event.modality + (MODALITY_HELP[event.modality] ? ` — ${MODALITY_HELP[event.modality]}` : ""),
       "modality"],
      ["Modality history", historyText(event), "history"],
      ["Event date", event.date_value ? `${event.date_value}${span}, precision: ${event.date_precision}` : "unknown",
       "date"],
      ["Date resolved by", mention ? (mention.date_rule || "—") : null, "date-rule"],
      ["Date words", mention && mention.date_text ? `“${mention.date_text}”` : (mention ? "none in the sentence" : null),
       "date-text"],
      ["Place", eventLocation(event) ? `${eventLocation(event).name} (${eventLocation(event).feature}` +
        `${eventLocation(event).country ? ", " + eventLocation(event).country : ""})` : null, "place"],
      ["Source", actorsText(event.source_actors), "source"],
      ["Target", actorsText(event.target_actors), "target"],
      ["Reports", `${event.n_mentions} in ${event.n_documents} document(s), first seen ${event.first_seen || "?"}`,
       "reports"],
      ["Report shown", mention ? [mention.modality, mention.document_title || mention.document_source || mention.doc_id,
                                  mention.published ? `published ${mention.published}` : null]
        .filter(Boolean).join(" · ") : null, "report"],
      ["Confidence", event.confidence !== null && event.confidence !== undefined
        ? event.confidence.toFixed(2) : null, "confidence"],
    ]));
    if (event.mentions.length > 1) {
      const reports = el("ol", { class: "reports" });
      for (const m of event.mentions) {
        const label = `${m.document_title || m.document_source || m.doc_id}` +
          `${m.published ? ` · ${m.published}` : ""} · ${m.modality}`;
        const button = el("button", { type: "button", class: "report" + (m === mention ? " selected" : ""),
                                      title: m.sentence || "" }, label);
        button.addEventListener("click", () => selectEvent(event.event_id, m.mention_id));
        reports.append(el("li", {}, button));
      }
      box.append(el("h4", { text: "Every report of this event" }), reports);
    }
  }

  /** Pieces of ``text`` between the boundaries of the marks, each with the classes of the marks covering it. */
  function segments(text, marks) {
    const cuts = new Set([0, text.length]);
    for (const mark of marks) {
      if (mark.start >= 0 && mark.end > mark.start && mark.end <= text.length) {
        cuts.add(mark.start);
        cuts.add(mark.end);
      }
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i];
      const end = sorted[i + 1];
      const classes = marks.filter((m) => m.start <= start && m.end >= end && m.end > m.start).map((m) => m.cls);
      pieces.push({ text: text.slice(start, end), classes });
    }
    return pieces;
  }

  async function loadDocument(mention) {
    const documentBox = $("document");
    const doc = await getJSON(`/api/documents/${encodeURIComponent(mention.doc_id)}`);
    if (state.mentionId !== mention.mention_id) return; // another event was chosen meanwhile
    const stored = doc.mentions.find((m) => m.mention_id === mention.mention_id) || mention;
    const head = clear($("document-head"));
    head.append(el("h3", { class: "document-title", text: doc.title || doc.source || doc.doc_id }));
    const published = doc.published ? `published ${doc.published}${doc.published_from && doc.published_from !== "none"
      ? ` (date from ${doc.published_from})` : ""}` : "no publication date";
    head.append(el("p", { class: "document-meta",
      text: [doc.source || null, published, `${doc.n_mentions} event mention(s)`].filter(Boolean).join(" · ") }));
    head.append(el("p", { class: "document-key" },
      el("span", { class: "evidence key" }, "evidence sentence"), " ",
      el("span", { class: "trigger key" }, "trigger"), " ",
      el("span", { class: "actor-source key" }, "source actor"), " ",
      el("span", { class: "actor-target key" }, "target actor")));
    const marks = [
      { start: stored.char_start, end: stored.char_end, cls: "evidence" },
      { start: stored.trigger_start, end: stored.trigger_end, cls: "trigger" },
    ];
    if (stored.source_start !== undefined && stored.source_start !== null) {
      marks.push({ start: stored.source_start, end: stored.source_end, cls: "actor-source" });
    }
    if (stored.target_start !== undefined && stored.target_start !== null) {
      marks.push({ start: stored.target_start, end: stored.target_end, cls: "actor-target" });
    }
    const textBox = clear($("document-text"));
    let firstEvidence = null;
    for (const piece of segments(doc.text, marks)) {
      if (!piece.classes.length) {
        textBox.append(document.createTextNode(piece.text));
        continue;
      }
      const tag = piece.classes.includes("evidence") ? "mark" : "span";
      const node = el(tag, { class: piece.classes.join(" ") }, piece.text);
      if (tag === "mark" && !firstEvidence) firstEvidence = node;
      textBox.append(node);
    }
    documentBox.hidden = false;
    if (firstEvidence) {
      textBox.scrollTop = Math.max(0, firstEvidence.offsetTop - textBox.offsetTop - textBox.clientHeight / 3);
    }
  }

  // --- wiring --------------------------------------------------------------------------------------

  async function refresh(keepPeriod) {
    showMessage("");
    if (!keepPeriod) state.period = null;
    state.offset = 0;
    const since = $("since").value;
    const until = $("until").value;
    if (since && until && since > until) {
      showMessage(`“From” (${since}) is after “To” (${until}).`);
      return;
    }
    try {
      await loadTimeline();
      if (state.period && state.timeline && !state.timeline.periods.some((r) => r.period === state.period.period)) {
        state.period = null;
      }
      await loadEvents();
    } catch (error) {
      showMessage(error.message);
    }
  }

  async function loadSummary() {
    const info = await getJSON("/api/info");
    const box = $("store-summary");
    if (info.error) {
      box.textContent = "no store";
      showMessage(info.error);
      return info;
    }
    const s = info.store;
    const span = s.first_event ? ` · events ${s.first_event} to ${s.last_event}` : "";
    box.textContent = `${s.documents} document(s) · ${s.events} event(s)${span}`;
    return info;
  }

  async function start() {
    buildTypeSelect();
    let info;
    try {
      info = await loadSummary();
    } catch (error) {
      showMessage(error.message);
      return;
    }
    buildModalityChecks(info.modalities || Object.keys(MODALITY_HELP));
    if (info.error) return;
    try {
      const actors = await getJSON("/api/actors");
      state.dyads = actors.dyads;
      state.countries = actors.actors.filter((a) => a.internal > 0);
      for (const actor of actors.actors) if (actor.name) state.names[actor.code] = actor.name;
    } catch (error) {
      showMessage(error.message);
      return;
    }
    buildDyadSelect();
    $("dyad").addEventListener("change", () => { updateDirectionLabels(); refresh(false); });
    $("scope").addEventListener("change", () => { buildDyadSelect(); refresh(false); });
    for (const id of ["direction", "type", "since", "until"]) $(id).addEventListener("change", () => refresh(false));
    $("freq").addEventListener("change", () => refresh(false));
    $("modalities").addEventListener("change", (event) => {
      if (!selectedModalities().length) event.target.checked = true; // at least one modality
      refresh(true);
    });
    $("reset").addEventListener("click", () => {
      $("direction").value = "both";
      if ($("scope").value !== "all") { $("scope").value = "all"; buildDyadSelect(); }
      $("freq").value = "month";
      $("type").value = "";
      $("since").value = "";
      $("until").value = "";
      for (const input of document.querySelectorAll("#modalities input")) input.checked = input.value === "reported";
      refresh(false);
    });
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    $("all-periods").addEventListener("click", () => {
      state.period = null;
      state.offset = 0;
      drawChart();
      loadEvents().catch((error) => showMessage(error.message));
    });
    $("prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      loadEvents().catch((error) => showMessage(error.message));
    });
    $("next").addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      loadEvents().catch((error) => showMessage(error.message));
    });
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { drawChart(); drawMap(); }, 150);
    });
    await refresh(false);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
