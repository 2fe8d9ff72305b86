/* Offline map of the facilities: packaged GeoJSON, vendored Leaflet, no tile layer. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var colours = { 1: "#a4161a", 2: "#8a4b00", 3: "#1b5e20" };
  var markers = JSON.parse(document.getElementById("facility-markers").textContent);
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([38.8, 71.0], 6);
  var basins = {};
  var layer = L.layerGroup().addTo(map);
  var allBounds = null;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function drawMarkers(basin) {
    layer.clearLayers();
    markers.forEach(function (m) {
      if (basin && m.basin !== basin) { return; }
      var c = L.circleMarker([m.lat, m.lon], {
        radius: 8, weight: 2, color: "#212529",
        fillColor: colours[m.tertile] || "#495057", fillOpacity: 0.9,
        className: "ts-marker ts-marker-" + m.code
      });
      c.bindPopup('<a href="' + esc(m.url) + '">' + esc(m.code + " · " + m.name) + "</a><br>THI max: " +
        (m.thi_max === null ? "—" : esc(m.thi_max)) + (m.approximate ? "<br>(~)" : ""));
      c.addTo(layer);
    });
    var rows = document.querySelectorAll("#map-list tbody tr");
    rows.forEach(function (tr) {
      tr.hidden = !!basin && tr.getAttribute("data-basin") !== basin;
    });
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
          var lang = document.documentElement.lang || "ru";
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
      if (allBounds) { map.fitBounds(allBounds); }
      drawMarkers(document.getElementById("basin-select").value);
    });

  // Monitoring points (served by the monitoring area when installed): a layer that can be
  // switched off, each point coloured by its worst current state.
  var pointsUrl = el.getAttribute("data-points");
  var pointColours = {
    emergency: "#6a040f", alarm: "#a4161a", alert: "#b85c00", exceeds: "#c2185b",
    inconclusive: "#5c5470", within: "#1b5e20", normal: "#1b5e20"
  };
  if (pointsUrl) {
    var pointLayer = L.layerGroup().addTo(map);
    var overlays = {};
    overlays[el.getAttribute("data-facilities-label") || "Facilities"] = layer;
    overlays[el.getAttribute("data-points-label") || "Monitoring points"] = pointLayer;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    fetch(pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (data) {
        data.features.forEach(function (f) {
          var p = f.properties;
          var c = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
            radius: 5, weight: 1, color: "#ffffff",
            fillColor: pointColours[p.state] || "#495057", fillOpacity: 1,
            className: "ts-point ts-point-" + p.code + " ts-point-state-" + (p.state || "none")
          });
          c.bindPopup('<a href="' + esc(p.url) + '">' + esc(p.code + " · " + p.name) + "</a><br>" +
            esc(p.kind) + "<br>" + esc(p.state_label) + (p.approximate ? "<br>(~)" : ""));
          c.addTo(pointLayer);
        });
      });
  }

  document.getElementById("basin-select").addEventListener("change", function (e) {
    var key = e.target.value;
    drawMarkers(key);
    if (key && basins[key]) { map.fitBounds(basins[key]); } else if (allBounds) { map.fitBounds(allBounds); }
  });
  drawMarkers("");
})();
