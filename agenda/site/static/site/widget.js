/* Inside the widget (site/widget.html): tells the page framing it how tall the widget is, so
   that site/embed.js sizes its iframe without a scroll bar. Only a height is sent. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "agenda-widget-height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  report();
})();
