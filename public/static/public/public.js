/* Charts of the public site, drawn from the JSON each page embeds (json_script): the tables beside them
   hold the same figures, so the page reads the same without JavaScript. No inline script (the CSP). */
(function () {
  "use strict";

  var COLOURS = { met: "#276749", on_track: "#38a169", done: "#276749", in_progress: "#2b6cb0",
    behind: "#975a16", regressing: "#c53030", not_met: "#9b2c2c", not_done: "#c53030",
    no_data: "#a0aec0", not_assessable: "#616e7c" };

  var builders = {
    statuses: function (data) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 16, right: 16, top: 56, bottom: 24, containLabel: true },
        xAxis: { type: "category", data: data.years.map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: data.statuses.map(function (status) {
          return { name: status.label, type: "bar", stack: "all", data: status.counts,
            itemStyle: { color: COLOURS[status.code] || "#616e7c" } };
        })
      };
    },
    values: function (data) {
      return {
        color: ["#0b6e4f"],
        tooltip: { trigger: "axis" },
        grid: { left: 16, right: 24, top: 32, bottom: 24, containLabel: true },
        xAxis: { type: "category", data: data.years.map(String), boundaryGap: false },
        yAxis: { type: "value", scale: true, name: data.unit },
        series: [{ name: data.name, type: "line", data: data.values.map(Number), symbolSize: 8,
          label: { show: true, position: "top" } }]
      };
    }
  };

  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-public-chart]").forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-source"));
      var build = builders[node.getAttribute("data-public-chart")];
      if (!source || !build) { return; }
      var chart = echarts.init(node, null, { renderer: "svg" });
      chart.setOption(build(JSON.parse(source.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
