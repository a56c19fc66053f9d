/* test_template.c — the template engine: escaping, raw values, sections,
 * errors. */
#include "harness.h"
#include "template.h"

#include <stdlib.h>

static char *fill(const char *tpl, const template_value *v, size_t n, folio_status *st)
{
    buf b = BUF_INIT;
    *st = template_fill(tpl, strlen(tpl), v, n, &b);
    return buf_detach(&b, NULL);
}

static void test_fill(void)
{
    const template_value v[] = {
        {"t", "<a href=\"x\">'&'</a>", 19},
        {"empty", "", 0},
        {"none", NULL, 0},
        {"yes", "1", 1},
    };
    folio_status st;
    char *s = fill("<p title=\"{{t}}\">{{t}}</p>{{{t}}}", v, 4, &st);
    CHECK(st == FOLIO_OK);
    CHECK_STR(s, "<p title=\"&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\">"
                 "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;</p><a href=\"x\">'&'</a>");
    free(s);
    s = fill(
        "[{{#yes}}on{{/yes}}{{#empty}}off{{/empty}}{{#none}}off{{/none}}{{^none}}alt{{/none}}]", v,
        4, &st);
    CHECK(st == FOLIO_OK);
    CHECK_STR(s, "[onalt]");
    free(s);
    s = fill("a {{missing}} b", v, 4, &st);
    CHECK(st == FOLIO_EINVAL);
    free(s);
    s = fill("a {{t b", v, 4, &st);
    CHECK(st == FOLIO_EINVAL);
    free(s);
    s = fill("{{#empty}}never closed", v, 4, &st);
    CHECK(st == FOLIO_EINVAL);
    free(s);
}

int main(void)
{
    test_fill();
    return harness_done();
}
