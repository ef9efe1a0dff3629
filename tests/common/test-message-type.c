/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the table of message type names. */

#include "config.h"

#include <string.h>

#include "pupitre-message-type.h"

static void
test_names_round_trip (void)
{
  for (guint i = 0; i < PUPITRE_N_MESSAGE_TYPES; i++)
    {
      const char *name = pupitre_message_type_to_string (i);
      PupitreMessageType type = PUPITRE_N_MESSAGE_TYPES;

      g_assert_nonnull (name);
      g_assert_true (pupitre_message_type_from_name (name, strlen (name), &type));
      g_assert_cmpuint (type, ==, i);
    }
}

static void
test_names_unique (void)
{
  for (guint a = 0; a < PUPITRE_N_MESSAGE_TYPES; a++)
    for (guint b = a + 1; b < PUPITRE_N_MESSAGE_TYPES; b++)
      g_assert_cmpstr (pupitre_message_type_names[a], !=, pupitre_message_type_names[b]);
}

static void
test_unknown_names (void)
{
  PupitreMessageType type = PUPITRE_MESSAGE_TYPE_PING;

  /* Prefixes, longer names, another case and an embedded NUL are not names. */
  g_assert_false (pupitre_message_type_from_name ("answe", 5, &type));
  g_assert_false (pupitre_message_type_from_name ("answers", 7, &type));
  g_assert_false (pupitre_message_type_from_name ("Answer", 6, &type));
  g_assert_false (pupitre_message_type_from_name ("bye\0x", 5, &type));
  g_assert_false (pupitre_message_type_from_name ("", 0, &type));
  g_assert_cmpuint (type, ==, PUPITRE_MESSAGE_TYPE_PING);

  /* Only the given bytes count: the name needs no terminator. */
  g_assert_true (pupitre_message_type_from_name ("answer_ack", 6, &type));
  g_assert_cmpuint (type, ==, PUPITRE_MESSAGE_TYPE_ANSWER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-type/names/round-trip", test_names_round_trip);
  g_test_add_func ("/message-type/names/unique", test_names_unique);
  g_test_add_func ("/message-type/names/unknown", test_unknown_names);

  return g_test_run ();
}
