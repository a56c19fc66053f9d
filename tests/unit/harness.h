/* harness.h — a ten-line assertion harness for the unit tests.
 *
 * CHECK(cond) records a failure and goes on; CHECK_STR(a, b) compares two
 * strings (NULL-safe). main() ends with `return harness_done();`, which
 * prints "N passed, M failed" and returns non-zero on any failure.
 */
#ifndef FOLIO_HARNESS_H
#define FOLIO_HARNESS_H
#include <stdio.h>
#include <string.h>

static int harness_pass, harness_fail;
#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) {                                                                    \
            harness_pass++;                                                            \
        } else {                                                                       \
            harness_fail++;                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                              \
    } while (0)
#define CHECK_STR(a, b)                                                                  \
    do {                                                                                 \
        const char *ha_ = (a), *hb_ = (b);                                               \
        if ((ha_ == NULL && hb_ == NULL) || (ha_ && hb_ && strcmp(ha_, hb_) == 0)) {     \
            harness_pass++;                                                              \
        } else {                                                                         \
            harness_fail++;                                                              \
            fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__,             \
                    ha_ ? ha_ : "(null)", hb_ ? hb_ : "(null)");                         \
        }                                                                                \
    } while (0)
static inline int harness_done(void)
{
    printf("%d passed, %d failed\n", harness_pass, harness_fail);
    return harness_fail != 0;
}
#endif
