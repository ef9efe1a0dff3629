#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Pupitre's Debian packages from a clean copy of the working tree,
# checks them with lintian, installs them, checks what they installed and
# purges them again; then, unless systemd runs this machine, does the same
# in a container booted with systemd, where the service really starts,
# plays a game, serves TLS, is socket-activated and is removed.
#
# Usage: tools/check-packages.sh   (as root, on Debian 12)
#
# The copy holds the files git tracks plus the untracked ones it does not
# ignore, so work not yet committed is checked too. The script leaves
# nothing behind: the packages are purged and the copy removed, whatever
# happens. It ends with the line "N passed, N failed" and exits non-zero
# when a check failed.

set -u
set -o pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(pupitre-common pupitre pupitre-console pupitre-server)

passed=0
failed=0
installed_by_us=0
server_pid=
container=

pass ()
{
  passed=$((passed + 1))
  echo "ok - $1"
}

fail ()
{
  failed=$((failed + 1))
  echo "FAIL - $1"
  shift
  local line
  for line in "$@"; do
    echo "    $line"
  done
}

# check NAME COMMAND...: one check, passed when COMMAND succeeds; its
# output is shown only when it fails.
check ()
{
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    pass "$name"
  else
    fail "$name" "command: $*"
    sed -e 's/^/    | /' <<<"$out" | tail -n 30
  fi
}

finish ()
{
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  if [ "$installed_by_us" = 1 ]; then
    apt-get purge -y -q "${packages[@]}" >/dev/null 2>&1 \
      || echo "warning: could not purge ${packages[*]}" >&2
  fi
  if [ -n "$container" ]; then
    umount "$container/root" 2>/dev/null
    umount "$container" 2>/dev/null
    if mountpoint -q "$container/root" || mountpoint -q "$container"; then
      echo "warning: $container is still mounted: $workdir left in place" >&2
      exit "$status"
    fi
  fi
  [ -n "${workdir:-}" ] && rm -rf --one-file-system -- "$workdir"
  exit "$status"
}

summary_and_exit ()
{
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}

if [ "$(id -u)" != 0 ]; then
  echo "$0: must run as root (it installs and purges packages)" >&2
  exit 2
fi
for tool in dpkg-buildpackage dh lintian apt-get systemd-analyze man git; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing (see tools/debian-packages.txt)" >&2
    exit 2
  fi
done

# Packages left installed by an earlier, interrupted run would hide what
# this build installs.
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    echo "$0: $p is already installed; purge it first" >&2
    exit 2
  fi
done

workdir=$(mktemp -d -t pupitre-packages.XXXXXX)
trap finish EXIT
trap 'exit 130' INT TERM

version=$(cd "$srcdir" && dpkg-parsechangelog -S Version)
tree=$workdir/pupitre-$version
mkdir -p "$tree"

# --- Build --------------------------------------------------------------

# A meson build folder that .gitignore does not name is left out too.
(cd "$srcdir" && git ls-files -z --cached --others --exclude-standard) \
  | while IFS= read -r -d '' f; do
      top=${f%%/*}
      [ "$top" != "$f" ] && [ -d "$srcdir/$top/meson-private" ] && continue
      [ -e "$srcdir/$f" ] && printf '%s\0' "$f"
    done \
  | tar -C "$srcdir" --null --no-recursion -T - -cf - \
  | tar -C "$tree" -xf -

echo "# building pupitre $version in $tree"
# The source package is built too: lintian checks debian/copyright,
# debian/rules and the changelog only in the source package.
if (cd "$tree" && DEB_BUILD_OPTIONS="parallel=2 ${DEB_BUILD_OPTIONS:-}" \
      dpkg-buildpackage -us -uc) >"$workdir/build.log" 2>&1; then
  pass "dpkg-buildpackage builds the source and binary packages"
else
  missing=$(grep -o 'Cannot find (any matches for) "[^"]*"' "$workdir/build.log" \
              | sed -e 's/.*"\(.*\)"/\1/' | sort -u)
  if [ -n "$missing" ]; then
    fail "dpkg-buildpackage builds the source and binary packages" \
         "the build installed none of these files, which debian/*.install ship:" \
         $missing
    for program in $(sed -n -e 's|^usr/bin/||p' <<<"$missing"); do
      echo "    the program $program was not built: is its part of the tree in the build yet?"
    done
  else
    fail "dpkg-buildpackage builds the source and binary packages" \
         "last lines of the build log:"
  fi
  tail -n 40 "$workdir/build.log" | sed -e 's/^/    | /'
  summary_and_exit
fi

changes=$(ls "$workdir"/pupitre_"$version"_*.changes | grep -v _source.changes | head -n 1)
debs=()
for p in "${packages[@]}"; do
  deb=$(ls "$workdir/${p}_${version}_"*.deb 2>/dev/null | head -n 1)
  if [ -n "$deb" ]; then
    debs+=("$deb")
    pass "package $p was built"
  else
    fail "package $p was built"
  fi
done

# --- Lintian ------------------------------------------------------------

# No tag is suppressed: every error and warning is fixed in the packaging.
check "lintian reports no error and no warning" \
  lintian --fail-on error,warning "$changes"

# --- Contents -----------------------------------------------------------

contents ()
{
  dpkg-deb -c "$workdir/${1}_${version}_"*.deb | awk '{ print $6 }' | sed -e 's|^\./|/|'
}

# has PACKAGE PATH: PACKAGE ships PATH (a file or a folder).
has ()
{
  contents "$1" | grep -qx -- "$2" || { echo "$1 does not ship $2"; return 1; }
}

server_ships_its_files ()
{
  has pupitre-server /usr/bin/pupitre-server &&
  has pupitre-server /etc/pupitre/server.conf &&
  has pupitre-server /lib/systemd/system/pupitre-server.service &&
  has pupitre-server /lib/systemd/system/pupitre-server.socket &&
  has pupitre-server /usr/share/pupitre/quizzes/culture-generale.fr.json &&
  has pupitre-server /usr/share/man/man1/pupitre-server.1.gz &&
  has pupitre-server /usr/share/doc/pupitre-server/README.Debian
}

client_ships_its_files ()
{
  has pupitre /usr/bin/pupitre &&
  has pupitre /usr/share/applications/org.pupitre.Pupitre.desktop &&
  has pupitre /usr/share/metainfo/org.pupitre.Pupitre.metainfo.xml &&
  has pupitre /usr/share/glib-2.0/schemas/org.pupitre.Pupitre.gschema.xml &&
  has pupitre /usr/share/icons/hicolor/scalable/apps/org.pupitre.Pupitre.svg &&
  has pupitre /usr/share/man/man1/pupitre.1.gz &&
  has pupitre-console /usr/bin/pupitre-console &&
  has pupitre-console /usr/share/man/man1/pupitre-console.1.gz
}

# The three programs share one gettext domain: a .mo file in two packages
# would make them conflict.
only_common_ships_translations ()
{
  local p
  has pupitre-common /usr/share/locale/fr/LC_MESSAGES/pupitre.mo || return 1
  for p in pupitre pupitre-console pupitre-server; do
    if contents "$p" | grep '\.mo$'; then
      echo "$p ships a translation"
      return 1
    fi
  done
}

# libglib2.0-0 does not pull in the TLS backend: whatever offers TLS must.
depend_on_glib_networking ()
{
  local p
  for p in pupitre pupitre-console pupitre-server; do
    dpkg-deb -f "$workdir/${p}_${version}_"*.deb Depends | grep -qw glib-networking \
      || { echo "$p does not depend on glib-networking"; return 1; }
  done
}

check "pupitre-server ships the server, its configuration and units" server_ships_its_files
check "pupitre and pupitre-console ship their programs and files" client_ships_its_files
check "only pupitre-common ships the translations" only_common_ships_translations
check "the server and both clients depend on glib-networking (TLS)" depend_on_glib_networking

# --- Installation -------------------------------------------------------

echo "# installing ${debs[*]##*/}"
installed_by_us=1
if apt-get install -y -q --no-install-recommends "${debs[@]}" >"$workdir/install.log" 2>&1 \
   || { apt-get update -q >/dev/null 2>&1 &&
        apt-get install -y -q --no-install-recommends "${debs[@]}" >"$workdir/install.log" 2>&1; }; then
  pass "apt-get installs the packages"
else
  fail "apt-get installs the packages"
  tail -n 30 "$workdir/install.log" | sed -e 's/^/    | /'
  summary_and_exit
fi

check "pupitre-server --help lists its options" \
  bash -c 'out=$(pupitre-server --help) && grep -q -- --port <<<"$out" && grep -q -- --quiz <<<"$out"'
check "pupitre-server --version prints $version" \
  bash -c "pupitre-server --version | grep -qF -- '$version'"
check "pupitre-console --help lists its options" \
  bash -c 'out=$(pupitre-console --help) && grep -q -- --host <<<"$out" && grep -q -- --name <<<"$out"'
# --help is answered before GTK opens a display: none is given.
check "pupitre --help works without a display" \
  env -u DISPLAY -u WAYLAND_DISPLAY pupitre --help

check "the man pages are installed" \
  bash -c 'for p in pupitre pupitre-console pupitre-server; do man -w "$p" >/dev/null || exit 1; done'
check "/etc/pupitre/server.conf is a conffile" \
  bash -c "dpkg-query -W -f='\${Conffiles}' pupitre-server | grep -q ' /etc/pupitre/server.conf '"

# deb-systemd-helper enables units without a running systemd: the links
# show what the packaging decided.
check "pupitre-server.service is enabled" \
  test -L /etc/systemd/system/multi-user.target.wants/pupitre-server.service
check "pupitre-server.socket is shipped but not enabled" \
  test ! -e /etc/systemd/system/sockets.target.wants/pupitre-server.socket

notify_ready ()
{
  grep -x 'Type=notify' /lib/systemd/system/pupitre-server.service &&
  dpkg-query -W -f='${Depends}' pupitre-server | grep -w libsystemd0
}
check "the service waits for the server's readiness (Type=notify, libsystemd)" notify_ready

check "systemd-analyze verify accepts the units" \
  systemd-analyze verify /lib/systemd/system/pupitre-server.service \
                         /lib/systemd/system/pupitre-server.socket
exposure=$(systemd-analyze security --offline=true \
             /lib/systemd/system/pupitre-server.service 2>&1 \
           | sed -n -e 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }'; then
  pass "systemd-analyze security rates the service $exposure (at most 2.0)"
else
  fail "systemd-analyze security rates the service ${exposure:-?} (at most 2.0)"
fi

if [ -d /run/systemd/system ]; then
  check "the service is running after installation" \
    systemctl is-active --quiet pupitre-server.service
else
  echo "# systemd is not running here: the service was not started"
fi

# The installed server, with the packaged configuration and default quiz,
# greets a client and exits cleanly on SIGTERM.
connect ()
{
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null
}

smoke_server ()
{
  local port line status deadline
  mkdir -p "$workdir/results"
  # A port taken by someone else makes the server exit: try another.
  for port in $((40000 + RANDOM % 9000)) $((40000 + RANDOM % 9000)); do
    pupitre-server --config /etc/pupitre/server.conf --bind 127.0.0.1 \
      --port "$port" --results-dir "$workdir/results" &
    server_pid=$!
    deadline=$((SECONDS + 10))
    while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$server_pid" 2>/dev/null; do
      if connect "$port"; then
        line=
        read -r -t 5 line <&3
        exec 3<&-
        kill -TERM "$server_pid"
        wait "$server_pid"
        status=$?
        server_pid=
        echo "greeting: $line"
        echo "exit status after SIGTERM: $status"
        grep -q '"type" *: *"welcome"' <<<"$line" && [ "$status" = 0 ]
        return
      fi
      sleep 0.1
    done
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
  done
  echo "the server never accepted a connection"
  return 1
}
if smoke_server >"$workdir/smoke.log" 2>&1; then
  pass "the installed server greets a client and stops on SIGTERM"
else
  fail "the installed server greets a client and stops on SIGTERM"
  tail -n 20 "$workdir/smoke.log" | sed -e 's/^/    | /'
fi

# --- Removal ------------------------------------------------------------

if apt-get purge -y -q "${packages[@]}" >"$workdir/purge.log" 2>&1; then
  installed_by_us=0
  pass "apt-get purges the packages"
else
  fail "apt-get purges the packages"
  tail -n 20 "$workdir/purge.log" | sed -e 's/^/    | /'
fi
check "purging leaves no file, conffile or unit link behind" \
  bash -c '! [ -e /usr/bin/pupitre-server ] && ! [ -e /etc/pupitre ] &&
           ! [ -e /lib/systemd/system/pupitre-server.service ] &&
           ! [ -e /etc/systemd/system/multi-user.target.wants/pupitre-server.service ]'


# --- The service under systemd -------------------------------------------

# Here systemd is rarely PID 1, so the packages are also installed in a
# container booted with systemd: a throwaway overlay over this machine's
# own root, without network, in which a script drives the service as an
# administrator would and writes one "ok -" or "FAIL -" line per check.
container_script ()
{
  cat <<'SCRIPT'
#!/bin/bash
exec >/check/log 2>&1
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
result () { echo "$1 - $2" >>/check/results; }
check () { local name=$1; shift; if "$@"; then result ok "$name"; else result FAIL "$name"; fi; }

# welcome PORT: a client connects and is greeted.
welcome ()
{
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  read -r -t 5 line <&3
  exec 3<&-
  echo "greeting: $line"
  [[ $line == *'"type":"welcome"'* ]]
}

# play_one_game: one player joins, answers the only question and sees
# the game end.
play_one_game ()
{
  local line end=$((SECONDS + 30))
  exec 3<>/dev/tcp/127.0.0.1/50026 || return 1
  echo '{"type":"join","name":"Ubuntu1"}' >&3
  while [ "$SECONDS" -lt "$end" ] && read -r -t 10 line <&3; do
    echo "< ${line:0:100}"
    case $line in
      *'"type":"question"'*) echo '{"type":"answer","round":1,"choice":1}' >&3 ;;
      *'"type":"game_over"'*) exec 3<&-; return 0 ;;
    esac
  done
  exec 3<&-
  return 1
}

tls_welcome ()
{
  echo '{"type":"ping","id":1}' | timeout 10 openssl s_client -connect 127.0.0.1:50026 -quiet 2>/dev/null \
    | grep -q '"type":"pong"'
}

apt-get install -y -q --no-install-recommends /check/*.deb
sleep 1
check "the service runs once the package is installed" systemctl is-active --quiet pupitre-server.service
check "the service reported its readiness and status" \
  test -n "$(systemctl show -p StatusText --value pupitre-server.service)"
pid=$(systemctl show -p MainPID --value pupitre-server.service)
check "the server runs as a dynamic user" test "$(stat -c %u /proc/"$pid")" -ne 0
check "the service greets a client on port 50026" welcome 50026
systemctl reload pupitre-server.service && sleep 1
check "a reload keeps the same server running" \
  test "$(systemctl show -p MainPID --value pupitre-server.service)" = "$pid"

# A quiz of one's own where README.Debian says, and a one-player game.
mkdir -p /etc/pupitre/quizzes
cat >/etc/pupitre/quizzes/check.json <<'QUIZ'
{"title":"Check","language":"en","questions":[{"text":"One?","choices":["Yes","No"],"answer":1}]}
QUIZ
chmod 644 /etc/pupitre/quizzes/check.json
cat >>/etc/pupitre/server.conf <<'CONF'
quiz=/etc/pupitre/quizzes/check.json
players=1
countdown=0
pause=0
CONF
systemctl restart pupitre-server.service && sleep 1
check "a game is played with a quiz from /etc/pupitre/quizzes" play_one_game
sleep 1
check "the game's results are saved in /var/lib/pupitre/results" \
  bash -c 'ls /var/lib/pupitre/results/*.csv'

# TLS with the certificate and key handed over as README.Debian says.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=pupitre.check \
  -keyout /etc/ssl/private/pupitre.key -out /etc/ssl/certs/pupitre.pem 2>/dev/null
chmod 600 /etc/ssl/private/pupitre.key
mkdir -p /etc/systemd/system/pupitre-server.service.d
cat >/etc/systemd/system/pupitre-server.service.d/tls.conf <<'CONF'
[Service]
LoadCredential=tls-certificate:/etc/ssl/certs/pupitre.pem
LoadCredential=tls-key:/etc/ssl/private/pupitre.key
CONF
cat >>/etc/pupitre/server.conf <<'CONF'
tls-certificate=/run/credentials/pupitre-server.service/tls-certificate
tls-key=/run/credentials/pupitre-server.service/tls-key
CONF
systemctl daemon-reload
systemctl restart pupitre-server.service && sleep 1
check "TLS works with the key handed over as a credential" tls_welcome
rm -r /etc/systemd/system/pupitre-server.service.d
sed -i -e '/^tls-/d' /etc/pupitre/server.conf
systemctl daemon-reload

systemctl disable --now pupitre-server.service
systemctl enable --now pupitre-server.socket
check "the socket waits without starting the server" \
  bash -c '! systemctl is-active --quiet pupitre-server.service'
check "a connection to the socket starts the server, which greets it" welcome 50026
sleep 1
check "the socket-activated server stays up" systemctl is-active --quiet pupitre-server.service

journalctl -b -u pupitre-server --no-pager -o cat
check "the server logged no warning" \
  bash -c '! journalctl -b -u pupitre-server -p warning --no-pager -o cat | grep -v "can still be activated" | grep .'

apt-get purge -y -q pupitre pupitre-console pupitre-server pupitre-common
check "removal stops the socket and the service" \
  bash -c '! systemctl is-active --quiet pupitre-server.socket && ! systemctl is-active --quiet pupitre-server.service'
check "removal leaves no unit link" \
  bash -c '! ls /etc/systemd/system/*.wants/pupitre-server.* 2>/dev/null'
echo done >>/check/finished
systemctl poweroff
SCRIPT
}

container_check ()
{
  local name results line
  container=$workdir/container
  mkdir -p "$container"
  mount -t tmpfs -o size=2g tmpfs "$container" || return 1
  mkdir -p "$container/upper" "$container/work" "$container/root"
  mount -t overlay overlay \
    -o "lowerdir=/,upperdir=$container/upper,workdir=$container/work" "$container/root" || return 1

  mkdir -p "$container/root/check"
  cp "${debs[@]}" "$container/root/check/"
  container_script >"$container/root/check/run.sh"
  chmod +x "$container/root/check/run.sh"
  # This machine's policy may forbid starting services from maintainer
  # scripts; in the container the packages start them as they would.
  rm -f "$container/root/usr/sbin/policy-rc.d"
  cat >"$container/root/etc/systemd/system/pupitre-check.service" <<'UNIT'
[Unit]
Description=Checks of the Pupitre packages
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/check/run.sh
UNIT
  mkdir -p "$container/root/etc/systemd/system/multi-user.target.wants"
  ln -sf ../pupitre-check.service \
    "$container/root/etc/systemd/system/multi-user.target.wants/pupitre-check.service"

  name=pupitre-check-$$
  timeout 300 systemd-nspawn -q -D "$container/root" --boot --private-network \
    --register=no --keep-unit --link-journal=no --machine="$name" \
    >"$workdir/container.log" 2>&1

  results=$container/upper/check/results
  if [ ! -f "$container/upper/check/finished" ]; then
    fail "the checks in the container ran to their end" "last lines of the container's console:"
    tail -n 20 "$workdir/container.log" | sed -e 's/^/    | /'
    if [ -f "$container/upper/check/log" ]; then
      echo "    last lines of the checks' log:"
      tail -n 20 "$container/upper/check/log" | sed -e 's/^/    | /'
    fi
  fi
  if [ -f "$results" ]; then
    while IFS= read -r line; do
      case $line in
        "ok - "*) pass "in a container with systemd: ${line#ok - }" ;;
        "FAIL - "*) fail "in a container with systemd: ${line#FAIL - }" ;;
      esac
    done <"$results"
  fi
  if grep -q '^FAIL' "$results" 2>/dev/null; then
    echo "    log of the checks in the container:"
    tail -n 40 "$container/upper/check/log" | sed -e 's/^/    | /'
  fi
  umount "$container/root" && umount "$container" && container=
  return 0
}

if [ -d /run/systemd/system ] && [ "$(ps -o comm= -p 1)" = systemd ]; then
  echo "# systemd runs this machine: the service was checked on it"
elif ! command -v systemd-nspawn >/dev/null; then
  echo "# systemd-nspawn is missing (systemd-container): the service was not checked under systemd"
elif ! container_check; then
  fail "a container with systemd was set up" "see $workdir/container.log"
fi

summary_and_exit
