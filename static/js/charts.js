// Progress charts of the public home page, drawn from the JSON the page embeds. The same
// figures are in the table under each chart, which is what screen readers use.
function progressChart(canvasId, dataId) {
  var canvas = document.getElementById(canvasId);
  var source = document.getElementById(dataId);
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "% de ASM concluidos", data: data.done, backgroundColor: "#146c43" },
        { label: "Avance promedio (%)", data: data.progress, backgroundColor: "#0a58ca" }
      ]
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
}
progressChart("grafica-dependencia", "datos-dependencia");
progressChart("grafica-ciclo", "datos-ciclo");
