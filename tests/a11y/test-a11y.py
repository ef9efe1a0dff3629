#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# What a screen reader gets from the GTK client, screen by screen: the real
# server on loopback, the client under the AT-SPI bus of a private D-Bus
# session, one short game played with the keyboard. Prints TAP.

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi
    import pyatspi
except (ImportError, ValueError) as e:
    print('1..0 # SKIP pyatspi is missing: %s' % e)
    sys.exit(0)

BUS_MARK = 'PUPITRE_A11Y_PRIVATE_BUS'
FACTOR = float(os.environ.get('PUPITRE_TEST_TIMEOUT_FACTOR', '1') or '1')
# The countdown and the results stay this long: reading the tree through
# AT-SPI is slow on a loaded machine, and the server must not move on before
# a screen was read. The only player's answer closes each question at once.
PHASE_SECONDS = int(8 * FACTOR)


def skip(reason):
    print('1..0 # SKIP %s' % reason)
    sys.exit(0)


if os.environ.get(BUS_MARK) is None:
    if not os.environ.get('DISPLAY'):
        skip('no display')
    for program in ('dbus-run-session', 'xdotool'):
        if shutil.which(program) is None:
            skip('%s is missing' % program)
    os.environ[BUS_MARK] = '1'
    # The bus's daemons write to the same standard output as the test: what
    # is not TAP becomes a comment, so that the report stays TAP.
    session = subprocess.Popen(['dbus-run-session', '--', sys.executable, os.path.abspath(__file__)]
                               + sys.argv[1:], stdout=subprocess.PIPE, text=True, errors='replace')
    for line in session.stdout:
        if not re.match(r'(ok|not ok|Bail out!|1\.\.|#)', line):
            line = '# ' + line
        sys.stdout.write(line)
        sys.stdout.flush()
    sys.exit(session.wait())

build_dir = os.environ['PUPITRE_BUILD_DIR']
source_dir = os.environ['PUPITRE_SOURCE_DIR']
server_exe = os.environ.get('PUPITRE_SERVER', os.path.join(build_dir, 'src/server/pupitre-server'))
client_exe = os.path.join(build_dir, 'src/client/gtk/pupitre')
quiz = os.path.join(source_dir, 'tests/ui/two-questions.json')

# Two CPU hogs may slow every call to the client down.
pyatspi.setTimeout(int(25000 * FACTOR), int(60000 * FACTOR))

tests_run = 0
failures = 0


def ok(condition, description, detail=None):
    global tests_run, failures
    tests_run += 1
    if condition:
        print('ok %d - %s' % (tests_run, description))
    else:
        failures += 1
        print('not ok %d - %s' % (tests_run, description))
        # Reading the whole tree costs a D-Bus call per element: only
        # for a failure.
        if callable(detail):
            detail = detail()
        if detail is not None:
            for line in str(detail).splitlines():
                print('# %s' % line)
    sys.stdout.flush()
    return condition


def bail(reason):
    print('Bail out! %s' % reason)
    sys.stdout.flush()
    cleanup()
    sys.exit(1)


def wait_for(predicate, what=None, seconds=20):
    """Polls @predicate until it returns something true, within a deadline."""
    deadline = time.monotonic() + seconds * FACTOR
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # a widget gone between two calls
            last_error = e
        time.sleep(0.05)
    return None


# The server, on a socket bound here and passed as systemd does.
tmp = tempfile.mkdtemp(prefix='pupitre-a11y-')
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(('127.0.0.1', 0))
listener.listen(16)
port = listener.getsockname()[1]
notify_path = os.path.join(tmp, 'notify')
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)

server = None
client = None


def cleanup():
    for process in (client, server):
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10 * FACTOR)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    shutil.rmtree(tmp, ignore_errors=True)


def pass_listener():
    os.dup2(listener.fileno(), 3)


server_env = dict(os.environ, LISTEN_FDS='1', NOTIFY_SOCKET=notify_path)
server_env.pop('LISTEN_FDNAMES', None)
server = subprocess.Popen(['sh', '-c', 'LISTEN_PID=$$ exec "$0" "$@"', server_exe,
                           '--players', '1', '--quiz', quiz,
                           '--countdown', str(PHASE_SECONDS), '--time-limit', '120',
                           '--pause', str(PHASE_SECONDS),
                           '--over-pause', '2', '--once'],
                          env=server_env, pass_fds=(3,), preexec_fn=pass_listener,
                          stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, 'server.log'), 'w'))
listener.close()

notify.settimeout(30 * FACTOR)
try:
    while True:
        data = notify.recv(4096).decode('utf-8', 'replace')
        if 'READY=1' in data.split('\n'):
            break
except socket.timeout:
    bail('the server never said READY=1')
notify.close()

client_env = dict(os.environ, GTK_A11Y='atspi', NO_AT_BRIDGE='0')
if 'PUPITRE_CLIENT_G_DEBUG' in os.environ:
    client_env['G_DEBUG'] = os.environ['PUPITRE_CLIENT_G_DEBUG']
client = subprocess.Popen([client_exe, '--host', '127.0.0.1', '--port', str(port), '--name', 'Alice'],
                          env=client_env)


# Reading the tree.

def children(acc):
    try:
        return [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return []


def walk(acc):
    if acc is None:
        return
    yield acc
    for child in children(acc):
        if child is not None:
            yield from walk(child)


def has_state(acc, state):
    return acc.getState().contains(state)


def showing(acc):
    # GTK 4.8 sets "showing" on no element: "visible" is what it keeps.
    return has_state(acc, pyatspi.STATE_VISIBLE)


def find(root, role=None, name=None, contains=None, visible=True):
    for acc in walk(root):
        if visible and not showing(acc):
            continue
        if role is not None and acc.getRoleName() != role:
            continue
        if name is not None and acc.name != name:
            continue
        if contains is not None and contains not in (acc.name or ''):
            continue
        return acc
    return None


def find_all(root, role=None, visible=True):
    return [acc for acc in walk(root)
            if (not visible or showing(acc)) and (role is None or acc.getRoleName() == role)]


def focused(root):
    for acc in walk(root):
        if has_state(acc, pyatspi.STATE_FOCUSED):
            return acc
    return None


def related(acc, relation_type):
    for relation in acc.getRelationSet():
        if relation.getRelationType() == relation_type:
            return [relation.getTarget(i) for i in range(relation.getNTargets())]
    return []


def ancestors(acc):
    parent = acc.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def describe(acc):
    if acc is None:
        return 'nothing'
    return '[%s] %r' % (acc.getRoleName(), acc.name)


def dump(root):
    lines = []

    def visit(acc, depth):
        if depth > 0 and not showing(acc):
            return
        lines.append('  ' * depth + describe(acc) + attributes(acc) +
                     (' FOCUSED' if has_state(acc, pyatspi.STATE_FOCUSED) else ''))
        for child in children(acc):
            visit(child, depth + 1)
    visit(root, 0)
    return '\n'.join(lines)


def attributes(acc):
    try:
        found = acc.getAttributes()
    except Exception:
        return ''
    return ' ' + ','.join(found) if found else ''


def focus_is(app, role, contains):
    acc = focused(app)
    if acc is not None and acc.getRoleName() == role and contains in (acc.name or ''):
        return acc
    return None


def check_focus(app, role, contains, what, seconds=20):
    acc = wait_for(lambda: focus_is(app, role, contains), what, seconds)
    ok(acc is not None, what, lambda: 'focus on %s\n%s' % (describe(focused(app)), dump(app)))
    return acc


def heading(app, contains):
    return find(app, role='heading', contains=contains)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for acc in children(desktop):
        if acc is not None and acc.name == 'pupitre':
            return acc
    return None


def press(*keys):
    windows = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(client.pid)],
                             capture_output=True, text=True).stdout.split()
    if not windows:
        bail('no window of the client to type into')
    subprocess.run(['xdotool', 'windowfocus', '--sync', windows[-1], 'key', '--delay', '60'] + list(keys),
                   check=True)


try:
    app = wait_for(find_app, 'the client on the AT-SPI bus', 60)
    if app is None:
        bail('the client never showed up on the AT-SPI bus')

    # Lobby: with one player the game starts as soon as Alice joins, too
    # soon to catch the lobby's focus; its status and headings are there.
    ok(wait_for(lambda: find(app, role='status bar', contains='game', visible=False)) is not None,
       'lobby: its status is a status', lambda: dump(app))
    ok(wait_for(lambda: heading(app, 'Players (1)')) is not None, 'lobby: "Players (1)" is a heading',
       lambda: dump(app))

    # Countdown: the round as a heading, the focus on the seconds.
    check_focus(app, 'status bar', 'First question', 'countdown: the focus is on the countdown')
    h = heading(app, 'Question 1 / 2')
    ok(h is not None, 'countdown: "Question 1 / 2" is a heading', lambda: dump(app))

    # Question: the focus on the first choice, a radio button in a radio
    # group named by the question.
    choice = check_focus(app, 'radio button', '1) Windows', 'question: the focus is on the first choice')
    ok(heading(app, 'Which operating system is free software?') is not None,
       'question: the question is a heading', lambda: dump(app))
    group = None
    if choice is not None:
        group = next((a for a in ancestors(choice) if a.getRoleName() != 'panel'
                      or a.name), None)
    ok(group is not None and group.name == 'Which operating system is free software?',
       'question: the choices\' group is named by the question', describe(group))
    # GTK 4.8 says its radio group role as "grouping".
    ok(group is not None and group.getRoleName() in ('radio group', 'grouping'),
       'question: the choices are a radio group', describe(group))
    radios = find_all(app, role='radio button')
    ok([r.name for r in radios] == ['1) Windows', '2) Linux', '3) MacOS', '0) I don’t know'],
       'question: four radio buttons, numbered', [describe(r) for r in radios])
    ok(group is not None and not [a for a in walk(group) if a.getRoleName() == 'check box'],
       'question: no check box left among the choices')
    bar = find(app, role='progress bar')
    ok(bar is not None, 'question: the time left is a progress bar', lambda: dump(app))
    if bar is not None:
        value = bar.queryValue()
        ok(value.maximumValue == 120 and 0 < value.currentValue <= 120,
           'question: its value is in seconds', '%s of %s' % (value.currentValue, value.maximumValue))
        # libatspi 2.46 does not read the value's text: the name says it.
        labels = related(bar, pyatspi.RELATION_LABELLED_BY)
        ok(len(labels) == 1 and labels[0].getRoleName() == 'label' and
           labels[0].name.endswith('seconds left') and bar.name == labels[0].name,
           'question: it is labelled by the seconds label, "N seconds left"',
           [describe(l) for l in labels] + [describe(bar)])

    # Answer: 2 picks Linux, Enter sends; the focus goes to what was sent.
    press('2')
    ok(wait_for(lambda: has_state(find(app, role='radio button', name='2) Linux'), pyatspi.STATE_CHECKED),
                '2) Linux checked') is not None, 'answer: key 2 checks "2) Linux"')
    press('Return')
    # The only player answered: the round closes at once, and the focus goes
    # on from what was sent to the outcome, too fast to catch in between.
    ok(wait_for(lambda: find(app, role='status bar', contains='Your answer is locked in: 2) Linux',
                             visible=False)) is not None,
       'answer sent: "Your answer is locked in: 2) Linux" is a status')

    # Results: the focus on the outcome, which tells the right answer.
    outcome = check_focus(app, 'status bar', 'Right!', 'results: the focus is on the outcome')
    if outcome is not None:
        ok('The right answer was 2) Linux' in (outcome.name or '') or
           any('The right answer was 2) Linux' in (d.name or '')
               for d in related(outcome, pyatspi.RELATION_DESCRIBED_BY)),
           'results: the outcome tells the right answer', describe(outcome))
    own = wait_for(lambda: find(app, contains='Alice, '), 'a row named after Alice')
    ok(own is not None and 'you' in own.name, 'results: the own row is named with its content',
       lambda: describe(own) + '\n' + dump(app))
    unnamed = [describe(a) for a in walk(app) if showing(a) and a.getRoleName() == 'table row' and
               a.name == 'GtkListItemWidget']
    ok(not unnamed, 'results: no row is named after its class', unnamed)

    # Question 2 comes, its countdown then its choices.
    check_focus(app, 'radio button', '1) 4', 'question 2: the focus is on its first choice',
                20 + 2 * PHASE_SECONDS)
    press('1', 'Return')
    # The last round's result and the game's end come together.
    ok(wait_for(lambda: find(app, role='status bar', contains='Wrong answer', visible=False)) is not None,
       'question 2: the outcome is a status, "Wrong answer"',
       lambda: [describe(a) for a in find_all(app, role='status bar', visible=False)])

    # Game over: the focus on the player's standing.
    check_focus(app, 'status bar', 'You finished 1st', 'game over: the focus is on the standing')
    ok(heading(app, 'Game Over') is not None, 'game over: the title is a heading', lambda: dump(app))
    own = find(app, contains='Alice, ')
    ok(own is not None and 'you' in own.name, 'game over: the own row of the ranking is named', lambda: dump(app))
    unnamed = [describe(a) for a in walk(app) if a.name in ('GtkStackPage', 'GtkColumnViewTitle')]
    ok(not unnamed, 'no page nor column title is named after its class', unnamed)
except SystemExit:
    raise
except Exception as e:
    ok(False, 'the game went through', repr(e))

cleanup()
print('1..%d' % tests_run)
sys.exit(0)
