// mdBook's own interface in Chinese, on the Chinese edition's pages only. The
// build has already put the texts of the built HTML (the menu, the theme names, the
// search bar, the keyboard-shortcut help, the previous/next links) into Chinese
// (tools/bookops/src/interface.rs); this script translates, from the same table,
// what mdBook's scripts create later: the line above the search results and the
// code blocks' buttons. The search teasers are rebuilt too: mdBook cuts a teaser into
// words at spaces, which Chinese has none of, so it highlighted nothing and ran to
// hundreds of characters; here a teaser is the text around the first match, about
// 90 characters, every match of the query marked.
(function () {
    'use strict';
    if (document.documentElement.lang !== 'zh-CN') {
        return;
    }

    const ATTRS = ['title', 'aria-label', 'placeholder'];
    // English (as mdBook 0.5.4 writes it) -> Chinese: the build writes the table of
    // tools/bookops/src/interface.rs into this line, the table with which it has
    // already translated the interface in the pages' HTML. Here it translates what
    // mdBook's scripts create later (the code blocks' buttons, the search results).
    const UI = { texts: [], help: [] }; // nnlearn: the table (bookops)
    const TEXT = new Map(UI.texts);

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

    // "33 search results for '梯度':" -> "找到 33 个与“梯度”相关的结果："
    function translateHeader(header) {
        const t = header.innerText;
        let m = t.match(/^(\d+) search results? for '(.*)':$/s);
        if (m) {
            header.innerText = UI.results.replace('{n}', m[1]).replace('{q}', m[2]);
            return;
        }
        m = t.match(/^No search results for '(.*)'\.$/s);
        if (m) {
            header.innerText = UI.noResults.replace('{q}', m[1]);
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
        const header = document.getElementById('mdbook-searchresults-header');
        if (header) {
            new MutationObserver(() => translateHeader(header))
                .observe(header, { childList: true, characterData: true, subtree: true });
        }
        const list = document.getElementById('mdbook-searchresults');
        if (list) {
            // The results are outside <main>: their teasers' labels are translated here.
            new MutationObserver(() => {
                rebuildTeasers(list);
                translateTree(list);
            }).observe(list, { childList: true });
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
