/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A player whose network vanishes without a word: the server notices by itself. */

/* A laptop lid closed or a Wi-Fi access point gone sends no FIN and no
 * RST: only the server's keepalive probes and TCP_USER_TIMEOUT can tell.
 * The test builds that for real: a network namespace of its own, joined
 * to the host's by a veth pair with addresses of its own choosing (in
 * 10.231.0.0/16), a player inside it, and then the link taken down. The
 * server must log the disconnection within a minute and show the seat as
 * disconnected to the others. Needs root; skipped otherwise (status 77).
 *
 * The namespace is made and removed by the test process, while the test
 * itself runs in a subprocess: whatever happens to it, the namespace goes. */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fault-support.h"

/* The contract's budget for noticing a vanished player. */
#define DETECTION_LIMIT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  char *netns;
  char *host_veth;
  char *guest_veth;
  char *host_address;   /* the server's address, in the host namespace */
  char *guest_address;  /* the player's address, in the test's namespace */
} Network;

static void
network_init (Network *network,
              int      pid)
{
  /* Names and a /30 of their own per test process, so that two runs at
   * once do not meet. Interface names have at most 15 characters. */
  network->netns = g_strdup_printf ("pupitre-vanish-%d", pid);
  network->host_veth = g_strdup_printf ("pvh%d", pid);
  network->guest_veth = g_strdup_printf ("pvg%d", pid);
  network->host_address = g_strdup_printf ("10.231.%d.%d", (pid >> 6) & 0xff, (pid & 0x3f) * 4 + 1);
  network->guest_address = g_strdup_printf ("10.231.%d.%d", (pid >> 6) & 0xff, (pid & 0x3f) * 4 + 2);
}

static void
network_clear (Network *network)
{
  g_free (network->netns);
  g_free (network->host_veth);
  g_free (network->guest_veth);
  g_free (network->host_address);
  g_free (network->guest_address);
}

/* Runs ip(8) with @args; TRUE when it succeeded. */
static gboolean
run_ip (const char * const *args,
        gboolean            quiet)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "ip");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      if (!quiet)
        g_printerr ("ip: %s\n", error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      if (!quiet)
        g_printerr ("ip %s: %s", args[0], err);
      return FALSE;
    }
  return TRUE;
}

static void
network_remove (Network *network)
{
  const char *del_netns[] = { "netns", "delete", network->netns, NULL };
  const char *del_link[] = { "link", "delete", network->host_veth, NULL };

  /* Deleting either end removes the pair; whichever is left goes. */
  run_ip (del_link, TRUE);
  run_ip (del_netns, TRUE);
}

static gboolean
network_add (Network *network)
{
  g_autofree char *host_cidr = g_strconcat (network->host_address, "/30", NULL);
  g_autofree char *guest_cidr = g_strconcat (network->guest_address, "/30", NULL);
  const char *add_netns[] = { "netns", "add", network->netns, NULL };
  const char *add_pair[] = { "link", "add", network->host_veth, "type", "veth",
                             "peer", "name", network->guest_veth, "netns", network->netns, NULL };
  const char *host_addr[] = { "addr", "add", host_cidr, "dev", network->host_veth, NULL };
  const char *host_up[] = { "link", "set", network->host_veth, "up", NULL };
  const char *guest_addr[] = { "-n", network->netns, "addr", "add", guest_cidr,
                               "dev", network->guest_veth, NULL };
  const char *guest_up[] = { "-n", network->netns, "link", "set", network->guest_veth, "up", NULL };
  const char *guest_lo[] = { "-n", network->netns, "link", "set", "lo", "up", NULL };

  network_remove (network);
  if (!run_ip (add_netns, FALSE))
    return FALSE;
  if (!run_ip (add_pair, FALSE) || !run_ip (host_addr, FALSE) || !run_ip (host_up, FALSE) ||
      !run_ip (guest_addr, FALSE) || !run_ip (guest_up, FALSE) || !run_ip (guest_lo, FALSE))
    {
      network_remove (network);
      return FALSE;
    }
  return TRUE;
}

/* The ghost: a fault-client process inside the namespace. */
static GPid
spawn_ghost (Network      *network,
             guint         port,
             FaultClient **out)
{
  g_autofree char *helper = g_build_filename (g_getenv ("PUPITRE_BUILD_DIR"),
                                              "tests", "faults", "fault-client", NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { "ip", "netns", "exec", network->netns,
                         helper, network->host_address, port_text, "Ghost", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int stdout_fd;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                            fault_child_setup, NULL, &pid, NULL, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  *out = fault_client_new_for_fd (stdout_fd);
  return pid;
}

/* In the subprocess: the namespace was made by the parent, the test
 * process, whose pid names it. */
static void
run_vanished_player (void)
{
  Network network;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *quiz = NULL;
  g_autoptr(FaultServer) server = NULL;
  g_autoptr(FaultClient) ghost = NULL;
  g_autoptr(FaultClient) observer = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(JsonObject) observer_joined = NULL;
  gint64 vanished_at;
  gint64 noticed_at;
  gsize mark;
  GPid ghost_pid;
  int status;

  network_init (&network, getppid ());
  dir = g_dir_make_tmp ("pupitre-vanish-XXXXXX", &error);
  g_assert_no_error (error);
  quiz = fault_write_quiz (dir, 3);

  {
    /* Three players needed: the game stays in the lobby, where nothing is
     * sent to the ghost and only keepalive can find it out. */
    const char *args[] = { "--players", "3", "--quiz", quiz, NULL };

    server = fault_server_start_on (network.host_address, args);
  }

  ghost_pid = spawn_ghost (&network, fault_server_get_port (server), &ghost);
  joined = fault_client_expect (ghost, "joined", FAULT_TIMEOUT_US);
  /* It did come from inside the namespace. */
  g_assert_true (fault_server_wait_log (server, 0, "Ghost joined", FAULT_TIMEOUT_US));
  g_assert_true (fault_server_wait_log (server, 0, network.guest_address, FAULT_TIMEOUT_US));

  observer = fault_client_connect (network.host_address, fault_server_get_port (server));
  observer_joined = fault_client_join (observer, "Olga", NULL);
  fault_client_expect_player (observer, "Ghost", TRUE, FAULT_TIMEOUT_US);

  /* The cable is pulled: no FIN, no RST, nothing. */
  mark = fault_server_get_log_length (server);
  {
    const char *args[] = { "-n", network.netns, "link", "set", network.guest_veth, "down", NULL };

    g_assert_true (run_ip (args, FALSE));
  }
  vanished_at = g_get_monotonic_time ();

  g_assert_true (fault_server_wait_log (server, mark, "Ghost disconnected", DETECTION_LIMIT_US));
  noticed_at = g_get_monotonic_time ();
  g_printerr ("The vanished player was noticed after %.1f s\n",
              (noticed_at - vanished_at) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (noticed_at - vanished_at, <, DETECTION_LIMIT_US);
  /* In the lobby a seat holds no score yet: it goes with its connection. */
  fault_client_expect_no_player (observer, "Ghost", FAULT_TIMEOUT_US);

  /* The ghost itself never heard a thing; it goes now. */
  kill (ghost_pid, SIGKILL);
  g_assert_cmpint (waitpid (ghost_pid, &status, 0), ==, ghost_pid);
  g_spawn_close_pid (ghost_pid);

  g_unlink (quiz);
  g_rmdir (dir);
  network_clear (&network);
}

static void
test_vanished_player (void)
{
  Network network;

  if (g_test_subprocess ())
    {
      run_vanished_player ();
      return;
    }

  network_init (&network, getpid ());
  g_assert_true (network_add (&network));
  /* 60 s for the detection itself, and some for the rest. */
  g_test_trap_subprocess (NULL, 100 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  network_remove (&network);
  network_clear (&network);
  g_test_trap_assert_passed ();
}

/* A run killed from outside (a meson timeout) cannot clean up after
 * itself: the next run removes what such a run left, once its process is
 * gone. */
static void
remove_stale_networks (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/run/netns", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      Network network;
      guint64 pid;

      if (!g_str_has_prefix (name, "pupitre-vanish-") ||
          !g_ascii_string_to_unsigned (name + strlen ("pupitre-vanish-"), 10, 1, G_MAXINT,
                                       &pid, NULL) ||
          kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;

      network_init (&network, (int) pid);
      network_remove (&network);
      network_clear (&network);
    }
}

/* Whether this machine lets the test build its network: root, ip(8) and
 * network namespaces. */
static gboolean
can_make_network (void)
{
  Network network;
  gboolean ok;

  if (geteuid () != 0)
    {
      g_printerr ("Skipped: making a network namespace needs root\n");
      return FALSE;
    }

  remove_stale_networks ();
  network_init (&network, getpid ());
  ok = network_add (&network);
  network_remove (&network);
  network_clear (&network);
  if (!ok)
    g_printerr ("Skipped: cannot make a network namespace and a veth pair here\n");
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Meson's code for a skipped test. */
  if (!g_test_subprocess () && !can_make_network ())
    return 77;

  g_test_add_func ("/faults/network/vanished-player", test_vanished_player);
  return g_test_run ();
}
