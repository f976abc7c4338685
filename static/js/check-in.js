/* At the door: one tap checks someone in (or undoes it) without reloading the page.
   Progressive enhancement: without JavaScript the same form posts and the page comes back
   at the same row with the same filters. */
(function () {
  "use strict";
  function announce(text) {
    var status = document.getElementById("door-status");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-door]") || !window.fetch) { return; }
    event.preventDefault();
    var row = form.closest("li");
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (data.row && row) {
        var holder = document.createElement("ul");
        holder.innerHTML = data.row.trim();
        var fresh = holder.firstElementChild;
        if (fresh) {
          row.replaceWith(fresh);
          var next = fresh.querySelector("button");
          if (next) { next.focus(); }
        }
      } else if (button) { button.disabled = false; }
      var present = document.getElementById("count-present");
      if (present && typeof data.present === "number") { present.textContent = String(data.present); }
      announce(data.message || "");
    }).catch(function () {
      form.submit();  /* no answer we understand: fall back to the ordinary post */
    });
  });
})();
