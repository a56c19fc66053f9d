/* utf8.h — UTF-8 and whitespace helpers shared by the stages. */
#ifndef FOLIO_UTF8_H
#define FOLIO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

/* Decodes one code point at s (n bytes available); sets *used (>= 1).
 * Invalid sequences give U+FFFD and consume one byte. */
unsigned long utf8_decode(const char *s, size_t n, size_t *used);

/* True when the n bytes are valid UTF-8. */
bool utf8_valid(const char *s, size_t n);

/* True for Unicode white space (ASCII, NBSP, U+2000..U+200A, U+3000...). */
bool utf8_is_space(unsigned long cp);

/* A copy of s (n bytes) in a with runs of white space collapsed to one
 * ASCII space and the ends trimmed. NULL on allocation failure. */
char *utf8_collapse(arena *a, const char *s, size_t n);

/* Appends s with white space collapsed (no trimming) to b. */
void utf8_collapse_buf(buf *b, const char *s, size_t n);

/* The next token of v[0..len) at or after *pos, split on HTML's ASCII
 * white space (a class list's words): its length, 0 when none is left, with its start in
 * *start; *pos moves past it. */
size_t utf8_next_token(const char *v, size_t len, size_t *pos, size_t *start);

/* True for zero-width and invisible characters folio drops from text
 * (U+200B..U+200D, U+2060, U+FEFF, soft hyphen U+00AD). */
bool utf8_is_invisible(unsigned long cp);

/* ASCII case-insensitive comparisons. */
bool ascii_ieq(const char *a, const char *b);
bool ascii_ieqn(const char *a, const char *b, size_t n);
/* ASCII case-insensitive search of needle in s[0..n); NULL if absent. */
const char *ascii_istr(const char *s, size_t n, const char *needle);
int ascii_lower(int c);

#endif
