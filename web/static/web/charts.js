// The dashboard's charts. Each <canvas data-chart="ID"> draws the JSON data in the
// <script type="application/json" id="ID"> the page renders beside it (data, not script, for
// the CSP). Colours are the page's own (CSS variables); a bar opens the register behind it.
(function () {
  "use strict";
  if (typeof window.Chart !== "function") return;

  var styles = getComputedStyle(document.documentElement);
  function tone(name) {
    return styles.getPropertyValue("--" + name).trim() || "#4a5560";
  }
  var font = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.font.family = font;
  window.Chart.defaults.color = tone("ink");

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    if (!spec.labels.length) {
      canvas.parentNode.hidden = true;
      return;
    }
    // A horizontal chart grows with its rows, so each label stays readable on a phone.
    if (spec.horizontal) {
      var rows = spec.labels.length * (spec.stacked ? 1 : Math.max(1, spec.datasets.length));
      canvas.parentNode.style.height = Math.max(160, 60 + rows * 18) + "px";
    }
    var datasets = spec.datasets.map(function (set) {
      return {
        label: set.label,
        data: set.data,
        hidden: !!set.hidden,
        backgroundColor: tone(set.tone),
        borderColor: tone(set.tone),
        links: set.links
      };
    });
    var value = spec.horizontal ? "x" : "y";
    var category = spec.horizontal ? "y" : "x";
    var scales = {};
    scales[value] = { beginAtZero: true, stacked: !!spec.stacked };
    scales[category] = {
      stacked: !!spec.stacked,
      ticks: {
        autoSkip: false,
        // Long Georgian names are cut to what the chart's width leaves them (a phone keeps
        // a dozen letters); they are whole in the tooltip and the table.
        callback: function (index) {
          var label = this.getLabelForValue(index);
          var room = Math.max(10, Math.floor(this.chart.width / 24));
          return label.length > room ? label.slice(0, room - 1) + "…" : label;
        }
      }
    };
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { position: "bottom" } },
        onClick: function (event, elements, chart) {
          if (!elements.length) return;
          var hit = elements[0];
          var url = chart.data.datasets[hit.datasetIndex].links[hit.index];
          if (url) window.location.assign(url);
        },
        onHover: function (event, elements, chart) {
          var hit = elements[0];
          var linked = hit && chart.data.datasets[hit.datasetIndex].links[hit.index];
          chart.canvas.classList.toggle("linked", !!linked);
        }
      }
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
