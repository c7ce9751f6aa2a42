// The language switch (English <-> 中文) in the menu bar of every page: it opens the
// same page of the other edition, at the section being read. The English edition is
// at the root of the site, the Chinese one in zh-CN/, and both have the same pages
// and the same section ids (po/README.md), so the target is known without asking.
(function () {
    'use strict';
    const zh = document.documentElement.lang === 'zh-CN';
    // path_to_root is mdBook's way from this page back to its edition's root ("" on
    // a page at the root, which as a URL would be the page itself: hence "./").
    const root = new URL(path_to_root || './', location.href).href;
    const page = location.href.startsWith(root)
        ? location.href.slice(root.length).split(/[?#]/)[0]
        : '';
    const target = path_to_root + (zh ? '../' : 'zh-CN/') + (page || 'index.html');

    // The section being read: the last section heading that has scrolled past the
    // top of the window (the chapter title, the top of the page, needs none). The
    // URL's #fragment counts only while its target is still where the link left the
    // reader, at the top of the window: after reading on, the scroll position wins.
    function section() {
        const anchor = location.hash.length > 1
            ? document.getElementById(decodeURIComponent(location.hash.slice(1)))
            : null;
        if (anchor) {
            const top = anchor.getBoundingClientRect().top;
            if (top > -40 && top < 120) {
                return location.hash;
            }
        }
        let id = '';
        for (const h of document.querySelectorAll('main h2[id], main h3[id], main h4[id]')) {
            if (h.getBoundingClientRect().top > 80) {
                break;
            }
            id = h.id;
        }
        return id ? '#' + id : '';
    }

    const link = document.createElement('a');
    link.className = 'nnlearn-language';
    link.href = target;
    link.lang = zh ? 'en' : 'zh-CN';
    link.hreflang = link.lang;
    link.textContent = zh ? 'English' : '中文';
    link.title = zh ? 'Read this page in English' : '阅读本页的中文版';
    link.setAttribute('aria-label', link.title);
    // Pointer, keyboard and middle clicks all go through here first.
    const aim = () => {
        link.href = target + section();
    };
    link.addEventListener('mousedown', aim);
    link.addEventListener('focus', aim);
    link.addEventListener('click', aim);
    const buttons = document.querySelector('.right-buttons');
    if (buttons) {
        buttons.prepend(link);
    }
})();
