/* test_jsonld.c — the JSON reader (leniency, escapes, limits, broken
 * input) and the choice of the main schema.org node. */
#include <string.h>

#include "harness.h"
#include "jsonld.h"

static arena *A;

static json_value *parse(const char *s)
{
    return json_parse(A, s, strlen(s));
}

static void test_reader(void)
{
    json_value *v = parse(" {\"a\": [1, -2.5e3, true, null, \"x\"], \"b\": {}} trailing");
    CHECK(v && v->kind == JSON_OBJECT);
    const json_value *a = json_get(v, "a");
    CHECK(a && a->kind == JSON_ARRAY && a->first->kind == JSON_NUMBER);
    CHECK(a && a->last->kind == JSON_STRING && strcmp(a->last->str, "x") == 0);
    CHECK(json_get(v, "b") && json_get(v, "b")->first == NULL);
    v = parse("\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"");
    CHECK(v && strcmp(v->str, "\xC3\xA9\xF0\x9F\x98\x80\n\"/") == 0);
    v = parse("\"a\\u0000b\""); /* no NUL inside a C string */
    CHECK(v && strcmp(v->str, "a\xEF\xBF\xBD" "b") == 0);
    v = parse("<!-- {\"a\":1,} -->"); /* comment wrapper, trailing comma */
    CHECK(v && json_get(v, "a"));
    v = parse("{\"a\":\"line\nbreak\"}"); /* raw control character */
    CHECK(v && strcmp(json_get(v, "a")->str, "line\nbreak") == 0);
}

static void test_broken(void)
{
    static const char *const bad[] = {"",     "{",          "[1,2",   "{\"a\" 1}",   "{\"a\":}",
                                      "[1}",  "{]",         "\"open", "{\"a\":tru}", "{,}",
                                      "[,,]", "{\"a\":1,,}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(parse(bad[i]) == NULL);
    char deep[JSON_MAX_DEPTH * 2 + 10];
    memset(deep, '[', JSON_MAX_DEPTH + 1);
    memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
    deep[2 * JSON_MAX_DEPTH + 2] = 0;
    CHECK(parse(deep) == NULL);
    deep[2 * (JSON_MAX_DEPTH - 1)] = 0;
    memset(deep, '[', JSON_MAX_DEPTH - 1);
    memset(deep + JSON_MAX_DEPTH - 1, ']', JSON_MAX_DEPTH - 1);
    CHECK(parse(deep) != NULL);
}

static void test_main_node(void)
{
    jsonld_info info = {0};
    const char *page = "{\"@type\":\"WebPage\",\"name\":\"Page\",\"datePublished\":\"2020-01-01\"}";
    CHECK(jsonld_read(A, page, strlen(page), &info) == FOLIO_OK);
    CHECK(info.rank == 2 && strcmp(info.name, "Page") == 0);
    const char *art =
        "{\"@context\":\"http://"
        "schema.org\",\"@graph\":[{\"@type\":\"schema:ReportageNewsArticle\","
        "\"headline\":\"H\",\"author\":\"Ann Author\",\"creator\":\"Not Used\","
        "\"publisher\":{\"@id\":\"#org\"},\"mainEntityOfPage\":{\"@id\":\"https://a.example/x\"}},"
        "{\"@id\":\"#org\",\"@type\":\"NewsMediaOrganization\",\"name\":\"The Org\"}]}";
    CHECK(jsonld_read(A, art, strlen(art), &info) == FOLIO_OK);
    CHECK(info.rank == 3 && strcmp(info.headline, "H") == 0);
    CHECK(info.nauthors == 1 && strcmp(info.authors[0], "Ann Author") == 0);
    CHECK(info.publisher && strcmp(info.publisher, "The Org") == 0);
    CHECK(info.url && strcmp(info.url, "https://a.example/x") == 0);
    CHECK(info.published == NULL); /* the WebPage's date is not the article's */
    /* A later, lesser node does not replace the article. */
    CHECK(jsonld_read(A, page, strlen(page), &info) == FOLIO_OK);
    CHECK(strcmp(info.headline, "H") == 0);
    CHECK(jsonld_read(A, "{broken", 7, &info) == FOLIO_OK);
}

int main(void)
{
    A = arena_new();
    test_reader();
    test_broken();
    test_main_node();
    arena_free(A);
    return harness_done();
}
