// Chinese search. mdBook's search index splits text on white space (mdBook issue
// #1081), and Chinese has none: a Chinese word is never a token of its own, and
// elasticlunr's trimmer even strips Chinese characters from a query. So, in the
// reader's browser and without anything from outside the book:
// - when the index is loaded, every run of CJK characters in the stored text of each
//   section is added to it as overlapping pairs of characters (bigrams):
//   损失函数的值 gives 损失, 失函, 函数, 数的, 的值;
// - a query's CJK runs are split the same way, so 损失函数 looks for 损失, 失函 and
//   函数 (all three in the Chinese edition, which searches with AND);
// - the trimmer keeps CJK tokens whole.
// English words are tokenised as before.
(function () {
    'use strict';
    if (typeof elasticlunr === 'undefined') {
        return;
    }
    const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
    const ALL_CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;

    function bigrams(run) {
        if (run.length === 1) {
            return [run];
        }
        const out = [];
        for (let i = 0; i + 1 < run.length; i++) {
            out.push(run.slice(i, i + 2));
        }
        return out;
    }

    // White space between two CJK characters means nothing in Chinese (the index
    // has it where the text crossed an element, as in 它的<strong>权重</strong>).
    const CJK_GAP = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

    function cjkTokens(text) {
        const out = [];
        for (const m of String(text).replace(CJK_GAP, '$1').matchAll(CJK)) {
            out.push(...bigrams(m[0]));
        }
        return out;
    }

    const tokenizer = elasticlunr.tokenizer;
    const cjkTokenizer = function (input) {
        if (input === null || input === undefined) {
            return [];
        }
        const text = Array.isArray(input) ? input.join(' ') : String(input);
        const rest = tokenizer(text.replace(CJK, ' ')).filter(t => t !== '');
        return rest.concat(cjkTokens(text));
    };
    Object.assign(cjkTokenizer, tokenizer);
    elasticlunr.tokenizer = cjkTokenizer;

    const trimmer = elasticlunr.Pipeline.registeredFunctions.trimmer;
    if (trimmer) {
        const cjkTrimmer = token => (ALL_CJK.test(token) ? token : trimmer(token));
        cjkTrimmer.label = 'trimmer';
        elasticlunr.Pipeline.registeredFunctions.trimmer = cjkTrimmer;
    }

    const load = elasticlunr.Index.load;
    elasticlunr.Index.load = function (serialised) {
        const index = load.call(this, serialised);
        const store = index.documentStore;
        for (const ref of Object.keys(store.docs)) {
            const doc = store.docs[ref];
            if (!doc) {
                continue;
            }
            for (const field of index.getFields()) {
                const counts = new Map();
                for (const t of cjkTokens(doc[field] || '')) {
                    counts.set(t, (counts.get(t) || 0) + 1);
                }
                let added = 0;
                for (const [t, n] of counts) {
                    index.index[field].addToken(t, { ref: ref, tf: Math.sqrt(n) });
                    added += n;
                }
                if (added > 0) {
                    store.updateFieldLength(ref, field, store.getFieldLength(ref, field) + added);
                }
            }
        }
        // Kept for the Chinese pages' search teasers (zh-ui.js).
        window.nnlearnSearchIndex = index;
        return index;
    };
})();
