/* Time-series chart of one point and parameter (plus the upstream/downstream twin). The data
   comes as compact arrays (services.chart_series): the page holds the overview (at most the
   chart's width of readings per series, extremes and readings beyond a level kept); the zoom
   form fetches every reading of a time range from the chart endpoint. */
(function () {
  const labels = JSON.parse(document.getElementById("series-labels").textContent);
  const canvas = document.getElementById("series-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const colours = ["#0950b8", "#6c3483"];
  const levelColour = { normal: "#1e6b3a", alert: "#b38600", alarm: "#a84300", emergency: "#7d0000" };
  let chart = null;

  function datasetsOf(data) {
    const datasets = [];
    let tmin = Infinity, tmax = -Infinity;
    data.series.forEach(function (s, i) {
      const own = colours[i % colours.length];
      const n = s.t.length;
      if (n) { tmin = Math.min(tmin, s.t[0]); tmax = Math.max(tmax, s.t[n - 1]); }
      const pts = [], border = [], fill = [], style = [], radius = [];
      for (let k = 0; k < n; k++) {
        const colour = levelColour[s.level[k]] || own;
        pts.push({ x: s.t[k], y: s.v[k] });
        border.push(colour);
        fill.push(s.censored[k] ? "rgba(0,0,0,0)" : colour);
        style.push(s.censored[k] ? "triangle" : "circle");
        radius.push(s.level[k] !== "normal" ? 6 : (n > 400 ? 1 : 4));
      }
      datasets.push({
        label: s.label, data: pts, borderColor: own, pointBorderColor: border,
        pointBackgroundColor: fill, pointStyle: style, pointRadius: radius, borderWidth: 2, tension: 0
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
    return datasets;
  }

  function draw(data) {
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "line",
      data: { datasets: datasetsOf(data) },
      options: {
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        normalized: true,
        scales: {
          x: { type: "linear", ticks: { callback: function (v) { return new Date(v).toLocaleDateString(); } } },
          y: { title: { display: true, text: data.unit } }
        },
        plugins: { tooltip: { callbacks: { title: function (items) { return new Date(items[0].parsed.x).toLocaleString(); } } } }
      }
    });
    canvas.dataset.rendered = "true";
  }

  const overview = JSON.parse(document.getElementById("series-data").textContent);
  draw(overview);
  const form = document.getElementById("chart-zoom");
  const note = document.getElementById("chart-note");
  if (!form) return;
  const overviewNote = note ? note.textContent : "";
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const query = new URLSearchParams(new FormData(form));
    query.set("width", String(Math.max(10, Math.round(canvas.clientWidth || 1000))));
    canvas.dataset.rendered = "false";
    fetch(form.dataset.url + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { if (note) note.textContent = data.error; return; }
        draw(data);
        if (note) note.textContent = labels.zoomed;
      });
  });
  form.addEventListener("reset", function () {
    draw(overview);
    if (note) note.textContent = overviewNote;
  });
})();
