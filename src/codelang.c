/* codelang.c — a code element's language from its attributes; see
 * codelang.h. */
#include "codelang.h"

#include <string.h>

#include "utf8.h"

/* Class prefixes that name a code block's language. */
static const char *const lang_prefixes[] = {"language-",  "lang-",  "highlight-source-",
                                            "highlight-", "brush:", "sourcecode-"};
/* Language names that mean "none". */
static const char *const lang_none[] = {"none", "nohighlight", "plain", "plaintext", "text"};

/* Copies a language name (letters, digits, _ + # . -) into out. */
static bool clean_lang(const char *s, size_t n, char *out)
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
    for (size_t i = 0; i < sizeof lang_none / sizeof lang_none[0]; i++)
        if (ascii_ieq(out, lang_none[i]))
            return false;
    return k > 0;
}

/* The language named by el's class (or data-lang); false if none. */
bool codelang_of(const dom_node *el, char *out)
{
    const char *v = dom_attr(el, "data-lang");
    if (!v)
        v = dom_attr(el, "data-language");
    if (v && clean_lang(v, strlen(v), out))
        return true;
    const char *cls = dom_attr(el, "class");
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        for (size_t i = 0; i < sizeof lang_prefixes / sizeof lang_prefixes[0]; i++) {
            size_t k = strlen(lang_prefixes[i]);
            if ((size_t)(e - p) < k || !ascii_ieqn(p, lang_prefixes[i], k))
                continue;
            const char *l = p + k;
            if (l == e) { /* "brush: js" */
                l = e;
                while (*l == ' ')
                    l++;
            }
            if (clean_lang(l, strlen(l), out))
                return true;
        }
        p = e;
    }
    return false;
}

