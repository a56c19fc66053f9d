/* test_json.c — the JSON writer: keys, nulls, escaping, one line. */
#include "harness.h"
#include "model_helpers.h"

static void test_keys(void)
{
    folio_doc *d = doc_from_html("<p>Hello <b>world</b></p>");
    const char *authors[] = {"Ann \"A\"", "Bob"};
    d->meta.title = "T\x01\n\xFF";
    d->meta.author = "Ann \"A\", Bob";
    d->meta.authors = authors;
    d->meta.nauthors = 2;
    d->meta.site = "";
    d->meta.lang = "en\xE2\x80\xA8";
    buf b = BUF_INIT;
    CHECK(render_json(d, true, &b) == FOLIO_OK);
    CHECK_STR(b.data, "{\"title\":\"T\\u0001\\n\xEF\xBF\xBD\",\"author\":\"Ann \\\"A\\\", Bob\","
                      "\"authors\":[\"Ann \\\"A\\\"\",\"Bob\"],\"date\":null,\"modified\":null,"
                      "\"site\":null,\"source\":null,\"lang\":\"en\\u2028\",\"description\":null,"
                      "\"image\":null,\"word_count\":2,\"text\":\"Hello world\\n\","
                      "\"markdown\":\"Hello **world**\\n\"}\n");
    buf_truncate(&b, 0);
    CHECK(render_json(d, false, &b) == FOLIO_OK); /* --meta */
    CHECK(strstr(b.data, "\"word_count\":2}\n") != NULL);
    CHECK(strstr(b.data, "\"text\"") == NULL && strstr(b.data, "\"markdown\"") == NULL);
    CHECK(strchr(b.data, '\n') == b.data + b.len - 1); /* one line: JSON Lines */
    buf_free(&b);
    doc_free(d);
}

int main(void)
{
    test_keys();
    return harness_done();
}
