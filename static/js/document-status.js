// Follows a document being built: updates the status text and progress bar, and shows
// the download link when the file is ready. Without JavaScript the page reloads itself.
(function () {
  "use strict";
  var box = document.querySelector(".document-status");
  if (!box || !window.fetch) { return; }
  var text = box.querySelector(".status-text");
  var bar = box.querySelector("progress");
  var refresh = box.querySelector(".refresh");
  var download = box.querySelector(".download");

  function show(state) {
    if (state.status === "running") {
      text.textContent = box.dataset.textRunning.replace("{seconds}", state.seconds_left);
      if (bar && state.percent !== null) { bar.value = state.percent; }
    } else if (state.status === "done") {
      text.textContent = box.dataset.textDone;
      if (bar) { bar.remove(); }
      if (refresh) { refresh.remove(); }
      download.hidden = false;
      download.querySelector("a").focus();
      return true;
    } else if (state.status === "failed") {
      text.textContent = box.dataset.textFailed;
      if (bar) { bar.remove(); }
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) { if (!show(state)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
