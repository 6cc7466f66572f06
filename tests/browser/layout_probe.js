// Measures the open page's layout for tests/browser/test_layout.py; returns plain data.
// Evaluated by Playwright as a function expression (no globals are left behind).
() => {
  const viewport = document.documentElement.clientWidth;
  const SLACK = 0.5; // sub-pixel rounding

  // A short CSS path that a person can find the element by: tag, id or two classes.
  const describe = (element) => {
    const parts = [];
    for (let node = element; node && parts.length < 4; node = node.parentElement) {
      let part = node.localName;
      if (node.id) {
        parts.unshift(`${part}#${node.id}`);
        break;
      }
      const classes = [...node.classList].slice(0, 2);
      if (classes.length) {
        part += `.${classes.join(".")}`;
      } else if (node.parentElement) {
        const twins = [...node.parentElement.children].filter((c) => c.localName === node.localName);
        if (twins.length > 1) part += `:nth-of-type(${twins.indexOf(node) + 1})`;
      }
      parts.unshift(part);
      if (node === document.body) break;
    }
    return parts.join(" > ");
  };

  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY };
  };

  // Inside a scroll (or clipping) container a box cannot widen the document, unless it
  // is positioned absolutely against a box outside that container: then it escapes.
  const clipped = (node) => {
    let escaping = node.nodeType === Node.ELEMENT_NODE && getComputedStyle(node).position === "absolute";
    for (let element = node.parentElement; element && element !== document.body; element = element.parentElement) {
      const style = getComputedStyle(element);
      if (escaping && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      escaping = style.position === "absolute";
    }
    return false;
  };
  const range = document.createRange();
  const rangeOf = (text) => {
    range.selectNodeContents(text);
    return range.getBoundingClientRect();
  };
  const sticksOut = (node) => {
    const r = node.nodeType === Node.ELEMENT_NODE ? node.getBoundingClientRect() : rangeOf(node);
    return r.width > 0 && r.right > viewport + SLACK && !clipped(node) && r;
  };

  // Where the overflow starts: boxes and text past the right edge whose parent is not.
  const overflowing = [];
  if (document.documentElement.scrollWidth > viewport) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = document.body; node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE && !node.data.trim()) continue;
      if (node.nodeType === Node.ELEMENT_NODE && getComputedStyle(node).position === "fixed") continue;
      const r = sticksOut(node);
      if (!r || (node !== document.body && sticksOut(node.parentElement))) continue;
      const selector = node.nodeType === Node.ELEMENT_NODE
        ? describe(node)
        : `${describe(node.parentElement)} text "${node.data.trim().slice(0, 40)}"`;
      overflowing.push({ selector, right: Math.round(r.right), width: Math.round(r.width) });
    }
    overflowing.sort((a, b) => b.right - a.right);
  }

  // WCAG 2.2 2.5.8: buttons, form controls and navigation links (not links in running text).
  const TARGETS = [
    "button", "input:not([type=hidden])", "select", "textarea", "summary", "a.button",
    "[role=button]", "nav a", "body > header a",
  ].join(",");
  const small = [];
  for (const element of document.querySelectorAll(TARGETS)) {
    if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const r = element.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.width < 24 - 0.05 || r.height < 24 - 0.05) {
      small.push({
        selector: describe(element),
        text: (element.textContent || element.name || element.type || "").trim().slice(0, 40),
        width: Math.round(r.width * 10) / 10,
        height: Math.round(r.height * 10) / 10,
      });
    }
  }

  return {
    bodyClasses: [...document.body.classList],
    viewport,
    documentWidth: document.documentElement.scrollWidth,
    banner: box(document.querySelector("body > header")),
    main: box(document.querySelector("main")),
    overflowing: overflowing.slice(0, 3),
    small,
  };
}
