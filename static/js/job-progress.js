// Keeps a job's progress bar up to date («Mis descargas»): polls the JSON state behind
// data-job-status every two seconds until the job is finished, then shows the download link
// or the reason it failed. Without JavaScript the page shows the state it was rendered with.
document.querySelectorAll("[data-job-status]").forEach(function (box) {
  var field = function (name) { return box.querySelector('[data-job-field="' + name + '"]'); };
  var bar = field("bar");
  var fill = bar.querySelector(".progress-bar");
  var show = function (element, visible) { element.classList.toggle("d-none", !visible); };

  function paint(state) {
    var percent = state.percent === null ? 0 : state.percent;
    fill.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", percent);
    field("percent").textContent = state.percent === null ? "" : state.percent + " %";
    field("status_label").textContent = state.status_label;
    field("count").textContent = state.total ? "· " + state.done + " de " + state.total + " " + state.unit : "";
    show(bar, state.status !== "fallido");
    if (state.finished) {
      fill.classList.remove("progress-bar-striped", "progress-bar-animated");
      show(field("waiting"), false);
    }
    if (state.download_url) {
      field("download").querySelector("a").href = state.download_url;
      show(field("download"), true);
    }
    if (state.error) {
      field("error").textContent = state.error;
      show(field("error"), true);
    }
  }

  function poll() {
    fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        paint(state);
        if (!state.finished) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  fill.style.width = (fill.dataset.percent || 0) + "%";
  if (box.dataset.finished !== "1") { window.setTimeout(poll, 1000); }
});
