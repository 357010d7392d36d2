// The survey analysis's charts (ECharts, served locally): one bar chart per counted
// question. The data comes from a json_script element: no inline script (CSP 'self').
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("survey-analysis-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const charts = [];
  data.charts.forEach((spec) => {
    const element = document.getElementById(spec.id);
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption({
      color: ["#0d6efd"],
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", data: spec.values, label: { show: true, position: "right" } }],
    });
    charts.push(chart);
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
});
