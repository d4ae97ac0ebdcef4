// The in-page measurements of tests/browser.py, evaluated in a page once it has loaded. Each
// returns plain data (selectors, sizes) that tests/browser.py words as problem lines.
window.__audit = (() => {
  const TARGETS = 'a[href], area[href], button, input[type=button], input[type=submit],'
    + ' input[type=reset], input[type=image], summary, [role=button], [role=link]';
  const FOCUSABLE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea,'
    + ' summary, iframe, audio[controls], video[controls], [contenteditable], [tabindex]';
  const CLIPS = /hidden|clip/;
  const SIZE = 24; // WCAG 2.2 2.5.8, in CSS px

  // A short CSS path, enough for a reader to find the element.
  const name = (el) => {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id) { parts.unshift(`#${CSS.escape(node.id)}`); break; }
      const same = node.parentElement
        ? [...node.parentElement.children].filter((s) => s.localName === node.localName) : [];
      parts.unshift(same.length > 1
        ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
      if (node.localName === 'body' || parts.length === 4) break;
    }
    return parts.join(' > ');
  };

  // Its box, or null when nobody can see or tap it: hidden, clipped away by an ancestor to a
  // pixel or less (a visually hidden label), or off the page (a skip link before it has focus).
  const shown = (el) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return null;
    const box = el.getBoundingClientRect();
    let { left, top, right, bottom } = box;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clip = a.getBoundingClientRect();
      if (CLIPS.test(style.overflowX)) {
        left = Math.max(left, clip.left); right = Math.min(right, clip.right);
      }
      if (CLIPS.test(style.overflowY)) {
        top = Math.max(top, clip.top); bottom = Math.min(bottom, clip.bottom);
      }
    }
    const onPage = right + scrollX > 0 && bottom + scrollY > 0
      && left + scrollX < document.scrollingElement.scrollWidth;
    return right - left > 1 && bottom - top > 1 && onPage ? box : null;
  };

  // WCAG's inline exception: a link set in running text, whose height the line gives it.
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && ['inline', 'contents'].includes(getComputedStyle(block).display)) {
      block = block.parentElement;
    }
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const owner = text.parentElement.closest(TARGETS);
      if (text.data.trim() && !(owner && block.contains(owner))) return true;
    }
    return false;
  };

  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const toBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));

  // WCAG's spacing exception: a 24 px circle centred on the undersized target meets no other
  // target and no other undersized target's circle. Returns what it meets, or null.
  const crowding = (target, all, undersized) => {
    const c = centre(target.box);
    const apart = (other) => other.el !== target.el && !other.el.contains(target.el)
      && !target.el.contains(other.el);
    const near = all.find((o) => apart(o) && toBox(c, o.box) < SIZE / 2)
      || undersized.find((o) => apart(o) && Math.hypot(...centre(o.box).map((v, i) => v - c[i]))
        < SIZE);
    return near ? name(near.el) : null;
  };

  // Radios of a group are one Tab stop: the checked one, or the first.
  const radioStop = (el) => {
    if (el.type !== 'radio' || !el.name) return true;
    const group = [...(el.form || document).querySelectorAll(
      `input[type=radio][name="${CSS.escape(el.name)}"]`)];
    return group.some((r) => r.checked) ? el.checked : group[0] === el;
  };

  // The text nodes of el that reach past its padding box on an axis it clips. Vertically a
  // line counts when over a quarter of it is out: a tight line-height is not a cut.
  const beyond = (el, x, y) => {
    const box = el.getBoundingClientRect();
    const left = box.left + el.clientLeft; const right = left + el.clientWidth;
    const top = box.top + el.clientTop; const bottom = top + el.clientHeight;
    const out = (r) => r.width > 0 && ((x && (r.right > right + 0.5 || r.left < left - 0.5))
      || (y && Math.max(r.bottom - bottom, top - r.top) > r.height / 4));
    const cut = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.data.trim() || !text.parentElement.checkVisibility({ checkVisibilityCSS: true })) {
        continue;
      }
      const range = document.createRange();
      range.selectNodeContents(text);
      if ([...range.getClientRects()].some(out)) cut.push(text);
    }
    return cut;
  };

  return {
    async settle() {
      await document.fonts.ready;
      // Lazy images are all requested too, so their addresses are checked (a lazy image far
      // from the window would never load, and the wait below would run to its end).
      document.querySelectorAll('img[loading=lazy]').forEach((i) => { i.loading = 'eager'; });
      window.scrollTo(0, document.scrollingElement.scrollHeight);
      await new Promise(requestAnimationFrame);
      const loading = [...document.images].filter((i) => !i.complete).map((i) => new Promise(
        (done) => { i.addEventListener('load', done); i.addEventListener('error', done); }));
      await Promise.race([Promise.all(loading), new Promise((done) => setTimeout(done, 5000))]);
      window.scrollTo(0, 0);
    },

    wider() {
      const page = document.scrollingElement;
      if (page.scrollWidth <= page.clientWidth) return null;
      const rtl = getComputedStyle(document.body).direction === 'rtl';
      const out = [...document.body.querySelectorAll('*')].find((el) => {
        const box = el.getBoundingClientRect();
        return getComputedStyle(el).position !== 'fixed'
          && (rtl ? box.left < -0.5 : box.right > page.clientWidth + 0.5);
      });
      return { width: page.scrollWidth, window: page.clientWidth, out: out ? name(out) : null };
    },

    cut() {
      const found = [];
      const reported = new Set();
      // Innermost first, so a cut is told once, by the box that cuts it.
      for (const el of [...document.body.querySelectorAll('*')].reverse()) {
        const style = getComputedStyle(el);
        const [x, y] = [CLIPS.test(style.overflowX), CLIPS.test(style.overflowY)];
        // A box of a pixel or less hides its text on purpose (a visually hidden label).
        if (!(x || y) || el.clientWidth <= 1 || el.clientHeight <= 1) continue;
        const cut = beyond(el, x, y).filter((text) => !reported.has(text));
        if (!cut.length) continue;
        cut.forEach((text) => reported.add(text));
        found.push({ box: name(el), text: cut[0].data.trim().slice(0, 40),
          ellipsis: style.textOverflow === 'ellipsis' });
      }
      return found;
    },

    targets() {
      const all = [...document.querySelectorAll(TARGETS)].map((el) => ({ el, box: shown(el) }))
        .filter((t) => t.box);
      const undersized = all.filter((t) => (t.box.width < SIZE || t.box.height < SIZE)
        && !inSentence(t.el));
      return undersized.map((t) => ({ target: name(t.el), width: t.box.width,
        height: t.box.height, near: crowding(t, all, undersized) })).filter((t) => t.near);
    },

    stops() {
      window.__stops = [...document.querySelectorAll(FOCUSABLE)].filter((el) => el.tabIndex >= 0
        && !el.disabled && !el.closest('[inert]') && radioStop(el)
        && el.checkVisibility({ checkVisibilityCSS: true }));
      return window.__stops.map(name);
    },

    focused() {
      const el = document.activeElement;
      return el && el !== document.body ? [window.__stops.indexOf(el), name(el)] : null;
    },
  };
})();
