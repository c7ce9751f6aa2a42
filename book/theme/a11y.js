// What mdBook's own page template leaves to fix for screen readers and keyboards
// (found by axe-core in tools/bookcheck, which checks every page with it):
// - the sidebar's toggle is a <label> with aria-expanded and aria-label, which a
//   <label> may not carry: it acts as a button, so it is one to assistive technology;
// - a code block wider than the page scrolls sideways, which a keyboard can only do
//   once the block can take the focus.
(() => {
  const toggle = document.getElementById("mdbook-sidebar-toggle");
  if (toggle && toggle.tagName === "LABEL") toggle.setAttribute("role", "button");
  const scrollable = () => {
    for (const code of document.querySelectorAll("pre > code")) {
      const wide = code.scrollWidth > code.clientWidth || code.scrollHeight > code.clientHeight;
      if (wide) code.tabIndex = 0;
      else code.removeAttribute("tabindex");
    }
  };
  scrollable();
  window.addEventListener("resize", scrollable);
})();
