/* codelang.c — a code element's language from its attributes; see
 * codelang.h. */
#include "codelang.h"

#include <string.h>

#include "utf8.h"

/* Class prefixes that name a code block's language. */
static const char *const lang_prefixes[] = {"language-",  "lang-",  "highlight-source-",
                                            "highlight-", "brush:", "sourcecode-"};
/* The subset trusted on a wrapper, and the one trusted only on a Sphinx
 * wrapper. */
static const char *const wrapper_prefixes[] = {"language-", "highlight-source-"};
static const char sphinx_prefix[] = "highlight-";

/* Language names that mean "none". */
static const char *const lang_none[] = {"none",      "nohighlight", "plain",
                                        "plaintext", "text",        "default"};

/* Copies a language name (letters, digits, _ + # . -) into out. */
static codelang_result clean_lang(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < CODELANG_MAX; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '+' || c == '#' || c == '.' || c == '-')
            out[k++] = c;
        else
            break;
    }
    out[k] = '\0';
    if (k == 0)
        return CODELANG_UNNAMED;
    for (size_t i = 0; i < sizeof lang_none / sizeof lang_none[0]; i++)
        if (ascii_ieq(out, lang_none[i]))
            return CODELANG_PLAIN;
    return CODELANG_FOUND;
}

/* The first class token of el starting with one of the n prefixes that
 * names a language; else PLAIN when one said "none". */
static codelang_result class_lang(const dom_node *el, const char *const *prefixes, size_t n,
                                  char *out)
{
    codelang_result said = CODELANG_UNNAMED;
    const char *cls = dom_attr(el, "class");
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        for (size_t i = 0; i < n; i++) {
            size_t k = strlen(prefixes[i]);
            if ((size_t)(e - p) < k || !ascii_ieqn(p, prefixes[i], k))
                continue;
            const char *l = p + k;
            if (l == e) { /* "brush: js" */
                while (*l == ' ')
                    l++;
            }
            codelang_result r = clean_lang(l, strlen(l), out);
            if (r == CODELANG_FOUND)
                return r;
            if (r == CODELANG_PLAIN)
                said = r;
        }
        p = e;
    }
    return said;
}

codelang_result codelang_of(const dom_node *el, char *out)
{
    const char *v = dom_attr(el, "data-lang");
    if (!v)
        v = dom_attr(el, "data-language");
    codelang_result r = v ? clean_lang(v, strlen(v), out) : CODELANG_UNNAMED;
    if (r == CODELANG_FOUND)
        return r;
    codelang_result c =
        class_lang(el, lang_prefixes, sizeof lang_prefixes / sizeof lang_prefixes[0], out);
    if (c == CODELANG_UNNAMED && (dom_has_class(el, "nohighlight") || dom_has_class(el, "no-highlight")))
        c = CODELANG_PLAIN; /* highlight.js's word for "leave it plain" */
    return c != CODELANG_UNNAMED ? c : r;
}

codelang_result codelang_of_pre(const dom_node *pre, char *out)
{
    codelang_result r = codelang_of(pre, out);
    if (r == CODELANG_FOUND)
        return r;
    const dom_node *code = NULL;
    for (const dom_node *c = pre->first; c; c = c->next)
        if (dom_is(c, TAG_CODE))
            code = c;
    codelang_result c = code ? codelang_of(code, out) : CODELANG_UNNAMED;
    return c != CODELANG_UNNAMED ? c : r;
}

codelang_result codelang_of_wrapper(const dom_node *el, char *out)
{
    codelang_result r = class_lang(el, wrapper_prefixes,
                                   sizeof wrapper_prefixes / sizeof wrapper_prefixes[0], out);
    if (r != CODELANG_UNNAMED)
        return r;
    const dom_node *first = el->first;
    while (first && first->kind != DOM_ELEMENT)
        first = first->next;
    if (!first || !dom_is(first, TAG_DIV) || !dom_has_class(first, "highlight"))
        return CODELANG_UNNAMED;
    const char *const sphinx[] = {sphinx_prefix};
    return class_lang(el, sphinx, 1, out);
}
