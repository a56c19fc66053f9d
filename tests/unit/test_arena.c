/* test_arena.c — the document arena (issue 7: robustness): alignment,
 * zero-filled memory, sizes near SIZE_MAX refused with NULL (never a wrap),
 * big blocks interleaved with small ones, string copies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "harness.h"

static void test_alignment_and_zero(void)
{
    arena *a = arena_new();
    CHECK(a != NULL);
    for (size_t n = 0; n < 100; n++) {
        unsigned char *p = arena_alloc(a, n);
        CHECK(p != NULL);
        CHECK(((uintptr_t)p & 15) == 0);
        int zero = 1;
        for (size_t i = 0; i < n; i++)
            zero &= p[i] == 0;
        CHECK(zero);
        memset(p, 0xAB, n); /* the next block must still come zeroed */
    }
    CHECK(arena_used(a) >= 100 * 16 / 2);
    arena_free(a);
    arena_free(NULL); /* allowed */
}

static void test_huge_sizes(void)
{
    arena *a = arena_new();
    CHECK(arena_alloc(a, SIZE_MAX) == NULL);
    CHECK(arena_alloc(a, SIZE_MAX - 8) == NULL);
    CHECK(arena_alloc(a, SIZE_MAX / 2) == NULL); /* refused before malloc */
    CHECK(arena_alloc(a, ((size_t)1 << 34) + 1) == NULL);
    CHECK(arena_strndup(a, "x", SIZE_MAX) == NULL);
    /* still usable afterwards */
    char *s = arena_strdup(a, "after");
    CHECK_STR(s, "after");
    arena_free(a);
}

static void test_big_blocks(void)
{
    arena *a = arena_new();
    char *small1 = arena_strdup(a, "first");
    char *big = arena_alloc(a, 1 << 20); /* bigger than a chunk */
    char *small2 = arena_strdup(a, "second");
    CHECK(big != NULL);
    memset(big, 'b', 1 << 20);
    CHECK_STR(small1, "first");
    CHECK_STR(small2, "second");
    /* many mixed allocations keep their contents */
    char *keep[2000];
    for (int i = 0; i < 2000; i++) {
        size_t n = (size_t)(i % 7 == 0 ? 40000 : i % 50 + 1);
        keep[i] = arena_alloc(a, n);
        CHECK(keep[i] != NULL);
        keep[i][0] = (char)i;
        keep[i][n - 1] = (char)i;
    }
    int ok = 1;
    for (int i = 0; i < 2000; i++)
        ok &= keep[i][0] == (char)i;
    CHECK(ok);
    CHECK(big[0] == 'b' && big[(1 << 20) - 1] == 'b');
    arena_free(a);
}

static void test_strings(void)
{
    arena *a = arena_new();
    CHECK(arena_strdup(a, NULL) == NULL);
    char *e = arena_strndup(a, "", 0);
    CHECK_STR(e, "");
    char *p = arena_strndup(a, "abc\0def", 7); /* embedded NUL kept, then NUL */
    CHECK(p && memcmp(p, "abc\0def", 8) == 0);
    char *q = arena_strndup(a, "abcdef", 3);
    CHECK_STR(q, "abc");
    arena_free(a);
}

int main(void)
{
    test_alignment_and_zero();
    test_huge_sizes();
    test_big_blocks();
    test_strings();
    return harness_done();
}
