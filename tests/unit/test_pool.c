/* test_pool.c — the small-block pool that gumbo parses into (pool.h):
 * alignment, blocks that keep their contents while others come and go,
 * reuse of a freed block by its size class, large blocks freed singly and
 * all at once, absurd sizes refused. Leaks show under valgrind and ASan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pool.h"

static void test_alignment_and_contents(void)
{
    pool p;
    pool_init(&p);
    unsigned char *keep[300];
    int aligned = 1;
    for (size_t i = 0; i < 300; i++) {
        size_t n = (i * 37) % (POOL_SMALL_MAX + 200); /* small and large */
        keep[i] = pool_alloc(&p, n + 1);
        CHECK(keep[i] != NULL);
        aligned &= ((uintptr_t)keep[i] % _Alignof(max_align_t)) == 0;
        memset(keep[i], (int)(i & 0xff), n + 1);
    }
    CHECK(aligned);
    for (size_t i = 0; i < 300; i += 2) /* free every other one, then refill */
        pool_free(&p, keep[i]);
    for (size_t i = 0; i < 300; i += 2) {
        size_t n = (i * 37) % (POOL_SMALL_MAX + 200);
        keep[i] = pool_alloc(&p, n + 1);
        memset(keep[i], (int)(i & 0xff), n + 1);
    }
    int intact = 1;
    for (size_t i = 0; i < 300; i++) {
        size_t n = (i * 37) % (POOL_SMALL_MAX + 200);
        for (size_t k = 0; k <= n; k++)
            intact &= keep[i][k] == (unsigned char)(i & 0xff);
    }
    CHECK(intact);
    pool_free_all(&p);
    pool_free_all(&p); /* an empty pool may be emptied again */
}

static void test_reuse(void)
{
    pool p;
    pool_init(&p);
    void *a = pool_alloc(&p, 40);
    void *b = pool_alloc(&p, 40);
    CHECK(a && b && a != b);
    pool_free(&p, a);
#ifndef __SANITIZE_ADDRESS__ /* under ASan every block is malloc'd alone */
    CHECK(pool_alloc(&p, 33) == a); /* same 16-byte class: reused */
#endif
    pool_free(&p, b);
    CHECK(pool_alloc(&p, 17) != b); /* another class: not */
    pool_free(&p, NULL);             /* allowed */
    void *z = pool_alloc(&p, 0);     /* a real block, freeable */
    CHECK(z != NULL);
    pool_free(&p, z);
    pool_free_all(&p);
}

static void test_large(void)
{
    pool p;
    pool_init(&p);
    void *big[5];
    for (int i = 0; i < 5; i++) {
        big[i] = pool_alloc(&p, (size_t)(i + 1) << 16);
        CHECK(big[i] != NULL);
        memset(big[i], 'x', (size_t)(i + 1) << 16);
    }
    pool_free(&p, big[0]); /* head, middle and tail of the list */
    pool_free(&p, big[2]);
    pool_free(&p, big[4]);
    CHECK(pool_alloc(&p, SIZE_MAX) == NULL);
    CHECK(pool_alloc(&p, SIZE_MAX - 16) == NULL);
    CHECK(pool_alloc(&p, SIZE_MAX / 2) == NULL);
    pool_free_all(&p); /* big[1] and big[3] go here */
    CHECK(pool_alloc(&p, 10) != NULL); /* usable again */
    pool_free_all(&p);
}

/* gumbo overrunning a block writes over the next block's header: freeing
 * that block must not follow the garbage (an out-of-range class used to
 * index the free lists); the block is left to pool_free_all. */
static void test_corrupt_header(void)
{
    pool p;
    pool_init(&p);
    for (size_t size = 8; size <= 2048; size *= 4) {
        unsigned char *a = pool_alloc(&p, size);
        CHECK(a != NULL);
        memset(a - POOL_GRAIN, 0xA5, POOL_GRAIN); /* the header, as an overrun leaves it */
        pool_free(&p, a);                        /* ignored, no crash */
        unsigned char *b = pool_alloc(&p, size);  /* the pool still works */
        CHECK(b != NULL && b != a);
        memset(b, 1, size);
        memset(b - POOL_GRAIN, 0, POOL_GRAIN); /* class 0, a big block, but no check word */
        pool_free(&p, b);                      /* ignored too */
        unsigned char *c = pool_alloc(&p, size);
        CHECK(c != NULL);
        pool_free(&p, c); /* an intact block still goes back */
    }
    pool_free_all(&p); /* frees all of it, corrupt or not: valgrind and ASan see no leak */
}

int main(void)
{
    test_corrupt_header();
    test_alignment_and_contents();
    test_reuse();
    test_large();
    return harness_done();
}
