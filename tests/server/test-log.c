/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The log's escaping: what clients send cannot forge a line or reach the terminal as a control sequence. */

#include "config.h"

#include "pupitre-log.h"

static void
assert_escaped (const char *text,
                const char *expected)
{
  g_autofree char *escaped = pupitre_log_escape (text);

  g_assert_cmpstr (escaped, ==, expected);
}

static void
test_escape (void)
{
  assert_escaped ("Alice", "Alice");
  assert_escaped ("Zoé “la” ❤", "Zoé “la” ❤");
  assert_escaped ("a\nb\rc\td", "a\\nb\\rc\\td");
  assert_escaped ("\x1b[2J\x07\x7f", "\\x1b[2J\\x07\\x7f");
  /* C1 controls: NEL and CSI. */
  assert_escaped ("a\xc2\x85" "b\xc2\x9b", "a\\u0085b\\u009b");
  assert_escaped ("a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029");
  /* A right-to-left override and isolate would reorder the line. */
  assert_escaped ("a\xe2\x80\xae" "b\xe2\x81\xa6", "a\\u202eb\\u2066");
  /* A backslash typed by a client cannot pose as an escape. */
  assert_escaped ("a\\nb", "a\\\\nb");
  assert_escaped ("a\xff" "b", "a\\xffb");
}

/* A chat line or a refused name with a newline would have written a line
 * of its own; now it stays in the server's one line. */
static void
test_forged_line (void)
{
  if (g_test_subprocess ())
    {
      pupitre_log_init ();
      g_message ("<%s> %s", "Eve", "hi\n12:34:56 Mallory joined\x1b]0;owned\x07");
      pupitre_log_player (G_LOG_LEVEL_MESSAGE, "main", "Eve\nX", 1, "%s joined", "Eve\r\nX");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*<Eve> hi\\n12:34:56 Mallory joined\\x1b]0;owned\\x07\n*");
  g_test_trap_assert_stderr ("*Eve\\r\\nX joined\n*");
  g_test_trap_assert_stderr_unmatched ("*\n12:34:56 Mallory*");
  g_test_trap_assert_stderr_unmatched ("*\x1b*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log/escape/controls-and-separators", test_escape);
  g_test_add_func ("/log/writer/client-text-forges-no-line", test_forged_line);

  return g_test_run ();
}
