/* hidden.c — elements the page hides; see hidden.h.
 *
 * Place in the pipeline: a helper of extract and clean. Only the element's
 * own attributes are read: a walk that skips a hidden subtree hides its
 * descendants.
 */
#include "hidden.h"

#include <string.h>

#include "score.h"
#include "utf8.h"

/* True when the declaration "prop:value" (white space and case ignored)
 * occurs in the style s[0..n). */
static bool has_decl(const char *s, size_t n, const char *prop, const char *value)
{
    char norm[512];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof norm; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        norm[k++] = (char)ascii_lower((unsigned char)c);
    }
    norm[k] = '\0';
    size_t pl = strlen(prop), vl = strlen(value);
    for (size_t i = 0; i + pl + 1 + vl <= k; i++) {
        if ((i == 0 || norm[i - 1] == ';' || norm[i - 1] == '{') &&
            memcmp(norm + i, prop, pl) == 0 && norm[i + pl] == ':' &&
            memcmp(norm + i + pl + 1, value, vl) == 0) {
            char end = norm[i + pl + 1 + vl];
            if (end == '\0' || end == ';' || end == '!')
                return true;
        }
    }
    return false;
}

bool hidden_style(const char *s, size_t n)
{
    return has_decl(s, n, "display", "none") || has_decl(s, n, "visibility", "hidden");
}

bool hidden_node(const dom_node *n)
{
    if (n->kind != DOM_ELEMENT || n->nattrs == 0)
        return false;
    if (dom_attr(n, "hidden"))
        return true;
    const char *aria = dom_attr(n, "aria-hidden");
    if (aria && ascii_ieq(aria, "true"))
        return true;
    size_t len;
    const char *style = dom_attr_len(n, "style", &len);
    if (style && hidden_style(style, len))
        return true;
    const char *cls = dom_attr_len(n, "class", &len);
    return cls && (score_tokens_of(cls, len) & SCORE_K_HIDDEN);
}

void hidden_unhide(dom_node *root)
{
    for (dom_node *n = root; n; n = dom_next(n, root)) {
        if (!hidden_node(n))
            continue;
        dom_remove_attr(n, "hidden");
        dom_remove_attr(n, "aria-hidden");
        dom_remove_attr(n, "style");
        dom_remove_attr(n, "class");
    }
}
