#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# What a screen reader gets from the GTK client, screen by screen: the real
# server on loopback, the client under the AT-SPI bus of a private D-Bus
# session, one short game played with the keyboard against three scripted
# players speaking the protocol over TCP. Prints TAP.

import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, GLib
    import pyatspi
except (ImportError, ValueError) as e:
    print('1..0 # SKIP pyatspi is missing: %s' % e)
    sys.exit(0)

BUS_MARK = 'PUPITRE_A11Y_PRIVATE_BUS'
FACTOR = float(os.environ.get('PUPITRE_TEST_TIMEOUT_FACTOR', '1') or '1')
# The countdown and the results stay this long: reading the tree through
# AT-SPI is slow on a loaded machine, and the server must not move on before
# a screen was read. The lobby and the questions wait for the three scripted
# players, which the test moves on when it has read the screen.
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


def pump():
    """Delivers the AT-SPI events received so far to their listeners."""
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def wait_for(predicate, what=None, seconds=20):
    """Polls @predicate until it returns something true, within a deadline."""
    deadline = time.monotonic() + seconds * FACTOR
    last_error = None
    while time.monotonic() < deadline:
        pump()
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
orca = None
bots = []


def stop(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10 * FACTOR)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cleanup():
    for bot in bots:
        bot.close()
    for process in (client, server, orca):
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
                           '--players', '4', '--quiz', quiz,
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

# With PUPITRE_A11Y_ORCA_LOG set, Orca runs beside the client in this
# session and writes its debug log there, "SPEECH OUTPUT" lines included
# (without a speech server): what it would have said. Nothing is asserted
# on it. Orca asks for screen coordinates, which GTK 4.8 warns it has not:
# the client's warnings are not fatal then.
orca_log = os.environ.get('PUPITRE_A11Y_ORCA_LOG')
if orca_log and shutil.which('orca') is None:
    orca_log = None

client_env = dict(os.environ, GTK_A11Y='atspi', NO_AT_BRIDGE='0')
if 'PUPITRE_CLIENT_G_DEBUG' in os.environ and not orca_log:
    client_env['G_DEBUG'] = os.environ['PUPITRE_CLIENT_G_DEBUG']


def start_client(client_port):
    """The client with the server's address filled in: the player types
    the pseudonym, as in a class, so that what follows happens on the bus."""
    return subprocess.Popen([client_exe, '--host', '127.0.0.1', '--port', str(client_port)],
                            env=client_env)


class Bot:
    """A scripted player: the protocol's JSON lines over a plain socket,
    read by a thread into a queue so that the server never waits on it."""

    def __init__(self, name):
        self.name = name
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=30 * FACTOR)
        self.sock.settimeout(None)
        self.lines = queue.Queue()
        self.reader = self.sock.makefile('r', encoding='utf-8', newline='\n')
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for line in self.reader:
                self.lines.put(json.loads(line))
        except (OSError, ValueError):
            pass
        self.lines.put(None)

    def send(self, message):
        self.sock.sendall((json.dumps(message) + '\n').encode('utf-8'))

    def expect(self, kind, predicate=None, seconds=20):
        """The next message of type @kind (that @predicate accepts), the
        others read past; None once the deadline or the connection ends."""
        deadline = time.monotonic() + seconds * FACTOR
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                message = self.lines.get(timeout=remaining)
            except queue.Empty:
                return None
            if message is None:
                return None
            if message.get('type') == kind and (predicate is None or predicate(message)):
                return message

    def join(self):
        if self.expect('welcome') is None:
            bail('%s got no welcome' % self.name)
        self.send({'type': 'join', 'name': self.name})
        if self.expect('joined') is None:
            bail('%s could not join' % self.name)

    def answer(self, round_number, choice):
        if self.expect('question', lambda m: m.get('round') == round_number) is None:
            bail('%s never got question %d' % (self.name, round_number))
        self.send({'type': 'answer', 'round': round_number, 'choice': choice})

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


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
        if acc is not None and acc.name == 'pupitre' and acc.get_process_id() == client.pid:
            return acc
    return None


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def description(acc):
    return (acc.description or '') if acc is not None else ''


# What the client tells AT-SPI without moving the focus: a screen reader
# (Orca 43) says the new description of the object that has the focus.
described = []


def on_description(event):
    try:
        described.append((event.source.getRoleName(), event.source.name, event.any_data))
    except Exception:
        pass


description_listener = Atspi.EventListener.new(on_description)
description_listener.register('object:property-change:accessible-description')


def was_described(role, name, text):
    return (role, name, text) in described


def press(*keys):
    windows = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(client.pid)],
                             capture_output=True, text=True).stdout.split()
    if not windows:
        bail('no window of the client to type into')
    subprocess.run(['xdotool', 'windowfocus', '--sync', windows[-1], 'key', '--delay', '60'] + list(keys),
                   check=True)


def orca_says(text, seconds=30):
    """With Orca beside the client, waits until it has said @text before
    the test moves on (Orca reads its events later than the test, and
    skips a focus change that a newer one overtook), and tells in a TAP
    comment whether it did."""
    if orca is None:
        return

    def said():
        with open(orca_log, encoding='utf-8', errors='replace') as log:
            return any('SPEECH OUTPUT' in line and text in line for line in log)
    heard = wait_for(said, seconds=seconds)
    print('# Orca %s %r' % ('said' if heard else 'did not say', text))
    sys.stdout.flush()


if orca_log:
    orca = subprocess.Popen(['orca', '--replace', '-u', os.path.join(tmp, 'orca'),
                             '--debug-file', orca_log],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if wait_for(lambda: any(a is not None and a.name == 'orca'
                            for a in children(pyatspi.Registry.getDesktop(0))), seconds=60) is None:
        bail('Orca never showed up on the AT-SPI bus')

try:
    # A port with nothing listening: the error is an alert, and the focus
    # goes to the field to correct, which it describes.
    refused = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    refused.bind(('127.0.0.1', 0))
    refused_port = refused.getsockname()[1]
    client = start_client(refused_port)
    app = wait_for(find_app, 'the client on the AT-SPI bus', 60)
    if app is None:
        bail('the client never showed up on the AT-SPI bus')
    check_focus(app, 'text', 'Pseudonym', 'connect: the focus is on the pseudonym field')
    press('A', 'l', 'i', 'c', 'e', 'Return')
    message = 'Cannot reach the server at 127.0.0.1:%d' % refused_port
    ok(wait_for(lambda: find(app, role='alert', contains=message)) is not None,
       'refused connection: the error is an alert with its message', lambda: dump(app))
    field = check_focus(app, 'text', 'Server', 'refused connection: the focus is on the server field')
    ok(message in description(field), 'refused connection: the focused field is described by the error',
       describe(field) + ' ' + repr(description(field)))
    orca_says(message)
    stop(client)
    refused.close()

    # A name another player has: the same, on the pseudonym field.
    bot = Bot('Bot')
    bots.append(bot)
    bot.join()
    client = start_client(port)
    app = wait_for(find_app, 'the client on the AT-SPI bus', 60)
    if app is None:
        bail('the client never showed up on the AT-SPI bus')
    check_focus(app, 'text', 'Pseudonym', 'connect: the focus is on the pseudonym field, again')
    press('B', 'o', 't', 'Return')
    message = 'That name is already taken in this game.'
    ok(wait_for(lambda: find(app, role='alert', contains=message)) is not None,
       'name taken: the error is an alert with its message', lambda: dump(app))
    field = check_focus(app, 'text', 'Pseudonym', 'name taken: the focus is on the pseudonym field')
    ok(message in description(field), 'name taken: the focused field is described by the error',
       describe(field) + ' ' + repr(description(field)))
    orca_says(message)
    # The whole name is selected: typing replaces it.
    press('A', 'l', 'i', 'c', 'e', 'Return')

    # Lobby: Alice and Bot of three; the focus in the chat entry, so that
    # typing works, which then tells the status and the scoring rule.
    check_focus(app, 'text', 'Message', 'lobby: the focus is in the chat entry')
    ok(wait_for(lambda: any(role == 'text' and name == 'Message' and 'Waiting for 2 more players' in text and
                            'a wrong answer costs 1 point' in text for role, name, text in described))
       is not None, 'lobby: the entry tells the status and the scoring rule', lambda: described)
    orca_says('Waiting for 2 more players')
    ok(wait_for(lambda: heading(app, 'Players (2)')) is not None, 'lobby: "Players (2)" is a heading',
       lambda: dump(app))

    # Chat: the player types in the entry while Bot's line comes; it is
    # told to the screen reader, the focus and the text staying.
    entry = None
    for _ in range(12):
        entry = wait_for(lambda: focus_is(app, 'text', 'Message'), seconds=1)
        if entry is not None:
            break
        press('Tab')
    ok(entry is not None, 'lobby: Tab reaches the chat entry',
       lambda: 'focus on %s\n%s' % (describe(focused(app)), dump(app)))
    press('h', 'i')
    ok(wait_for(lambda: text_of(entry) == 'hi') is not None,
       'lobby: the player types into the chat entry', lambda: repr(text_of(entry)))
    bot.send({'type': 'chat', 'text': 'hello'})
    ok(wait_for(lambda: was_described('text', 'Message', 'Bot says: hello')) is not None,
       'chat: "Bot says: hello" is told as the focused entry\'s new description', lambda: described)
    orca_says('Bot says: hello')
    ok(focus_is(app, 'text', 'Message') is not None and text_of(entry) == 'hi',
       'chat: the focus and the typed text stay in the entry',
       lambda: 'focus on %s, text %r' % (describe(focused(app)), text_of(entry)))
    ok(wait_for(lambda: find(app, contains='hello', role='label')) is not None,
       'chat: the line is in the chat list', lambda: dump(app))
    press('Return')
    ok(bot.expect('chat', lambda m: m.get('from') == 'Alice' and m.get('text') == 'hi') is not None,
       'chat: Enter sends the typed line')
    ok(not was_described('text', 'Message', 'Alice says: hi'),
       'chat: the player\'s own line is not told back', lambda: described)

    # A third player comes, which the entry tells too; the fourth starts
    # the game.
    bot2 = Bot('Bot2')
    bots.append(bot2)
    bot2.join()
    ok(wait_for(lambda: was_described('text', 'Message', 'Waiting for one more player')) is not None,
       'lobby: a player who joins is told through the focused entry', lambda: described)
    orca_says('Waiting for one more player')
    bot3 = Bot('Bot3')
    bots.append(bot3)
    bot3.join()

    # Countdown: the focus on the round, a heading that tells the seconds
    # once; the big number goes on alone, not spoken every second.
    h = check_focus(app, 'heading', 'Question 1 / 2. First question in ',
                    'countdown: the focus is on the round\'s heading, which tells the seconds')
    ok(h is not None and description(h).startswith('First question in '),
       'countdown: the heading is described by the seconds', lambda: repr(description(h)))
    orca_says('First question in')
    number = find(app, role='status bar', contains='First question')
    first_name = number.name if number is not None else None
    heading_name = h.name if h is not None else None
    ok(h is not None and wait_for(lambda: number is not None and number.name != first_name,
                                  seconds=PHASE_SECONDS) and h.name == heading_name,
       'countdown: the heading keeps its words while the seconds go on',
       lambda: '%s / %s' % (describe(h), describe(number)))

    # Question: the focus first on its summary, a heading that names the
    # round, the question and its time (Orca 43 reads the focused object,
    # not the group of a focused choice); Tab then reaches the first
    # choice, a radio button in a radio group named by the question.
    summary_name = 'Question 1 of 2: Which operating system is free software?, 120 seconds'
    summary = check_focus(app, 'heading', summary_name,
                          'question: the focus is on the question\'s summary')
    ok(summary is not None and summary.name == summary_name,
       'question: the summary is named "Question 1 of 2: <text>, 120 seconds"', describe(summary))
    # Orca 43 says a focused heading's text, then its description.
    ok(description(summary) == 'Question 1 of 2. 120 seconds',
       'question: the summary is described by its round and time', repr(description(summary)))
    orca_says('Which operating system is free software?')
    orca_says('Question 1 of 2. 120 seconds')
    press('Tab')
    choice = check_focus(app, 'radio button', '1) Windows', 'question: Tab goes on to the first choice')
    orca_says('1) Windows')
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

    # Answer: 2 picks Linux, Enter sends; the focus goes to what was sent,
    # and stays there while the two others have not answered.
    press('2')
    ok(wait_for(lambda: has_state(find(app, role='radio button', name='2) Linux'), pyatspi.STATE_CHECKED),
                '2) Linux checked') is not None, 'answer: key 2 checks "2) Linux"')
    press('Return')
    check_focus(app, 'status bar', 'Your answer is locked in: 2) Linux',
                'answer sent: the focus is on "Your answer is locked in: 2) Linux"')
    orca_says('Your answer is locked in: 2) Linux')
    bot.answer(1, 1)
    bot2.answer(1, 3)
    bot3.answer(1, 0)

    # Results: the focus on the outcome, which tells the right answer.
    outcome = check_focus(app, 'status bar', 'Right!', 'results: the focus is on the outcome')
    orca_says('Right!')
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

    # Question 2 comes, its countdown then its summary.
    check_focus(app, 'heading', 'Question 2 of 2: ', 'question 2: the focus is on its summary',
                20 + 2 * PHASE_SECONDS)
    press('1', 'Return')
    check_focus(app, 'status bar', 'Your answer is locked in: 1) 4',
                'question 2: the focus is on "Your answer is locked in: 1) 4"')
    orca_says('Your answer is locked in: 1) 4')
    bot.answer(2, 2)
    bot2.answer(2, 2)
    bot3.answer(2, 0)
    # The last round's result and the game's end come together.
    ok(wait_for(lambda: find(app, role='status bar', contains='Wrong answer', visible=False)) is not None,
       'question 2: the outcome is a status, "Wrong answer"',
       lambda: [describe(a) for a in find_all(app, role='status bar', visible=False)])

    # Game over: the focus on the player's standing.
    check_focus(app, 'status bar', 'You finished 1st', 'game over: the focus is on the standing')
    orca_says('You finished 1st')
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
