/* Time-series chart of one point and parameter (plus the upstream/downstream twin). */
(function () {
  const data = JSON.parse(document.getElementById("series-data").textContent);
  const labels = JSON.parse(document.getElementById("series-labels").textContent);
  const canvas = document.getElementById("series-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const colours = ["#0950b8", "#6c3483"];
  const levelColour = { normal: "#1e6b3a", alert: "#b38600", alarm: "#a84300", emergency: "#7d0000" };
  const datasets = [];
  let tmin = Infinity, tmax = -Infinity;
  data.series.forEach(function (s, i) {
    const pts = s.points.filter(function (p) { return p.v !== null; });
    pts.forEach(function (p) { tmin = Math.min(tmin, p.t); tmax = Math.max(tmax, p.t); });
    datasets.push({
      label: s.label,
      data: pts.map(function (p) { return { x: p.t, y: p.v }; }),
      borderColor: colours[i % colours.length],
      pointBorderColor: pts.map(function (p) { return levelColour[p.level] || colours[i]; }),
      pointBackgroundColor: pts.map(function (p) { return p.censored ? "rgba(0,0,0,0)" : (levelColour[p.level] || colours[i]); }),
      pointStyle: pts.map(function (p) { return p.censored ? "triangle" : "circle"; }),
      pointRadius: pts.map(function (p) { return p.level !== "normal" ? 6 : 4; }),
      borderWidth: 2,
      tension: 0
    });
  });
  if (!isFinite(tmin)) { tmin = Date.now() - 86400000; tmax = Date.now(); }
  if (tmin === tmax) { tmin -= 86400000; tmax += 86400000; }
  function line(label, value, colour, dash) {
    return { label: label, data: [{ x: tmin, y: value }, { x: tmax, y: value }], borderColor: colour,
      borderDash: dash, pointRadius: 0, borderWidth: 1.5, fill: false };
  }
  if (data.limit !== null) datasets.push(line(labels.limit + " " + data.limit, data.limit, "#1f2933", [2, 2]));
  if (data.limit_min !== null && data.limit_min !== undefined) {
    datasets.push(line((labels.limit_min || labels.limit) + " " + data.limit_min, data.limit_min, "#1f2933", [2, 2]));
  }
  ["alert", "alarm", "emergency"].forEach(function (k) {
    if (data.thresholds[k] !== undefined) datasets.push(line(labels[k] + " " + data.thresholds[k], data.thresholds[k], levelColour[k], [6, 4]));
  });
  new Chart(canvas, {
    type: "line",
    data: { datasets: datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: {
        x: { type: "linear", ticks: { callback: function (v) { return new Date(v).toLocaleDateString(); } } },
        y: { title: { display: true, text: data.unit } }
      },
      plugins: { tooltip: { callbacks: { title: function (items) { return new Date(items[0].parsed.x).toLocaleString(); } } } }
    }
  });
  canvas.dataset.rendered = "true";
})();
