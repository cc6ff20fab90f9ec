// Embed the masscivic chat on another site:
//   <script src="https://BOT-HOST/embed.js" data-height="560" async></script>
// It inserts an iframe with the chat page right where the script tag is.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var origin = new URL(me.src).origin;
  var frame = document.createElement("iframe");
  frame.src = origin + "/";
  frame.title = "Who represents me in Massachusetts? (chat)";
  frame.style.width = "100%";
  frame.style.maxWidth = "44rem";
  frame.style.height = (parseInt(me.getAttribute("data-height"), 10) || 560) + "px";
  frame.style.border = "1px solid #ccc";
  frame.setAttribute("loading", "lazy");
  me.parentNode.insertBefore(frame, me);
})();
