/* "Copier" buttons: a button [data-copy-target="ID"] copies the text of the element ID (a
   textarea's value) to the clipboard and says so in the live region [data-copy-status] beside
   it. The buttons are hidden until this script runs: without it, the code is selected by hand. */
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "fr-sr-only";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      (done ? resolve : reject)();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in target ? target.value : target.textContent;
      copy(text).then(
        function () {
          if (status) {
            status.textContent = "Code copié dans le presse-papiers.";
          }
        },
        function () {
          target.focus();
          if (target.select) {
            target.select();
          }
          if (status) {
            status.textContent = "La copie a échoué : le code est sélectionné, copiez-le avec Ctrl+C.";
          }
        }
      );
    });
  });
})();
