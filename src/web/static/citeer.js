// Progressive enhancement for the "Citeer" control: shows a copy button next to each citation
// and copies its text to the clipboard. Without JavaScript the citation text is there to
// select (a click selects it whole); nothing else on the site needs this script.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }
  function enhance() {
    var buttons = document.querySelectorAll("button[data-kopieer]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute("data-kopieer"));
      if (!source) { return; }
      var label = button.textContent;
      var status = document.createElement("span");
      status.className = "klein";
      status.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", status);
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent).then(function () {
          button.setAttribute("data-gekopieerd", "");
          status.textContent = " Gekopieerd.";
        }, function () {
          status.textContent = " Kopiëren lukte niet: selecteer de tekst en kopieer die zelf.";
        });
        window.setTimeout(function () {
          button.removeAttribute("data-gekopieerd");
          button.textContent = label;
        }, 4000);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
