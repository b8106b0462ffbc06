/* The agenda's widget in another site, in one line:
     <script src="https://AGENDA/static/site/embed.js" data-agenda-widget="/widget/?organisation=…" async></script>
   inserts, after the script element, an iframe showing that widget (same filters as the agenda),
   and sizes it from the height the widget reports (only messages from the agenda's origin and
   from that very iframe are read). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var source = new URL(script.getAttribute("data-agenda-widget") || "/widget/", script.src);
  var frame = document.createElement("iframe");
  frame.src = source.href;
  frame.title = script.getAttribute("data-title") || "Agenda : les prochains événements";
  frame.loading = "lazy";
  frame.width = "100%";
  frame.height = script.getAttribute("data-height") || "600";
  frame.setAttribute("frameborder", "0");
  frame.className = "agenda-widget-frame";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== source.origin || event.source !== frame.contentWindow) {
      return;
    }
    if (data && data.type === "agenda-widget-height" && data.height > 0) {
      frame.height = String(Math.min(data.height, 5000));
    }
  });
})();
