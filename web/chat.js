// masscivic web chat: a WebSocket client for /ws. No framework; text is always inserted as
// text (never HTML), and only http(s), mailto and tel links are shown.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");
  var statusLine = document.getElementById("status");
  var socket = null, retry = 0, greeted = false, queue = [], lang = "en";

  // The page's own words, in the language the bot answers in.
  var PAGE = {
    en: { title: "Who represents me? — masscivic chat", heading: "Who represents me in Massachusetts?",
          label: "Your question", send: "Send", placeholder: "e.g. Who is my state rep? 12 Elm St, Amherst",
          privacy: "We keep your town (not your street address) so you don't have to repeat it. Type “forget me” to delete it.",
          connecting: "Connecting…", connected: "Connected", lost: "Connection lost; reconnecting…",
          denied: "Location sharing is turned off for this page, so I can't see where you are. Allow it in your browser's site settings, or type your street address or town instead.",
          unavailable: "Your device couldn't find your location just now. Please type your street address or town instead.",
          nogeo: "This browser can't share a location. Please type your street address or town instead." },
    es: { title: "¿Quién me representa? — chat de masscivic", heading: "¿Quién me representa en Massachusetts?",
          label: "Tu pregunta", send: "Enviar", placeholder: "p. ej. ¿Quién es mi representante estatal? 12 Elm St, Amherst",
          privacy: "Guardamos tu ciudad o pueblo (no tu dirección) para que no tengas que repetirlo. Escribe “olvídame” para borrarlo.",
          connecting: "Conectando…", connected: "Conectado", lost: "Se perdió la conexión; reconectando…",
          denied: "Compartir la ubicación está desactivado para esta página, así que no puedo ver dónde estás. Actívalo en la configuración del sitio de tu navegador, o escribe tu dirección o tu ciudad.",
          unavailable: "Tu dispositivo no pudo encontrar tu ubicación ahora. Escribe tu dirección o tu ciudad, por favor.",
          nogeo: "Este navegador no puede compartir la ubicación. Escribe tu dirección o tu ciudad, por favor." },
    pt: { title: "Quem me representa? — chat do masscivic", heading: "Quem me representa em Massachusetts?",
          label: "Sua pergunta", send: "Enviar", placeholder: "ex.: Quem é meu deputado estadual? 12 Elm St, Amherst",
          privacy: "Guardamos sua cidade (não seu endereço) para você não precisar repetir. Escreva “esqueça-me” para apagar.",
          connecting: "Conectando…", connected: "Conectado", lost: "Conexão perdida; reconectando…",
          denied: "O compartilhamento de localização está desligado para esta página, então não consigo ver onde você está. Ative nas configurações do site no navegador, ou digite seu endereço ou sua cidade.",
          unavailable: "Seu aparelho não conseguiu achar sua localização agora. Digite seu endereço ou sua cidade, por favor.",
          nogeo: "Este navegador não compartilha localização. Digite seu endereço ou sua cidade, por favor." }
  };
  function t(key) { return (PAGE[lang] || PAGE.en)[key] || PAGE.en[key]; }
  function applyLanguage(code) {
    if (!PAGE[code] || code === lang) return;
    lang = code;
    document.documentElement.lang = code;
    document.title = t("title");
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (el) {
      if (el.tagName !== "TITLE") el.textContent = t(el.getAttribute("data-i18n"));
    });
    input.placeholder = t("placeholder");
  }

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

  // Text with its e-mail addresses and phone numbers as mailto:/tel: links (built as DOM
  // nodes, never as HTML).
  var CONTACT = /([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|(\(?\b\d{3}\)?[-. ]?\d{3}[-. ]\d{4}\b)/g;
  function appendText(el, text) {
    var last = 0, m;
    CONTACT.lastIndex = 0;
    while ((m = CONTACT.exec(text)) !== null) {
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.textContent = m[0];
      a.href = m[1] ? "mailto:" + m[1] : "tel:+1" + m[2].replace(/\D/g, "");
      el.appendChild(a);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(who, text) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    if (who === "bot") appendText(div, text); else div.textContent = text;
    log.appendChild(div);
    if (who !== "bot") log.scrollTop = log.scrollHeight;
    return div;
  }

  // A choice belongs to the question it answered: once answered (or overtaken), it is off.
  function retireChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".choices button"), function (b) { b.disabled = true; });
  }

  function send(frame, shown) {
    if (shown) addMessage("me", shown);
    var data = JSON.stringify(frame);
    if (socket && socket.readyState === 1) socket.send(data); else queue.push(data);
  }

  function shareLocation(label) {
    if (!navigator.geolocation) { addMessage("bot", t("nogeo")); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      send({ lat: pos.coords.latitude, lon: pos.coords.longitude }, label);
    }, function (err) {
      // Say why nothing happened: permission denied is the common case on phones.
      var div = addMessage("bot", err && err.code === 1 ? t("denied") : t("unavailable"));
      div.classList.add("geo-error");
      div.scrollIntoView({ block: "start" });
    }, { timeout: 15000, maximumAge: 60000 });
  }

  function renderReply(reply) {
    if (reply.lang) applyLanguage(reply.lang);
    retireChoices();
    var first = null;
    (reply.messages || []).forEach(function (m) {
      var div = addMessage("bot", m.text || "");
      if (!first) first = div;
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
      // A picture the bot serves itself (the district map); its text says what it shows.
      if (typeof m.image === "string" && /^\/maps\/[A-Za-z0-9%._~\/-]+\.svg(\?[A-Za-z0-9=&.%-]*)?$/.test(m.image)) {
        var img = document.createElement("img");
        img.className = "map";
        img.src = m.image;
        img.alt = m.text || "";
        img.decoding = "async";
        // Tap or click for the full-size drawing.
        var big = document.createElement("a");
        big.href = m.image; big.target = "_blank"; big.rel = "noopener";
        big.appendChild(img);
        div.appendChild(big);
      }
      var buttons = m.buttons || [];
      if (buttons.length) {
        var box = document.createElement("div");
        box.className = "choices";
        box.setAttribute("role", "group");
        buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button"; btn.textContent = b.label;
          btn.addEventListener("click", function () {
            if (b.location) { shareLocation(b.label); return; }
            retireChoices();
            send({ text: b.payload }, b.label);
          });
          box.appendChild(btn);
        });
        log.appendChild(box);
      }
    });
    // Long answers open at their beginning, not their end.
    if (first) log.scrollTop = first.offsetTop - log.offsetTop;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(scheme + "//" + location.host + "/ws?session=" + token);
    statusLine.textContent = t("connecting");
    socket.addEventListener("open", function () {
      retry = 0;
      statusLine.textContent = t("connected");
      if (!greeted) { greeted = true; socket.send(JSON.stringify({ text: "/start" })); }
      while (queue.length) socket.send(queue.shift());
    });
    socket.addEventListener("message", function (ev) {
      try { renderReply(JSON.parse(ev.data)); } catch (e) { addMessage("bot", "…"); }
    });
    socket.addEventListener("close", function () {
      statusLine.textContent = t("lost");
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * Math.pow(2, retry - 1));
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    retireChoices();
    send({ text: text }, text);
    input.value = "";
    input.focus();
  });

  connect();
})();
