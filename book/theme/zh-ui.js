// mdBook's own interface in Chinese, on the Chinese edition's pages only: the
// menu's buttons and their tooltips, the theme names, the search bar, the line above
// the search results, the keyboard-shortcut help, the previous/next links and the
// code blocks' buttons. mdBook 0.5 has no setting for these texts, so they are
// replaced in the page once it is built (and as the search and the code buttons
// create theirs). The search teasers are rebuilt too: mdBook cuts a teaser into
// words at spaces, which Chinese has none of, so it highlighted nothing and ran to
// hundreds of characters; here a teaser is the text around the first match, about
// 90 characters, every match of the query marked.
(function () {
    'use strict';
    if (document.documentElement.lang !== 'zh-CN') {
        return;
    }

    const ATTRS = ['title', 'aria-label', 'placeholder'];
    // English (as mdBook 0.5.4 writes it) -> Chinese, for attributes and texts.
    const TEXT = new Map([
        ['Toggle Table of Contents', '显示或隐藏目录'],
        ['Table of contents', '目录'],
        ['Change theme', '更换主题'],
        ['Themes', '主题'],
        ['Auto', '自动'],
        ['Light', '浅色'],
        ['Rust', 'Rust'],
        ['Coal', '炭黑'],
        ['Navy', '深蓝'],
        ['Ayu', 'Ayu'],
        ['Search (`/`)', '搜索（快捷键 /）'],
        ['Toggle Searchbar', '显示或隐藏搜索栏'],
        ['Search this book ...', '搜索本书……'],
        ['Print this book', '打印本书'],
        ['Previous chapter', '上一章'],
        ['Next chapter', '下一章'],
        ['Page navigation', '翻页'],
        ['Keyboard shortcuts', '键盘快捷键'],
        ['Search Result Teaser', '搜索结果摘要'],
        ['Copy to clipboard', '复制到剪贴板'],
        ['Copied!', '已复制！'],
        ['Show hidden lines', '显示隐藏的代码行'],
        ['Hide lines', '隐藏代码行'],
    ]);
    // The help popup's sentences, matched on their text without the keys.
    const HELP = new Map([
        ['Press ← or → to navigate between chapters', '按 ← 或 → 在章节之间翻页'],
        ['Press S or / to search in the book', '按 S 或 / 在书中搜索'],
        ['Press ? to show this help', '按 ? 显示本帮助'],
        ['Press Esc to hide this help', '按 Esc 隐藏本帮助'],
    ]);

    function translateElement(el) {
        for (const a of ATTRS) {
            const v = el.getAttribute && el.getAttribute(a);
            if (v && TEXT.has(v)) {
                el.setAttribute(a, TEXT.get(v));
            }
        }
        if (el.children && el.children.length === 0 && TEXT.has(el.textContent.trim())) {
            el.textContent = TEXT.get(el.textContent.trim());
        }
    }

    function translateTree(root) {
        translateElement(root);
        for (const el of root.querySelectorAll('[title], [aria-label], [placeholder], button, h2, .tooltiptext')) {
            translateElement(el);
        }
    }

    function translateHelp() {
        for (const p of document.querySelectorAll('#mdbook-help-popup p')) {
            const zh = HELP.get(p.textContent.replace(/\s+/g, ' ').trim());
            if (!zh) {
                continue;
            }
            // Keep the <kbd> keys: rebuild the sentence around them.
            const keys = [...p.querySelectorAll('kbd')].map(k => k.textContent);
            let i = 0;
            p.innerHTML = '';
            for (const part of zh.split(/(←|→|\bS\b|\/|\?|Esc)/)) {
                if (part && keys[i] === part) {
                    const k = document.createElement('kbd');
                    k.textContent = part;
                    p.appendChild(k);
                    i++;
                } else if (part) {
                    p.appendChild(document.createTextNode(part));
                }
            }
        }
    }

    // "33 search results for '梯度':" -> "找到 33 个与“梯度”相关的结果："
    function translateHeader(header) {
        const t = header.innerText;
        let m = t.match(/^(\d+) search results? for '(.*)':$/s);
        if (m) {
            header.innerText = '找到 ' + m[1] + ' 个与“' + m[2] + '”相关的结果：';
            return;
        }
        m = t.match(/^No search results for '(.*)'\.$/s);
        if (m) {
            header.innerText = '没有找到与“' + m[1] + '”相关的结果。';
        }
    }

    const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

    function escapeHTML(s) {
        return s.replace(/[&<>'"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\'': '&#39;', '"': '&quot;' })[c]);
    }

    // The terms to mark for `query` in `text`: each word of the query; a Chinese
    // term that is not in the text whole was found by its pairs of characters
    // (cjk-search.js), so those are marked.
    function termsIn(text, query) {
        const lower = text.toLowerCase();
        const terms = [];
        for (const t of query.toLowerCase().split(/\s+/).filter(t => t.length > 0)) {
            if (lower.includes(t) || !CJK.test(t) || t.length < 3) {
                terms.push(t);
            } else {
                for (let i = 0; i + 1 < t.length; i++) {
                    terms.push(t.slice(i, i + 2));
                }
            }
        }
        return terms;
    }

    // `text`, HTML-escaped, with every match of `terms` in <em>.
    function marked(text, terms) {
        const pattern = new RegExp(terms.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
        let out = '';
        let last = 0;
        for (const m of text.matchAll(pattern)) {
            out += escapeHTML(text.slice(last, m.index)) + '<em>' + escapeHTML(m[0]) + '</em>';
            last = m.index + m[0].length;
        }
        return out + escapeHTML(text.slice(last));
    }

    // The text around the first match of the query in `body`, every match marked.
    function teaser(body, query) {
        const lower = body.toLowerCase();
        const terms = termsIn(body, query);
        if (terms.length === 0) {
            return null;
        }
        let first = -1;
        for (const t of terms) {
            const at = lower.indexOf(t);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        const SIZE = 90;
        const start = first < 0 ? 0 : Math.max(0, first - 25);
        const end = Math.min(body.length, start + SIZE);
        const text = body.slice(start, end);
        const out = marked(text, terms);
        return (start > 0 ? '…' : '') + out + (end < body.length ? '…' : '');
    }

    // The stored text of the section a result links to (cjk-search.js keeps the
    // loaded index in window.nnlearnSearchIndex).
    function bodyOf(link) {
        const index = window.nnlearnSearchIndex;
        const urls = window.search && window.search.doc_urls;
        if (!index || !urls) {
            return null;
        }
        const href = link.getAttribute('href').slice((window.path_to_root || '').length);
        const url = href.split('?')[0] + '#' + (href.split('#')[1] || '');
        let ref = urls.indexOf(url);
        if (ref < 0) {
            ref = urls.indexOf(url.replace(/#$/, ''));
        }
        const doc = ref >= 0 ? index.documentStore.docs[ref] : null;
        return doc ? doc.body : null;
    }

    function rebuildTeasers(list) {
        const query = (document.getElementById('mdbook-searchbar') || {}).value || '';
        if (!CJK.test(query)) {
            return; // an English query: mdBook's teasers work
        }
        for (const li of list.querySelectorAll('li')) {
            const span = li.querySelector('span.teaser');
            const link = li.querySelector('a');
            if (!span || !link || span.dataset.nnlearn === query) {
                continue;
            }
            const body = bodyOf(link);
            const t = body === null ? null : teaser(body, query);
            if (t !== null) {
                span.innerHTML = t;
            }
            // The section's place in the book (its headings), the query marked too:
            // a section may match by its heading alone.
            if (!link.querySelector('em')) {
                link.innerHTML = marked(link.textContent, termsIn(link.textContent, query));
            }
            span.dataset.nnlearn = query;
        }
    }

    function start() {
        translateTree(document.body);
        translateHelp();
        const header = document.getElementById('mdbook-searchresults-header');
        if (header) {
            new MutationObserver(() => translateHeader(header))
                .observe(header, { childList: true, characterData: true, subtree: true });
        }
        const list = document.getElementById('mdbook-searchresults');
        if (list) {
            new MutationObserver(() => rebuildTeasers(list)).observe(list, { childList: true });
        }
        // book.js decides what the show/hide-lines button does from its English
        // title: give the English back just before its click handler reads it (this
        // listener runs first, in the capture phase); the observer below translates
        // the new title it sets.
        const english = new Map([...TEXT].map(([en, zh]) => [zh, en]));
        document.addEventListener('click', e => {
            const b = e.target.closest && e.target.closest('button[title]');
            if (b && english.has(b.title) && /lines/.test(english.get(b.title))) {
                b.title = english.get(b.title);
            }
        }, true);
        // The code blocks' buttons and tooltips are created by book.js, some later.
        new MutationObserver(records => {
            for (const r of records) {
                if (r.type === 'attributes' || r.target.children.length === 0) {
                    translateElement(r.target);
                }
                for (const n of r.addedNodes) {
                    if (n.nodeType === 1) {
                        translateTree(n);
                    }
                }
            }
        }).observe(document.querySelector('main') || document.body, {
            subtree: true, childList: true, attributes: true, attributeFilter: ['title', 'aria-label'],
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();
