/* Offline map of the facilities: packaged GeoJSON, vendored Leaflet, no tile layer.
   Markers come from the page in draw order (the highest hazard last, so on top); each has its
   location-uncertainty circle; settlements are labelled, colliding labels hidden. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var lang = document.documentElement.lang || "ru";
  var colours = { 1: "#a4161a", 2: "#8a4b00", 3: "#1b5e20" };
  var markers = JSON.parse(document.getElementById("facility-markers").textContent);
  var labelsNode = document.getElementById("map-labels");
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  // No fade: a popup is readable (and its contrast measurable) the moment it opens.
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, fadeAnimation: false })
    .setView([38.8, 71.0], 6);
  // Panes above the country polygons (overlayPane, 400) and below popups (700).
  [["tsUncertainty", 410], ["tsSettlements", 420], ["tsLabels", 430], ["tsMarkers", 450],
    ["tsPoints", 460]].forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });
  var basins = {};
  var layer = L.layerGroup().addTo(map);
  var settlementLayer = L.layerGroup().addTo(map);
  var settlementMarkers = [];
  var drawnMarkers = [];
  var allBounds = null;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function num(x) {
    try {
      return Number(x).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch (e) {
      return String(x);
    }
  }

  function row(label, value) {
    return "<dt>" + esc(label || "") + "</dt><dd>" + value + "</dd>";
  }

  function popupHtml(m) {
    var thi;
    if (m.thi_max === null || m.thi_max === undefined) {
      thi = esc(labels.unranked || "—");
    } else {
      thi = (m.thi_min === null || m.thi_min === undefined || m.thi_min === m.thi_max)
        ? num(m.thi_max) : num(m.thi_min) + "–" + num(m.thi_max);
      if (m.thi_estimate) { thi += " (" + esc(labels.estimate) + ")"; }
      if (m.provisional) { thi += ' <span class="badge text-bg-warning">' + esc(labels.provisional) + "</span>"; }
    }
    var html = '<a href="' + esc(m.url) + '">' + esc(m.code + " · " + m.name) + "</a>" +
      '<dl class="ts-popup">' + row(labels.thi, thi);
    if (m.rank) { html += row(labels.rank, esc(m.rank)); }
    html += row(labels.status, esc(m.status_label)) + row(labels.commodity, esc(m.commodity_label)) +
      row(labels.basis, esc(m.basis_label));
    if (m.uncertainty_km !== null && m.uncertainty_km !== undefined) {
      html += row(labels.uncertainty, "± " + esc(m.uncertainty_km));
    }
    return html + row(labels.confidence, esc(m.confidence_label)) + "</dl>";
  }

  function drawMarkers(basin) {
    layer.clearLayers();
    drawnMarkers = [];
    var shown = 0;
    // The list is in draw order: later markers are drawn over earlier ones.
    markers.forEach(function (m) {
      if (basin && m.basin !== basin) { return; }
      shown += 1;
      var colour = colours[m.tertile] || "#495057";
      if (m.uncertainty_km) {
        L.circle([m.lat, m.lon], {
          radius: m.uncertainty_km * 1000, pane: "tsUncertainty", interactive: false,
          color: colour, weight: 1, dashArray: "4 3", fillColor: colour, fillOpacity: 0.08,
          className: "ts-uncertainty ts-uncertainty-" + m.code
        }).addTo(layer);
      }
      var c = L.circleMarker([m.lat, m.lon], {
        radius: 8, weight: 2, color: "#212529", pane: "tsMarkers",
        fillColor: colour, fillOpacity: 0.9,
        className: "ts-marker ts-marker-" + m.code
      });
      // Panned below the zoom buttons and the layer switch; narrow enough for a phone.
      c.bindPopup(popupHtml(m), {
        maxWidth: Math.max(200, Math.min(320, el.clientWidth - 80)),
        autoPanPaddingTopLeft: [10, 80], autoPanPaddingBottomRight: [10, 10]
      });
      c.addTo(layer);
      drawnMarkers.push([m.lat, m.lon]);
    });
    declutter();
    var rows = document.querySelectorAll("#map-list tbody tr");
    rows.forEach(function (tr) {
      tr.hidden = !!basin && tr.getAttribute("data-basin") !== basin;
    });
    document.querySelectorAll("[data-basin-empty]").forEach(function (p) {
      p.hidden = !basin || shown > 0 || p.getAttribute("data-basin-empty") !== basin;
    });
  }

  // Settlement labels: Tajik settlements come first in the file, so they win collisions.
  // Boxes are computed from the map's projection and each label's own size, not read off the
  // page: while a zoom is animated the panes are scaled and a measured box would be wrong.
  var MARKER_HALF = 10;  // radius 8 + stroke 2
  var LABEL_GAP = 9;  // tooltip offset 3 + Leaflet's margin of a right-hand tooltip 6
  function declutter() {
    // Facility markers count as placed: a label never covers one.
    var placed = drawnMarkers.map(function (latlng) {
      var p = map.latLngToContainerPoint(latlng);
      return { left: p.x - MARKER_HALF, right: p.x + MARKER_HALF,
        top: p.y - MARKER_HALF, bottom: p.y + MARKER_HALF };
    });
    settlementMarkers.forEach(function (s) {
      var tip = s.getTooltip();
      var node = tip && tip.getElement();
      if (!node) { return; }
      var p = map.latLngToContainerPoint(s.getLatLng());
      var h = node.offsetHeight;
      var r = { left: p.x + LABEL_GAP, right: p.x + LABEL_GAP + node.offsetWidth,
        top: p.y - h / 2, bottom: p.y + h / 2 };
      var hit = placed.some(function (q) {
        return r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top;
      });
      node.classList.toggle("ts-label-hidden", hit);
      if (!hit) { placed.push(r); }
    });
  }

  var settlementsUrl = el.getAttribute("data-settlements");
  if (settlementsUrl) {
    fetch(settlementsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (data) {
        data.features.forEach(function (f) {
          var p = f.properties;
          var name = p["name_" + lang] || p.name;
          var s = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
            radius: 2, weight: 1, color: "#343a40", fillColor: "#343a40", fillOpacity: 1,
            pane: "tsSettlements", interactive: false, className: "ts-settlement"
          });
          s.bindTooltip(esc(name), {
            permanent: true, direction: "right", offset: [3, 0], pane: "tsLabels",
            className: "ts-settlement-label" + (p.centre ? " ts-centre" : "")
          });
          s.addTo(settlementLayer);
          settlementMarkers.push(s);
        });
        declutter();
      });
    map.on("zoomend moveend overlayadd", declutter);
  }

  fetch(el.getAttribute("data-geojson"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      L.geoJSON(data, {
        filter: function (f) { return f.properties.kind !== "basin"; },
        style: function (f) {
          var k = f.properties.kind;
          if (k === "border") { return { color: "#0b5563", weight: 2, fillColor: "#ffffff", fillOpacity: 0.6 }; }
          if (k === "neighbour") { return { color: "#6c757d", weight: 1, fillColor: "#dee2e6", fillOpacity: 0.5 }; }
          if (f.properties.key) { return { color: "#1769c4", weight: 3, className: "ts-river" }; }
          return { color: "#4a8fd9", weight: 1, opacity: 0.7, className: "ts-river" };
        },
        onEachFeature: function (f, layer) {
          // Named rivers say their name on hover, in the page's language.
          var name = f.properties["name_" + lang] || f.properties.name_ru;
          if (f.properties.kind === "river" && f.properties.key && name) {
            layer.bindTooltip(name, { sticky: true });
          }
        }
      }).addTo(map);
      data.features.forEach(function (f) {
        if (f.properties.kind === "basin") { basins[f.properties.key] = L.geoJSON(f).getBounds(); }
        if (f.properties.kind === "border") { allBounds = L.geoJSON(f).getBounds(); }
      });
      // data-settled: the first view is in place (its zoom animation over), so what is drawn
      // where it will stay (tests measure positions only then).
      var settle = function () { el.setAttribute("data-settled", "true"); };
      if (allBounds) {
        map.once("moveend", settle);
        map.fitBounds(allBounds);
      }
      drawMarkers(document.getElementById("basin-select").value);
      if (!allBounds) { settle(); }
    });

  // Layers that can be switched off: facilities, settlements and (on the internal map, served
  // by the monitoring area) monitoring points, each point coloured by its worst current state.
  var overlays = {};
  overlays[el.getAttribute("data-facilities-label") || labels.facilities || "Facilities"] = layer;
  overlays[labels.settlements || "Settlements"] = settlementLayer;
  var pointsUrl = el.getAttribute("data-points");
  var pointColours = {
    emergency: "#6a040f", alarm: "#a4161a", alert: "#b85c00", exceeds: "#c2185b",
    inconclusive: "#5c5470", within: "#1b5e20", normal: "#1b5e20"
  };
  if (pointsUrl) {
    var pointLayer = L.layerGroup().addTo(map);
    overlays[el.getAttribute("data-points-label") || "Monitoring points"] = pointLayer;
    fetch(pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (data) {
        data.features.forEach(function (f) {
          var p = f.properties;
          var c = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
            radius: 5, weight: 1, color: "#ffffff", pane: "tsPoints",
            fillColor: pointColours[p.state] || "#495057", fillOpacity: 1,
            className: "ts-point ts-point-" + p.code + " ts-point-state-" + (p.state || "none")
          });
          c.bindPopup('<a href="' + esc(p.url) + '">' + esc(p.code + " · " + p.name) + "</a><br>" +
            esc(p.kind) + "<br>" + esc(p.state_label) + (p.approximate ? "<br>(~)" : ""));
          c.addTo(pointLayer);
        });
      });
  }
  // On a phone the list of layers folds into a button so that the map stays visible.
  var control = L.control.layers(null, overlays, { collapsed: el.clientWidth < 576 }).addTo(map);
  var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle && labels.layers) { toggle.title = labels.layers; toggle.setAttribute("aria-label", labels.layers); }

  document.getElementById("basin-select").addEventListener("change", function (e) {
    var key = e.target.value;
    drawMarkers(key);
    if (key && basins[key]) { map.fitBounds(basins[key]); } else if (allBounds) { map.fitBounds(allBounds); }
  });
  drawMarkers("");
})();
