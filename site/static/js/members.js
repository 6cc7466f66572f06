// Mina sidor: a copy button for the private calendar address (the input works without it).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    if (!input || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          if (status) { status.textContent = button.getAttribute("data-copied") || "Kopierad."; }
        },
        function () {
          input.select();
        }
      );
    });
  });
})();
