/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the line framer: limits, split reads, CRLF, memory. */

#include <string.h>

#include "pupitre-error.h"
#include "pupitre-line-reader.h"
#include "pupitre-protocol.h"

/* Pushes @text and expects exactly the lines of @expected, then nothing. */
static void
assert_lines (PupitreLineReader  *reader,
              const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len;

  for (guint i = 0; expected[i] != NULL; i++)
    {
      line = pupitre_line_reader_next (reader, &len, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_cmpstr (line, ==, expected[i]);
      g_assert_cmpuint (len, ==, strlen (expected[i]));
    }

  line = pupitre_line_reader_next (reader, &len, &error);
  g_assert_no_error (error);
  g_assert_null (line);
}

static void
test_single_line (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *expected[] = { "{\"type\":\"quit\"}", NULL };

  pupitre_line_reader_push (reader, "{\"type\":\"quit\"}\n", 16);
  assert_lines (reader, expected);
}

static void
test_no_line_yet (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *nothing[] = { NULL };
  const char *expected[] = { "abcdef", NULL };

  pupitre_line_reader_push (reader, "abc", 3);
  assert_lines (reader, nothing);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, 3);
  pupitre_line_reader_push (reader, "def\n", 4);
  assert_lines (reader, expected);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, 0);
}

static void
test_byte_by_byte (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *text = "first line\r\nsecond\n\nthird\n";
  const char *expected[] = { "first line", "second", "third" };
  g_autoptr(GError) error = NULL;
  guint seen = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      const char *line;
      gsize len;

      pupitre_line_reader_push (reader, text + i, 1);
      while ((line = pupitre_line_reader_next (reader, &len, &error)) != NULL)
        {
          g_assert_cmpuint (seen, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (line, ==, expected[seen]);
          g_assert_cmpuint (len, ==, strlen (expected[seen]));
          seen++;
        }
      g_assert_no_error (error);
    }

  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (expected));
}

static void
test_several_lines_per_push (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *text = "one\ntwo\r\nthree\nfour-unfinished";
  const char *expected[] = { "one", "two", "three", NULL };
  const char *rest[] = { "four-unfinished", NULL };

  pupitre_line_reader_push (reader, text, strlen (text));
  assert_lines (reader, expected);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, strlen ("four-unfinished"));
  pupitre_line_reader_push (reader, "\n", 1);
  assert_lines (reader, rest);
}

static void
test_crlf (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *expected[] = { "a", "b\rc", "d", NULL };

  /* Only the \r right before the newline is framing. */
  pupitre_line_reader_push (reader, "a\r\nb\rc\r\nd\n", 10);
  assert_lines (reader, expected);
}

static void
test_crlf_split (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *nothing[] = { NULL };
  const char *expected[] = { "ping", NULL };

  pupitre_line_reader_push (reader, "ping\r", 5);
  assert_lines (reader, nothing);
  pupitre_line_reader_push (reader, "\n", 1);
  assert_lines (reader, expected);
}

static void
test_empty_lines (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  const char *expected[] = { "x", NULL };

  const char *text = "\n\r\n\n\r\nx\n\n\ry\n\r\n";

  pupitre_line_reader_push (reader, text, strlen (text));
  /* "\ry" keeps its leading \r: only a final \r is stripped. */
  {
    g_autoptr(GError) error = NULL;
    const char *line;
    gsize len;

    line = pupitre_line_reader_next (reader, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (line, ==, expected[0]);
    line = pupitre_line_reader_next (reader, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (line, ==, "\ry");
    g_assert_cmpuint (len, ==, 2);
    line = pupitre_line_reader_next (reader, &len, &error);
    g_assert_no_error (error);
    g_assert_null (line);
  }
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
}

static void
test_only_empty_lines (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (16);
  const char *nothing[] = { NULL };

  /* Many empty lines, more bytes than the limit in total: each line is
   * short, so none is too long. */
  for (guint i = 0; i < 100; i++)
    pupitre_line_reader_push (reader, "\r\n", 2);
  assert_lines (reader, nothing);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, 0);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
}

/* A line of max bytes, its newline included: max - 1 "x" and "\n". */
static char *
make_line (gsize       length_with_newline,
           const char *ending)
{
  gsize ending_len = strlen (ending);
  char *line = g_malloc (length_with_newline + 1);

  memset (line, 'x', length_with_newline - ending_len);
  memcpy (line + length_with_newline - ending_len, ending, ending_len);
  line[length_with_newline] = '\0';

  return line;
}

static void
test_limit_exact_accepted (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  g_autofree char *text = make_line (PUPITRE_MAX_LINE, "\n");
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len = 0;

  pupitre_line_reader_push (reader, text, PUPITRE_MAX_LINE);
  line = pupitre_line_reader_next (reader, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpuint (len, ==, PUPITRE_MAX_LINE - 1);
  g_assert_cmpuint (strlen (line), ==, PUPITRE_MAX_LINE - 1);
}

static void
test_limit_exact_crlf_accepted (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  g_autofree char *text = make_line (PUPITRE_MAX_LINE, "\r\n");
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len = 0;

  pupitre_line_reader_push (reader, text, PUPITRE_MAX_LINE);
  line = pupitre_line_reader_next (reader, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpuint (len, ==, PUPITRE_MAX_LINE - 2);
}

static void
test_limit_one_more_refused (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  g_autofree char *text = make_line (PUPITRE_MAX_LINE + 1, "\n");
  g_autoptr(GError) error = NULL;
  const char *line;
  gsize len = 1;

  pupitre_line_reader_push (reader, text, PUPITRE_MAX_LINE + 1);
  line = pupitre_line_reader_next (reader, &len, &error);
  g_assert_null (line);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);

  /* The reader is spent: more data changes nothing. */
  g_clear_error (&error);
  pupitre_line_reader_push (reader, "ok\n", 3);
  line = pupitre_line_reader_next (reader, &len, &error);
  g_assert_null (line);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
}

static void
test_limit_unfinished_refused_early (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  g_autofree char *chunk = g_malloc (4096);
  g_autoptr(GError) error = NULL;
  const char *line = NULL;
  gsize pushed = 0;

  memset (chunk, 'y', 4096);

  /* No newline ever: the error comes as soon as the unfinished line
   * reaches the limit, and the buffer never holds more than the limit. */
  while (pushed < 4 * PUPITRE_MAX_LINE)
    {
      pupitre_line_reader_push (reader, chunk, 4096);
      pushed += 4096;
      g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), <, PUPITRE_MAX_LINE);
      g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), <=, PUPITRE_MAX_LINE);
      line = pupitre_line_reader_next (reader, NULL, &error);
      if (error != NULL)
        break;
      g_assert_null (line);
    }

  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (pushed, ==, PUPITRE_MAX_LINE);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
}

static void
test_limit_unfinished_one_push (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  gsize huge = 16 * PUPITRE_MAX_LINE;
  g_autofree char *data = g_malloc (huge);
  g_autoptr(GError) error = NULL;

  /* One read bringing far more than the limit is not copied at all. */
  memset (data, 'z', huge);
  pupitre_line_reader_push (reader, data, huge);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
}

static void
test_limit_unfinished_exact (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (8);
  g_autoptr(GError) error = NULL;

  /* 7 bytes may still end with a newline; the 8th byte without one is
   * already over. */
  pupitre_line_reader_push (reader, "1234567", 7);
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, 7);
  pupitre_line_reader_push (reader, "8", 1);
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
}

static void
test_limit_lines_before_overflow (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (8);
  g_autoptr(GError) error = NULL;
  const char *line;

  /* Whole lines that came before the long one are still delivered. */
  pupitre_line_reader_push (reader, "abc\n1234567\n123456789\nlater\n", 28);
  line = pupitre_line_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "abc");
  line = pupitre_line_reader_next (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "1234567");
  line = pupitre_line_reader_next (reader, NULL, &error);
  g_assert_null (line);
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
}

static void
test_limit_across_pushes (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (8);
  g_autoptr(GError) error = NULL;

  /* The limit counts the whole line, not each push. */
  pupitre_line_reader_push (reader, "12345", 5);
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  pupitre_line_reader_push (reader, "6789\n", 5);
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_error (error, PUPITRE_ERROR, PUPITRE_ERROR_LINE_TOO_LONG);
}

static void
test_memory_released (void)
{
  g_autoptr(PupitreLineReader) reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  guint n = 0;

  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (many, "{\"type\":\"ping\",\"id\":%u}\n", i);
  g_string_append (many, "unfinished");

  pupitre_line_reader_push (reader, many->str, many->len);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), >=, many->len);
  while (pupitre_line_reader_next (reader, NULL, &error) != NULL)
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2000);

  /* Only the short unfinished line is kept, in a small buffer. */
  g_assert_cmpuint (pupitre_line_reader_get_buffered (reader), ==, 10);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), <=, 256);

  pupitre_line_reader_push (reader, "\n", 1);
  g_assert_cmpstr (pupitre_line_reader_next (reader, NULL, &error), ==, "unfinished");
  g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pupitre_line_reader_get_allocated (reader), ==, 0);
}

static void
test_memory_many_idle_readers (void)
{
  g_autoptr(GPtrArray) readers = g_ptr_array_new_with_free_func ((GDestroyNotify) pupitre_line_reader_free);
  gsize total = 0;

  /* 10,000 connections that each read a message and went idle. */
  for (guint i = 0; i < 10000; i++)
    {
      PupitreLineReader *reader = pupitre_line_reader_new (PUPITRE_MAX_LINE);
      g_autoptr(GError) error = NULL;
      const char *join = "{\"type\":\"join\",\"name\":\"a\"}\n";

      pupitre_line_reader_push (reader, join, strlen (join));
      g_assert_nonnull (pupitre_line_reader_next (reader, NULL, &error));
      g_assert_null (pupitre_line_reader_next (reader, NULL, &error));
      g_assert_no_error (error);
      total += pupitre_line_reader_get_allocated (reader);
      g_ptr_array_add (readers, reader);
    }

  g_assert_cmpuint (total, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/line-reader/split/single-line", test_single_line);
  g_test_add_func ("/line-reader/split/no-line-yet", test_no_line_yet);
  g_test_add_func ("/line-reader/split/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/line-reader/split/several-lines-per-push", test_several_lines_per_push);
  g_test_add_func ("/line-reader/crlf/stripped", test_crlf);
  g_test_add_func ("/line-reader/crlf/split-between-pushes", test_crlf_split);
  g_test_add_func ("/line-reader/empty-lines/skipped", test_empty_lines);
  g_test_add_func ("/line-reader/empty-lines/never-too-long", test_only_empty_lines);
  g_test_add_func ("/line-reader/limit/exact-accepted", test_limit_exact_accepted);
  g_test_add_func ("/line-reader/limit/exact-crlf-accepted", test_limit_exact_crlf_accepted);
  g_test_add_func ("/line-reader/limit/one-more-refused", test_limit_one_more_refused);
  g_test_add_func ("/line-reader/limit/unfinished-refused-without-buffering", test_limit_unfinished_refused_early);
  g_test_add_func ("/line-reader/limit/unfinished-huge-push", test_limit_unfinished_one_push);
  g_test_add_func ("/line-reader/limit/unfinished-reaching-limit", test_limit_unfinished_exact);
  g_test_add_func ("/line-reader/limit/lines-before-overflow-delivered", test_limit_lines_before_overflow);
  g_test_add_func ("/line-reader/limit/across-pushes", test_limit_across_pushes);
  g_test_add_func ("/line-reader/memory/released-when-idle", test_memory_released);
  g_test_add_func ("/line-reader/memory/ten-thousand-idle-readers", test_memory_many_idle_readers);

  return g_test_run ();
}
