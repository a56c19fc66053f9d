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

typedef enum {
    CODELANG_UNNAMED, /* the attributes say nothing about a language */
    CODELANG_FOUND,   /* out holds the language */
    CODELANG_PLAIN,   /* they say "no language": none, plaintext, nohighlight... */
} codelang_result;

/* What el's own attributes (data-lang, data-language, a language class)
 * say; out gets CODELANG_MAX + 1 bytes. */
codelang_result codelang_of(const dom_node *el, char *out);

/* What a pre says: its own attributes, else those of its last code child
 * (the one the model reads). */
codelang_result codelang_of_pre(const dom_node *pre, char *out);

/* What a wrapper of a pre says. Stricter than codelang_of, since a div's
 * class words are rarely about code: only language-X and
 * highlight-source-X (GitHub), and highlight-X when the wrapper's first
 * element is a div classed "highlight" (Sphinx). */
codelang_result codelang_of_wrapper(const dom_node *el, char *out);

#endif
