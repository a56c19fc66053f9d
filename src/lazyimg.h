/* lazyimg.h — real sources for lazy-loaded images.
 *
 * Place in the pipeline: part of clean, before URLs are resolved. Pages
 * that load images by script keep the real URL in data-src and its kin,
 * in srcset, in <picture> sources or in a <noscript> copy, and put a
 * placeholder (a tiny base64 GIF, a spinner) in src. This module gives each
 * <img> its real src and drops what is left of the machinery.
 */
#ifndef FOLIO_LAZYIMG_H
#define FOLIO_LAZYIMG_H

#include <stdbool.h>

#include "dom.h"

/* Fixes every image under root: src from the lazy attributes, the best
 * srcset candidate or the <picture> sources; <noscript> images replace
 * their placeholders; images with no real source left are marked
 * DOM_MARK_REMOVED. False when memory runs out. */
bool lazyimg_fix(dom_doc *d, dom_node *root);

/* True when the src value s is a placeholder, not an image worth keeping:
 * empty, a small data: URI, or a spacer/blank/placeholder file. */
bool lazyimg_placeholder(const char *s);

#endif
