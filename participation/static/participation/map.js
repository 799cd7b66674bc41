/* Maps of the participation pages, drawn with the vendored Leaflet.
 * Every map is an optional extra: the pages list the same data as text and the
 * idea form accepts typed coordinates, so nothing depends on this script. */
(function () {
  "use strict";

  function parseArea(element) {
    try {
      var area = JSON.parse(element.dataset.area || "[]");
      return Array.isArray(area) ? area : [];
    } catch (error) {
      return [];
    }
  }

  // A map marked aria-hidden only repeats what the page offers as text or form fields,
  // so nothing inside it may take keyboard focus either (WCAG 4.1.2, axe aria-hidden-focus).
  function isHidden(element) {
    return element.getAttribute("aria-hidden") === "true";
  }

  function keepOutOfTabOrder(element) {
    element.querySelectorAll("a[href], button, input, [tabindex]").forEach(function (node) {
      node.setAttribute("tabindex", "-1");
    });
  }

  function baseMap(element) {
    var hidden = isHidden(element);
    var map = L.map(element, { scrollWheelZoom: false, keyboard: !hidden });
    L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 19,
      attribution: element.dataset.attribution || ""
    }).addTo(map);
    if (hidden) {
      keepOutOfTabOrder(element);
      map.on("layeradd popupopen", function () { keepOutOfTabOrder(element); });
    }
    return map;
  }

  function drawArea(map, area) {
    if (area.length < 3) {
      return null;
    }
    var polygon = L.polygon(area, { color: "#005a9c", weight: 3, fillOpacity: 0.08 }).addTo(map);
    map.fitBounds(polygon.getBounds(), { padding: [20, 20] });
    return polygon;
  }

  function initPoint(element) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    var map = baseMap(element);
    map.setView([lat, lon], 18);
    L.marker([lat, lon], { keyboard: false }).addTo(map);
  }

  // The server answers only for the visible part of the map and groups nearby ideas into
  // clusters at low zoom, so the map stays quick with thousands of ideas.
  function viewportUrl(base, map) {
    var bounds = map.getBounds();
    var box = [bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast()].map(function (value) {
      return value.toFixed(5);
    });
    return base + "?bbox=" + box.join(",") + "&zoom=" + map.getZoom();
  }

  function clusterMarker(feature, latlng, map, label) {
    var count = feature.properties.count;
    var icon = L.divIcon({
      className: "map-cluster",
      html: "<span>" + count + "</span>",
      iconSize: [44, 44]
    });
    var marker = L.marker(latlng, { icon: icon, title: count + " " + label, alt: count + " " + label });
    marker.on("click", function () {
      map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    return marker;
  }

  function initIdeas(element) {
    var map = baseMap(element);
    var polygon = drawArea(map, parseArea(element));
    if (!polygon && element.dataset.lat) {
      map.setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)], 17);
    } else if (!polygon) {
      map.setView([49.4447, 7.7689], 15);
    }
    var layer = L.layerGroup().addTo(map);
    var label = element.dataset.clusterLabel || "";
    var latest = 0;
    function load() {
      var asked = ++latest;
      fetch(viewportUrl(element.dataset.geojsonUrl, map), {
        headers: { Accept: "application/geo+json" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (asked !== latest) {
            return; // an answer for a view the map has already left
          }
          layer.clearLayers();
          L.geoJSON(data, {
            pointToLayer: function (feature, latlng) {
              if (feature.properties.cluster) {
                return clusterMarker(feature, latlng, map, label);
              }
              return L.marker(latlng);
            },
            onEachFeature: function (feature, marker) {
              if (feature.properties.cluster) {
                return;
              }
              var link = document.createElement("a");
              link.href = feature.properties.url;
              link.textContent = feature.properties.title;
              marker.bindPopup(link);
            }
          }).addTo(layer);
        });
    }
    map.on("moveend", load);
    load();
  }

  function initPicker(element) {
    var latInput = document.getElementById(element.dataset.latInput);
    var lonInput = document.getElementById(element.dataset.lonInput);
    if (!latInput || !lonInput) {
      return;
    }
    var map = baseMap(element);
    var polygon = drawArea(map, parseArea(element));
    if (!polygon) {
      map.setView([49.4447, 7.7689], 16);
    }
    var marker = null;
    function place(lat, lon) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.marker([lat, lon], { keyboard: false }).addTo(map);
      }
    }
    if (latInput.value && lonInput.value) {
      place(parseFloat(latInput.value), parseFloat(lonInput.value));
    }
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      place(event.latlng.lat, event.latlng.lng);
    });
  }

  function init(root) {
    if (typeof L === "undefined") {
      return;
    }
    root.querySelectorAll("[data-map]").forEach(function (element) {
      if (element.dataset.mapReady) {
        return;
      }
      element.dataset.mapReady = "1";
      element.classList.add("map--ready");
      var kind = element.dataset.map;
      if (kind === "point") {
        initPoint(element);
      } else if (kind === "ideas") {
        initIdeas(element);
      } else if (kind === "picker") {
        initPicker(element);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // The idea form is swapped in by htmx after a failed submission.
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
