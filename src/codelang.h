/* codelang.h — the programming language a code element names.
 *
 * Pages name a code block's language in many ways: class="language-c",
 * "lang-py", "highlight-source-rust" (GitHub), "brush: js" (SyntaxHighlighter),
 * data-lang or data-language attributes, on the pre, on its code, or on a
 * wrapping div. clean carries a wrapper's language down to the pre (the
 * wrapper's attributes do not survive cleaning) and the model reads it into
 * the fenced code block's info string.
 */
#ifndef FOLIO_CODELANG_H
#define FOLIO_CODELANG_H

#include <stdbool.h>

#include "dom.h"

/* The longest language name kept. */
enum { CODELANG_MAX = 32 };

/* The language el's attributes name, copied into out (CODELANG_MAX + 1
 * bytes); false when they name none ("plain", "nohighlight"... count as
 * none). */
bool codelang_of(const dom_node *el, char *out);

#endif
