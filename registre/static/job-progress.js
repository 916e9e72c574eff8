/* Job page (/taches/<id>): update the progress bar without reloading, by polling the job's
   state as JSON; reload once the job has ended so that the server shows its result.
   Without JavaScript, a <noscript> meta refresh reloads the page instead. */
(function () {
  "use strict";
  var section = document.getElementById("tache");
  if (!section || section.getAttribute("data-finished") === "oui") { return; }
  var url = section.getAttribute("data-state-url");
  var part = function (name) { return section.querySelector('[data-job="' + name + '"]'); };
  var delay = 1000;

  function show(state) {
    part("status").textContent = state.status_label;
    part("bar").value = state.progress;
    part("bar").textContent = state.progress + " %";
    part("percent").textContent = state.progress + " %";
    part("count").textContent = state.total ? "— " + state.done + " sur " + state.total : "";
    part("message").textContent = state.message;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.status === "terminee" || state.status === "echouee") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  /* network hiccup: try again, less often */
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());
