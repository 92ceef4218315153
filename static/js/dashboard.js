// The dashboard's charts, drawn by Chart.js from the JSON the page carries
// (<script type="application/json" id="dashboard-charts">). Each chart repeats the table beside
// it: the table is the accessible truth, the chart an enhancement.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || !window.Chart) {
    return;
  }
  // Okabe-Ito: told apart by readers with any common colour-vision deficiency.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var charts = JSON.parse(source.textContent);

  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) {
      return;
    }
    var line = chart.type === "line";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: chart.labels,
        datasets: [
          {
            label: chart.title,
            data: chart.values,
            backgroundColor: line ? PALETTE[0] : chart.values.map(function (_, i) {
              return PALETTE[i % PALETTE.length];
            }),
            borderColor: PALETTE[0],
            borderWidth: line ? 2 : 0,
            pointStyle: "rectRot",
            pointRadius: 4,
            fill: false
          }
        ]
      },
      options: {
        indexAxis: line ? "x" : "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
