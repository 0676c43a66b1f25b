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
      var numbers = data.values.map(Number);
      var yAxis = { type: "value", scale: true, name: data.unit, nameTextStyle: { align: "left" } };
      var values = { name: data.name, type: "line", data: numbers, symbolSize: 8,
        label: { show: true, position: "top" } };
      if (data.target !== null && data.target !== undefined) {
        // The target as a dashed line, so the distance left reads at a glance.
        values.markLine = { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#c53030" },
          label: { position: "insideEndTop", formatter: data.target_label + " " + Number(data.target) },
          data: [{ yAxis: Number(data.target) }] };
        // Room for the target line as well as the values.
        var all = numbers.concat([Number(data.target)]);
        var low = Math.min.apply(null, all), high = Math.max.apply(null, all), pad = (high - low || 1) * 0.1;
        yAxis.min = low >= 0 ? Math.max(0, Math.floor(low - pad)) : Math.floor(low - pad);
        yAxis.max = Math.ceil(high + pad);
      }
      return {
        color: ["#0b6e4f"],
        tooltip: { trigger: "axis" },
        grid: { left: 16, right: 24, top: 32, bottom: 24, containLabel: true },
        xAxis: { type: "category", data: data.years.map(String), boundaryGap: false },
        yAxis: yAxis,
        series: [values]
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
      var option = build(JSON.parse(source.textContent));
      option.animation = false;  // drawn at once: for printing, screenshots and readers who prefer no motion
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
