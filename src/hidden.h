/* hidden.h — is an element hidden by the page itself?
 *
 * Place in the pipeline: extract drops hidden subtrees before scoring, and
 * clean drops them inside the article. A browser would not show them:
 * the `hidden` attribute, aria-hidden="true", an inline display:none or
 * visibility:hidden, or a class that only hides (sr-only, visually-hidden).
 */
#ifndef FOLIO_HIDDEN_H
#define FOLIO_HIDDEN_H

#include <stdbool.h>

#include "dom.h"

/* True when element n is hidden by its own attributes (not its ancestors). */
bool hidden_node(const dom_node *n);

/* Removes the hiding attributes (hidden, aria-hidden, style, class) of
 * every hidden element under root, root included: for pages that hide the
 * article until a script runs, once extract chose the hidden text. */
void hidden_unhide(dom_node *root);

/* True when the inline style s[0..n) hides the element. */
bool hidden_style(const char *s, size_t n);

#endif
