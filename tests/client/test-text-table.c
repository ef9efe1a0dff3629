/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's tables: columns aligned on what a terminal shows. */

#include "config.h"

#include "pupitre-text-table.h"

static void
test_width_counts_characters (void)
{
  g_assert_cmpuint (pupitre_text_width (""), ==, 0);
  g_assert_cmpuint (pupitre_text_width ("Ubuntu1"), ==, 7);
  /* Precomposed and decomposed accents take one column each way. */
  g_assert_cmpuint (pupitre_text_width ("Éloïse"), ==, 6);
  g_assert_cmpuint (pupitre_text_width ("E\xcc\x81loi\xcc\x88se"), ==, 6);
  /* East Asian wide characters take two. */
  g_assert_cmpuint (pupitre_text_width ("学生"), ==, 4);
}

static void
test_columns_align_accented_names (void)
{
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (3);
  const char *header[] = { "Rank", "Player", "Score" };
  const char *first[] = { "1", "Éloïse", "12" };
  const char *second[] = { "2", "Bob", "-1" };
  g_autofree char *text = NULL;

  pupitre_text_table_set_align (table, 0, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_set_align (table, 2, PUPITRE_TEXT_ALIGN_RIGHT);
  pupitre_text_table_add_row (table, header);
  pupitre_text_table_add_row (table, first);
  pupitre_text_table_add_row (table, second);

  text = pupitre_text_table_format (table, NULL, NULL);
  g_assert_cmpstr (text, ==,
                   "Rank  Player  Score\n"
                   "   1  Éloïse     12\n"
                   "   2  Bob        -1\n");
}

static void
test_no_trailing_spaces (void)
{
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (2);
  const char *header[] = { "Player", "Note" };
  const char *row[] = { "Bob", "" };
  g_autofree char *text = NULL;

  pupitre_text_table_add_row (table, header);
  pupitre_text_table_add_row (table, row);

  text = pupitre_text_table_format (table, NULL, NULL);
  g_assert_cmpstr (text, ==,
                   "Player  Note\n"
                   "Bob\n");
}

static void
test_header_emphasis_not_counted (void)
{
  g_autoptr(PupitreTextTable) table = pupitre_text_table_new (2);
  const char *header[] = { "A", "B" };
  const char *row[] = { "long", "x" };
  g_autofree char *text = NULL;

  pupitre_text_table_add_row (table, header);
  pupitre_text_table_add_row (table, row);

  text = pupitre_text_table_format (table, "<b>", "</b>");
  g_assert_cmpstr (text, ==,
                   "<b>A     B</b>\n"
                   "long  x\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console/table/width-counts-characters", test_width_counts_characters);
  g_test_add_func ("/console/table/columns-align-accented-names",
                   test_columns_align_accented_names);
  g_test_add_func ("/console/table/no-trailing-spaces", test_no_trailing_spaces);
  g_test_add_func ("/console/table/header-emphasis-not-counted",
                   test_header_emphasis_not_counted);

  return g_test_run ();
}
