// Added by scripts/serve to every page it serves (never to the files built):
// waits for the next build, reloads the page when the book was rebuilt, and
// shows at the top of the page why the last build failed, until it is fixed.
(() => {
  let site = null;
  let box = null;
  function show(notices) {
    if (!notices.length) {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;max-height:45vh;overflow:auto;" +
        "background:#fff3f3;color:#600;border-bottom:2px solid #c00;padding:8px 14px;font:13px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "scripts/serve: the book shown is the last one that built; fix this and it comes back:\n\n" +
      notices.map((n) => n.summary + (n.detail && n.detail !== n.summary ? "\n" + n.detail : "")).join("\n\n");
  }
  async function follow() {
    let stamp = -1;
    for (;;) {
      try {
        const r = await fetch("/__live/wait?stamp=" + stamp, { cache: "no-store" });
        const s = await r.json();
        if (site !== null && s.site !== site) {
          location.reload();
          return;
        }
        site = s.site;
        stamp = s.stamp;
        show(s.notices);
      } catch (e) {
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
  }
  follow();
})();
