// Progressive enhancement only: every page works without it.
(function () {
  "use strict";

  // Progress pages: poll the request's status and reload when it is finished.
  document.querySelectorAll("[data-poll]").forEach(function (box) {
    var url = box.getAttribute("data-poll");
    var label = box.querySelector("[data-status]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) { return; }
          if (label) { label.textContent = s.status; }
          if (s.status === "done" || s.status === "failed") { window.location.reload(); return; }
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 1000);
  });

  // Schedule form: say the cron in words while it is typed.
  var target = document.querySelector("[data-description]");
  var inputs = document.querySelectorAll("[data-describe]");
  if (target && inputs.length) {
    var form = inputs[0].form, timer = null;
    var describe = function () {
      var q = "cron=" + encodeURIComponent(form.elements.cron.value) + "&timeZone=" + encodeURIComponent(form.elements.timeZone.value);
      fetch("/schedules/describe?" + q, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) { target.textContent = d.description || d.error || ""; target.classList.toggle("field-error", !d.description); });
    };
    inputs.forEach(function (i) { i.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(describe, 250); }); });
  }
})();
