/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of strict JSON reading and of the string writer. */

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-json.h"
#include "pupitre-protocol.h"

static JsonObject *
parse (const char  *text,
       GError     **error)
{
  return pupitre_json_parse_object (text, strlen (text), error);
}

static void
assert_bad_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = parse (text, &error);

  if (object != NULL)
    g_error ("accepted: %s", text);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
}

static void
test_parse_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = parse (" {\"type\":\"answer\",\"round\":1,\"choice\":-0,\"x\":[1,2.5e3,{\"a\":null}],"
                  "\"s\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"} \r\n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "answer");
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==,
                   "\xc3\xa9\xf0\x9f\x98\x80\n\"\\/");
}

static void
test_parse_extremes_of_int64 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gint64 value = 0;

  object = parse ("{\"type\":\"t\",\"max\":9223372036854775807,\"min\":-9223372036854775808}", &error);
  g_assert_no_error (error);
  g_assert_true (pupitre_json_get_int (object, "max", TRUE, G_MININT64, G_MAXINT64, &value, &error));
  g_assert_cmpint (value, ==, G_MAXINT64);
  g_assert_true (pupitre_json_get_int (object, "min", TRUE, G_MININT64, G_MAXINT64, &value, &error));
  g_assert_cmpint (value, ==, G_MININT64);
  g_assert_no_error (error);
}

static void
test_parse_huge_integers (void)
{
  assert_bad_json ("{\"type\":\"t\",\"round\":9223372036854775808}");
  assert_bad_json ("{\"type\":\"t\",\"round\":-9223372036854775809}");
  assert_bad_json ("{\"type\":\"t\",\"round\":123456789012345678901234567890}");
  assert_bad_json ("{\"type\":\"t\",\"round\":[99999999999999999999]}");
  assert_bad_json ("{\"type\":\"t\",\"x\":1e999}");
}

static void
test_parse_deep_nesting (void)
{
  gsize n = 100000;
  g_autofree char *deep = g_malloc (n + 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gint64 start = g_get_monotonic_time ();

  memcpy (deep, "{\"type\":\"t\",\"a\":", 16);
  memset (deep + 16, '[', n);
  object = pupitre_json_parse_object (deep, n + 16, &error);
  g_assert_null (object);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
  /* Refused on the raw bytes, long before any parsing. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Only '[': no object at all, also refused without a crash. */
  g_clear_error (&error);
  memset (deep, '[', n);
  g_assert_null (pupitre_json_parse_object (deep, n, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
}

static void
test_parse_depth_limit (void)
{
  g_autoptr(GString) text = g_string_new ("{\"type\":\"t\",\"a\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  /* The top-level object is level 1: PUPITRE_MAX_JSON_DEPTH levels in all
   * are accepted, one more is refused. */
  for (guint i = 1; i < PUPITRE_MAX_JSON_DEPTH; i++)
    g_string_append_c (text, '[');
  for (guint i = 1; i < PUPITRE_MAX_JSON_DEPTH; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  object = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  g_string_insert_c (text, 16, '[');
  g_string_insert_c (text, text->len - 1, ']');
  assert_bad_json (text->str);
}

static void
test_parse_invalid_utf8 (void)
{
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\xff\"}");
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\xc3\"}");
  /* An overlong encoding of '/'. */
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\xc0\xaf\"}");
  /* An encoded surrogate. */
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\xed\xa0\x80\"}");
  /* Escaped lone surrogates would decode to invalid UTF-8. */
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\\ud800\"}");
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\\udc00x\"}");
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\\ud800\\u0041\"}");
}

static void
test_parse_nul_bytes (void)
{
  const char text[] = "{\"type\":\"chat\",\"text\":\"a\0b\"}";
  g_autoptr(GError) error = NULL;

  g_assert_null (pupitre_json_parse_object (text, sizeof text - 1, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"a\\u0000b\"}");
}

static void
test_parse_duplicate_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) many = g_string_new ("{\"type\":\"t\"");

  assert_bad_json ("{\"type\":\"answer\",\"round\":1,\"round\":2}");
  assert_bad_json ("{\"type\":\"a\",\"type\":\"b\"}");
  assert_bad_json ("{\"type\":\"t\",\"x\":{\"a\":1,\"b\":2,\"a\":3}}");
  assert_bad_json ("{\"type\":\"t\",\"\":1,\"\":2}");

  /* The same key in different objects is fine. */
  object = parse ("{\"type\":\"t\",\"x\":{\"type\":1},\"y\":[{\"a\":1},{\"a\":2}],\"a\":\"a\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_clear_pointer (&object, json_object_unref);

  /* Many keys, one repeated at the end: found quickly. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (many, ",\"k%u\":%u", i, i);
  g_string_append_c (many, '}');
  object = parse (many->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_string_truncate (many, many->len - 1);
  g_string_append (many, ",\"k17\":0}");
  assert_bad_json (many->str);
}

static void
test_parse_not_strict_json (void)
{
  /* json-glib 1.6 accepts all of these; the protocol does not. */
  assert_bad_json ("{'type':'ping'}");
  assert_bad_json ("{\"type\":\"ping\" /* comment */}");
  assert_bad_json ("{\"type\":\"ping\",}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":01}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":.5}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":1.}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":1e}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":Infinity}");
  assert_bad_json ("{\"type\":\"ping\",\"id\":tru}");
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"tab\there\"}");
  assert_bad_json ("{\"type\":\"chat\",\"text\":\"\\x41\"}");
  assert_bad_json ("{\"type\":\"ping\"} {\"type\":\"quit\"}");
  assert_bad_json ("{\"type\":\"ping\"}}");
  assert_bad_json ("{\"type\":\"ping\"");
  assert_bad_json ("{\"type\":\"ping]");
  assert_bad_json ("{\"type\":\"ping\"]");
  assert_bad_json ("");
  assert_bad_json ("   ");
}

static void
test_parse_not_an_object (void)
{
  assert_bad_json ("[{\"type\":\"ping\"}]");
  assert_bad_json ("\"type\"");
  assert_bad_json ("42");
  assert_bad_json ("null");
}

static void
test_parse_missing_type (void)
{
  assert_bad_json ("{}");
  assert_bad_json ("{\"kind\":\"ping\"}");
  assert_bad_json ("{\"type\":null}");
  assert_bad_json ("{\"type\":1}");
  assert_bad_json ("{\"type\":[\"ping\"]}");
  assert_bad_json ("{\"type\":{\"a\":\"b\"}}");
  assert_bad_json ("{\"x\":{\"type\":\"ping\"}}");
}

static JsonObject *
sample_object (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = parse ("{\"type\":\"t\",\"s\":\"text\",\"i\":7,\"neg\":-3,\"f\":1.5,\"two\":2.0,"
                  "\"b\":true,\"a\":[1,2],\"o\":{},\"n\":null}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  return object;
}

/* Expects a bad-field error whose message names @member. */
static void
assert_bad_field (GError     *error,
                  const char *member)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", member);

  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_FIELD);
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
test_get_string (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  const char *wrong[] = { "i", "f", "b", "a", "o" };
  const char *value = NULL;

  g_assert_true (pupitre_json_get_string (object, "s", TRUE, &value, NULL));
  g_assert_cmpstr (value, ==, "text");

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” must be a string", wrong[i]);

      value = "untouched";
      g_assert_false (pupitre_json_get_string (object, wrong[i], FALSE, &value, &error));
      assert_bad_field (error, wrong[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpstr (value, ==, "untouched");
    }
}

static void
test_get_int (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  const char *wrong[] = { "s", "f", "two", "b", "a", "o" };
  gint64 value = 0;

  g_assert_true (pupitre_json_get_int (object, "i", TRUE, 0, 10, &value, NULL));
  g_assert_cmpint (value, ==, 7);
  g_assert_true (pupitre_json_get_int (object, "neg", TRUE, -3, -3, &value, NULL));
  g_assert_cmpint (value, ==, -3);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("“%s” must be an integer", wrong[i]);

      value = 42;
      g_assert_false (pupitre_json_get_int (object, wrong[i], FALSE, G_MININT64, G_MAXINT64,
                                            &value, &error));
      assert_bad_field (error, wrong[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpint (value, ==, 42);
    }
}

static void
test_get_int_range (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  g_autoptr(GError) error = NULL;
  gint64 value = 42;

  g_assert_false (pupitre_json_get_int (object, "i", TRUE, 8, 10, &value, &error));
  assert_bad_field (error, "i");
  g_assert_cmpstr (error->message, ==, "“i” must be between 8 and 10");
  g_clear_error (&error);

  g_assert_false (pupitre_json_get_int (object, "neg", TRUE, 1, G_MAXINT64, &value, &error));
  assert_bad_field (error, "neg");
  g_assert_cmpstr (error->message, ==, "“neg” must be at least 1");
  g_assert_cmpint (value, ==, 42);
}

static void
test_get_boolean (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  const char *wrong[] = { "s", "i", "f", "a", "o" };
  gboolean value = FALSE;

  g_assert_true (pupitre_json_get_boolean (object, "b", TRUE, &value, NULL));
  g_assert_true (value);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pupitre_json_get_boolean (object, wrong[i], TRUE, &value, &error));
      assert_bad_field (error, wrong[i]);
    }
}

static void
test_get_array (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  const char *wrong[] = { "s", "i", "f", "b", "o" };
  JsonArray *value = NULL;

  g_assert_true (pupitre_json_get_array (object, "a", TRUE, &value, NULL));
  g_assert_nonnull (value);
  g_assert_cmpuint (json_array_get_length (value), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;

      value = NULL;
      g_assert_false (pupitre_json_get_array (object, wrong[i], TRUE, &value, &error));
      assert_bad_field (error, wrong[i]);
      g_assert_null (value);
    }
}

static void
test_get_missing (void)
{
  g_autoptr(JsonObject) object = sample_object ();
  const char *members[] = { "absent", "n" };

  /* Absent or null: fine when optional (output untouched), an error
   * naming the member when required. Never a critical. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *s = "untouched";
      gint64 n = 42;
      gboolean b = TRUE;
      JsonArray *a = (JsonArray *) object;

      g_assert_true (pupitre_json_get_string (object, members[i], FALSE, &s, &error));
      g_assert_true (pupitre_json_get_int (object, members[i], FALSE, 0, 1, &n, &error));
      g_assert_true (pupitre_json_get_boolean (object, members[i], FALSE, &b, &error));
      g_assert_true (pupitre_json_get_array (object, members[i], FALSE, &a, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (s, ==, "untouched");
      g_assert_cmpint (n, ==, 42);
      g_assert_true (b);
      g_assert_true (a == (JsonArray *) object);

      g_assert_false (pupitre_json_get_string (object, members[i], TRUE, &s, &error));
      assert_bad_field (error, members[i]);
      g_clear_error (&error);
      g_assert_false (pupitre_json_get_int (object, members[i], TRUE, 0, 1, &n, &error));
      assert_bad_field (error, members[i]);
      g_clear_error (&error);
      g_assert_false (pupitre_json_get_boolean (object, members[i], TRUE, &b, &error));
      assert_bad_field (error, members[i]);
      g_clear_error (&error);
      g_assert_false (pupitre_json_get_array (object, members[i], TRUE, &a, &error));
      assert_bad_field (error, members[i]);
    }
}

static char *
escape (const char *str)
{
  GString *out = g_string_new (NULL);

  pupitre_json_append_string (out, str);
  return g_string_free (out, FALSE);
}

static void
test_append_string_escapes (void)
{
  g_autofree char *quotes = escape ("say \"hi\" \\o/");
  g_autofree char *controls = escape ("a\nb\rc\td\x01" "e\x1f" "f\x7f");
  g_autofree char *unicode = escape ("é😀\xe2\x80\xa8");
  g_autofree char *empty = escape ("");

  g_assert_cmpstr (quotes, ==, "\"say \\\"hi\\\" \\\\o/\"");
  g_assert_cmpstr (controls, ==, "\"a\\nb\\rc\\td\\u0001e\\u001ff\x7f\"");
  g_assert_cmpstr (unicode, ==, "\"é😀\\u2028\"");
  g_assert_cmpstr (empty, ==, "\"\"");
}

static void
test_append_string_round_trip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new ("{\"type\":\"t\",\"s\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  /* Every control character and some of everything else. */
  for (gunichar c = 1; c < 0x80; c++)
    g_string_append_unichar (text, c);
  g_string_append (text, "é€😀\xe2\x80\xa8\xe2\x80\xa9");

  pupitre_json_append_string (line, text->str);
  g_string_append_c (line, '}');
  g_assert_null (strchr (line->str, '\n'));

  object = parse (line->str, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, text->str);
}

static void
test_append_string_invalid_utf8 (void)
{
  g_autofree char *out = escape ("a\xff" "b\xc3");

  /* Invalid bytes become U+FFFD: the output is always valid UTF-8. */
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpstr (out, ==, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");
}

static void
test_append_node (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  object = parse ("{\"type\":\"ping\",\"id\":{\"n\":[1,\"two\",null,true]}}", &error);
  g_assert_no_error (error);
  pupitre_json_append_node (out, json_object_get_member (object, "id"));
  g_assert_cmpstr (out->str, ==, "{\"n\":[1,\"two\",null,true]}");
}

static void
test_check_raw_offset (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "{\"a\": 1,\n \"b\": tru}";
  gsize offset = 0;

  g_assert_false (pupitre_json_check_raw (text, strlen (text), &offset, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_BAD_JSON);
  g_assert_cmpuint (offset, ==, 15);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/valid", test_parse_valid);
  g_test_add_func ("/json/parse/int64-extremes", test_parse_extremes_of_int64);
  g_test_add_func ("/json/parse/huge-integers-refused", test_parse_huge_integers);
  g_test_add_func ("/json/parse/deep-nesting-refused", test_parse_deep_nesting);
  g_test_add_func ("/json/parse/depth-limit", test_parse_depth_limit);
  g_test_add_func ("/json/parse/invalid-utf8-refused", test_parse_invalid_utf8);
  g_test_add_func ("/json/parse/nul-refused", test_parse_nul_bytes);
  g_test_add_func ("/json/parse/duplicate-keys-refused", test_parse_duplicate_keys);
  g_test_add_func ("/json/parse/lenient-json-refused", test_parse_not_strict_json);
  g_test_add_func ("/json/parse/non-object-refused", test_parse_not_an_object);
  g_test_add_func ("/json/parse/missing-type-refused", test_parse_missing_type);
  g_test_add_func ("/json/get/string", test_get_string);
  g_test_add_func ("/json/get/int", test_get_int);
  g_test_add_func ("/json/get/int-range", test_get_int_range);
  g_test_add_func ("/json/get/boolean", test_get_boolean);
  g_test_add_func ("/json/get/array", test_get_array);
  g_test_add_func ("/json/get/missing-or-null", test_get_missing);
  g_test_add_func ("/json/write/escapes", test_append_string_escapes);
  g_test_add_func ("/json/write/round-trip", test_append_string_round_trip);
  g_test_add_func ("/json/write/invalid-utf8-replaced", test_append_string_invalid_utf8);
  g_test_add_func ("/json/write/node", test_append_node);
  g_test_add_func ("/json/check-raw/error-offset", test_check_raw_offset);

  return g_test_run ();
}
