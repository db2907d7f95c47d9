// The admin page's small behaviours: the sends chart, and showing only the form fields that apply.
// htmx does the live parts (previews, counts, progress); this file has no framework and no build step.
(function () {
  "use strict";

  var CHANNEL_COLOURS = { email: "#2f6fb3", sms: "#3c9a5f", postcard: "#c07a2c" };

  function sendsChart() {
    var canvas = document.getElementById("sends-chart");
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(canvas.dataset.chart);
    var datasets = Object.keys(data.channels).map(function (channel) {
      return {
        label: channel,
        data: data.channels[channel],
        backgroundColor: CHANNEL_COLOURS[channel] || "#777"
      };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.days.map(function (d) { return String(d).substring(5); }), datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: datasets.length > 0 } }
      }
    });
  }

  // Campaign form: the schedule fields of the chosen kind, the parameters of the chosen segment.
  function campaignForm() {
    var schedule = document.getElementById("schedule");
    if (schedule) {
      var showSchedule = function () {
        document.querySelectorAll(".sched").forEach(function (label) {
          var on = label.dataset.kinds.split(" ").indexOf(schedule.value) >= 0;
          label.hidden = !on;
        });
      };
      schedule.addEventListener("change", showSchedule);
      showSchedule();
    }
    var segment = document.getElementById("segment");
    if (segment) {
      var showParams = function () {
        document.querySelectorAll(".param").forEach(function (label) {
          var on = label.dataset.segment === segment.value;
          label.hidden = !on;
          label.querySelectorAll("input, select").forEach(function (input) { input.disabled = !on; });
        });
      };
      segment.addEventListener("change", showParams);
      showParams();
      // a birthday or holiday segment is checked every day: a monthly schedule would miss most of them
      if (schedule) {
        segment.addEventListener("change", function () {
          var daily = { "birthday-today": "daily", "holiday-today": "holiday" }[segment.value];
          if (daily && schedule.value === "monthly") {
            schedule.value = daily;
            schedule.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      }
      // "on a holiday" goes with the holiday segment: choose it for the marketer
      if (schedule) {
        schedule.addEventListener("change", function () {
          if (schedule.value === "holiday" && segment.value !== "holiday-today") {
            segment.value = "holiday-today";
            segment.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
      }
    }
    var region = document.getElementById("holiday-region");
    if (region) {
      var showHolidays = function () {
        document.querySelectorAll(".holiday-list").forEach(function (list) {
          var on = list.dataset.region === region.value;
          list.hidden = !on;
          list.querySelectorAll("input").forEach(function (input) {
            input.disabled = !on || region.disabled;
          });
        });
      };
      region.addEventListener("change", showHolidays);
      if (segment) {
        segment.addEventListener("change", showHolidays);
      }
      showHolidays();
    }
  }

  // Template editor: the postcard picture follows the customer and month chosen for the preview.
  function postcardPreview() {
    var box = document.getElementById("postcard");
    var image = document.getElementById("postcard-image");
    var customer = document.getElementById("preview-customer");
    var month = document.getElementById("preview-month");
    if (!box || !image || !customer || !month) {
      return;
    }
    var update = function () {
      var query = "customer=" + encodeURIComponent(customer.value) + "&month=" + encodeURIComponent(month.value);
      image.src = box.dataset.base + "?format=png&" + query;
      document.getElementById("postcard-pdf").href = box.dataset.base + "?" + query;
    };
    customer.addEventListener("change", update);
    month.addEventListener("change", update);
    // drawing the card takes the server a moment: ask for it once the page itself has loaded
    window.addEventListener("load", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    sendsChart();
    campaignForm();
    postcardPreview();
  });
})();
