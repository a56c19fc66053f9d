/* arena.h — bump allocation for one document.
 *
 * Every stage allocates the DOM, attribute values, text and metadata of a
 * document from one arena, and folio_doc_free drops it all at once. The
 * arena returns NULL when memory runs out; nothing aborts.
 */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* A new, empty arena, or NULL. Free with arena_free. */
arena *arena_new(void);

/* Frees the arena and everything allocated from it; NULL is allowed. */
void arena_free(arena *a);

/* n bytes aligned for any scalar type, zero-filled; NULL on failure and for
 * absurd sizes (over 16 GiB: never a page's). */
void *arena_alloc(arena *a, size_t n);

/* A NUL-terminated copy of the n bytes at s; NULL on failure. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* A NUL-terminated copy of s (NULL gives NULL). */
char *arena_strdup(arena *a, const char *s);

/* Bytes handed out so far (for limits and benchmarks). */
size_t arena_used(const arena *a);

#endif
