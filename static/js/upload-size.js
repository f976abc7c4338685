/* Tell people at once when the chosen file(s) are over the size limit, before a long
   upload that the server would refuse anyway. Progressive enhancement: the server checks
   the same limit and explains it without JavaScript. */
(function () {
  "use strict";
  function check(input) {
    var max = Number(input.getAttribute("data-max-bytes"));
    var total = 0;
    for (var i = 0; i < input.files.length; i++) { total += input.files[i].size; }
    var error = document.getElementById(input.id + "-error");
    var tooLarge = max > 0 && total > max;
    input.setCustomValidity(tooLarge ? input.getAttribute("data-too-large") : "");
    input.setAttribute("aria-invalid", tooLarge ? "true" : "false");
    if (error) {
      if (tooLarge) { error.textContent = input.getAttribute("data-too-large"); error.hidden = false; }
      else if (error.getAttribute("data-server") === null) { error.hidden = true; }
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (tooLarge && described.indexOf(error.id) < 0) { described.push(error.id); }
      input.setAttribute("aria-describedby", described.join(" "));
    }
    return !tooLarge;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-bytes]")) { check(input); }
  });
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < inputs.length; i++) {
      if (!check(inputs[i])) { event.preventDefault(); inputs[i].focus(); return; }
    }
  });
})();
