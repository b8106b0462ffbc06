/* The agenda's maps, drawn with Leaflet and Leaflet.markercluster (npm packages served from the
   site's own static files). Each element [data-agenda-map] draws the places of the list its
   data-list names: items with data-lat and data-lon become markers, their [data-popup] part
   the marker's popup. The list stays on the page: it is the map's text alternative, and all
   the page shows without JavaScript (the map element is hidden until drawn). Tiles come from
   data-tiles (the MAP_TILE_URL setting); without it the markers sit on a plain background.
   data-drag-to="latitude-input-id longitude-input-id" (staff's position form) makes the marker
   draggable and writes where it is dropped into those fields. A map whose list holds the
   place the address's #lieu-… names opens on that place, its popup open. */
(function () {
  "use strict";

  function popupOf(item) {
    var part = (item.querySelector("[data-popup]") || item).cloneNode(true);
    // The popup sits in the map, before the list in the page: its headings become bold text,
    // so the page's outline stays the list's.
    Array.prototype.forEach.call(part.querySelectorAll("h1, h2, h3, h4, h5, h6"), function (heading) {
      var text = document.createElement("p");
      text.className = "fr-text--bold fr-mb-1w";
      text.textContent = heading.textContent;
      heading.parentNode.replaceChild(text, heading);
    });
    var popup = document.createElement("div");
    popup.className = "agenda-map__popup";
    popup.appendChild(part);
    return popup;
  }

  function drawMap(container) {
    var list = document.getElementById(container.getAttribute("data-list"));
    if (!list || typeof window.L === "undefined") {
      return;
    }
    var items = list.querySelectorAll("[data-lat][data-lon]");
    if (!items.length) {
      return;
    }
    container.hidden = false;
    var L = window.L;
    // The marker images by their collected (hashed) names: Leaflet would guess them from its
    // stylesheet's URL, which the hashed names break.
    var icons = (container.getAttribute("data-icons") || "").split(" ");
    if (icons.length === 3) {
      L.Icon.Default.imagePath = "";
      L.Icon.Default.mergeOptions({ iconUrl: icons[0], iconRetinaUrl: icons[1], shadowUrl: icons[2] });
    }
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false, maxZoom: 19 });
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    var tiles = container.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        attribution: container.getAttribute("data-attribution") || "",
        maxZoom: 19,
      }).addTo(map);
    }
    var dragTo = (container.getAttribute("data-drag-to") || "").split(" ").map(function (id) {
      return document.getElementById(id);
    });
    dragTo = dragTo.length === 2 && dragTo[0] && dragTo[1] ? dragTo : null;
    var markers = {};
    var layer = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup() : L.layerGroup();
    var points = [];
    Array.prototype.forEach.call(items, function (item) {
      var point = [parseFloat(item.getAttribute("data-lat")), parseFloat(item.getAttribute("data-lon"))];
      if (isNaN(point[0]) || isNaN(point[1])) {
        return;
      }
      var title = item.getAttribute("data-title") || "";
      var marker = L.marker(point, { title: title, alt: title, keyboard: true, draggable: !!dragTo });
      marker.bindPopup(popupOf(item));
      if (dragTo) {
        followDrags(marker, dragTo);
      }
      if (item.id) {
        markers[item.id] = marker;
      }
      layer.addLayer(marker);
      points.push(point);
    });
    map.addLayer(layer);
    if (points.length === 1) {
      map.setView(points[0], Number(container.getAttribute("data-zoom")) || 15);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    }
    container.setAttribute("data-drawn", String(points.length));
    var named = window.location.hash.slice(1);
    focusOn(map, layer, container, named ? markers[named] : null);
  }

  function followDrags(marker, inputs) {
    marker.on("dragend", function () {
      var point = marker.getLatLng();
      inputs[0].value = point.lat.toFixed(6);
      inputs[1].value = point.lng.toFixed(6);
    });
  }

  // The place the address names (#lieu-12, the event page's "Voir sur la carte"): the map
  // opens on it, out of its cluster, its popup open, and comes into view (without JavaScript
  // the same link leads to the place in the list).
  function focusOn(map, layer, container, marker) {
    if (!marker) {
      return;
    }
    var opened = function () {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 15));
      marker.openPopup();
      container.scrollIntoView();
      container.setAttribute("data-focused", window.location.hash.slice(1));
    };
    if (typeof layer.zoomToShowLayer === "function") {
      layer.zoomToShowLayer(marker, opened);
    } else {
      opened();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-agenda-map]"), drawMap);
})();
