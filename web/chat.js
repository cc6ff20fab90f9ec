// masscivic web chat: a WebSocket client for /ws. No framework; text is always inserted as
// text (never HTML), and only http(s), mailto and tel links are shown.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");
  var statusLine = document.getElementById("status");
  var socket = null, retry = 0, greeted = false, queue = [];

  function sessionToken() {
    var key = "masscivic-session", token = null;
    try { token = window.localStorage.getItem(key); } catch (e) { /* storage blocked in iframe */ }
    if (!token || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      token = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { window.localStorage.setItem(key, token); } catch (e) { /* fine: one-page session */ }
    }
    return token;
  }
  var token = sessionToken();

  function safeUrl(url) { return /^(https?:|mailto:|tel:)/i.test(url) ? url : null; }

  function addMessage(who, text) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function send(frame, shown) {
    if (shown) addMessage("me", shown);
    var data = JSON.stringify(frame);
    if (socket && socket.readyState === 1) socket.send(data); else queue.push(data);
  }

  function shareLocation(label) {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      send({ lat: pos.coords.latitude, lon: pos.coords.longitude }, label);
    });
  }

  function renderReply(reply) {
    if (reply.lang) document.documentElement.lang = reply.lang;
    (reply.messages || []).forEach(function (m) {
      var div = addMessage("bot", m.text || "");
      var links = (m.links || []).filter(function (l) { return safeUrl(l.url); });
      if (links.length) {
        var ul = document.createElement("ul");
        links.forEach(function (l) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = l.url; a.textContent = l.title || l.url;
          a.target = "_blank"; a.rel = "noopener noreferrer";
          li.appendChild(a); ul.appendChild(li);
        });
        div.appendChild(ul);
      }
      var buttons = (m.buttons || []).filter(function (b) { return !b.location || navigator.geolocation; });
      if (buttons.length) {
        var box = document.createElement("div");
        box.className = "choices";
        box.setAttribute("role", "group");
        buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button"; btn.textContent = b.label;
          btn.addEventListener("click", function () {
            if (b.location) shareLocation(b.label); else send({ text: b.payload }, b.label);
          });
          box.appendChild(btn);
        });
        log.appendChild(box);
      }
    });
    log.scrollTop = log.scrollHeight;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(scheme + "//" + location.host + "/ws?session=" + token);
    statusLine.textContent = "Connecting…";
    socket.addEventListener("open", function () {
      retry = 0;
      statusLine.textContent = "Connected";
      if (!greeted) { greeted = true; socket.send(JSON.stringify({ text: "/start" })); }
      while (queue.length) socket.send(queue.shift());
    });
    socket.addEventListener("message", function (ev) {
      try { renderReply(JSON.parse(ev.data)); } catch (e) { addMessage("bot", "…"); }
    });
    socket.addEventListener("close", function () {
      statusLine.textContent = "Connection lost; reconnecting…";
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * Math.pow(2, retry - 1));
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    send({ text: text }, text);
    input.value = "";
    input.focus();
  });

  connect();
})();
