#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Three pupitre-server nodes behind HAProxy, on loopback, with the example
configuration data/haproxy/pupitre.cfg (only its addresses, the map's path
and the check interval changed): games created through the proxy spread
over the nodes, joins by code land on the game's node, a dropped player
resumes through the proxy, a drained node finishes its games and exits, a
killed node takes only its own games with it.

Real processes on loopback; every wait is a poll with a deadline scaled by
PUPITRE_TEST_TIMEOUT_FACTOR. Speaks TAP; skipped (exit 77) only when
haproxy is not installed.
"""

import csv
import io
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT_FACTOR = max(float(os.environ.get("PUPITRE_TEST_TIMEOUT_FACTOR", "1")), 1.0)
WAIT = 10 * TIMEOUT_FACTOR
NODES = ["K7", "B3", "M4"]
GAMES = 30
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(SOURCE_ROOT, "data", "haproxy", "pupitre.cfg")
QUIZ = "::Q1:: Deux ? {=oui ~non}\n"
STANDING_QUIZ = {"title": "Standing", "questions": [
    {"text": "Standing?", "choices": ["yes", "no"], "answer": 1}]}

results = []


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def step(name):
    """Records a TAP line for each stage that passed."""
    results.append(name)
    print(f"ok {len(results)} - {name}", flush=True)


def poll(condition, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        check(time.monotonic() < deadline, f"timed out waiting for {what}")
        # A short pause between two looks at another process's state: the
        # deadline, not this, bounds the wait.
        select.select([], [], [], 0.05)


class Client:
    """One JSON object per line, both ways, through the proxy."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        self.local_port = self.sock.getsockname()[1]
        self.pending = b""

    def send(self, **message):
        self.sock.sendall(json.dumps(message).encode("utf-8") + b"\n")

    def receive(self, timeout=WAIT):
        """The next message, or None once the peer closed."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            check(left > 0, "no message in time")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                return None
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line.decode("utf-8"))

    def expect(self, kind, timeout=WAIT):
        while True:
            message = self.receive(timeout)
            check(message is not None, f"closed while waiting for {kind}")
            if message["type"] == "error" and kind != "error":
                raise AssertionError(f"error while waiting for {kind}: {message}")
            if message["type"] == kind:
                return message

    def closed_without(self, kind):
        """True when the connection ends with no message of @kind."""
        while True:
            message = self.receive()
            if message is None:
                return True
            if message["type"] == kind:
                return False

    def close(self):
        self.sock.close()


def listening_socket():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    return sock


class Node:
    """A pupitre-server on a loopback socket handed to it, as systemd does;
    its log in a file."""

    def __init__(self, folder, name, quiz, extra=()):
        self.name = name
        self.listener = listening_socket()
        self.port = self.listener.getsockname()[1]
        self.log_path = os.path.join(folder, f"{name}.log")
        notify_path = os.path.join(folder, f"{name}.notify")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        env = dict(os.environ, LISTEN_FDS="1", NOTIFY_SOCKET=notify_path)
        env.pop("LISTEN_FDNAMES", None)
        listener = self.listener

        def listener_as_fd_3():
            if listener.fileno() != 3:
                os.dup2(listener.fileno(), 3)
            os.set_inheritable(3, True)

        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"',
                 os.environ["PUPITRE_SERVER"], "--node", name, "--hosting", "open",
                 "--proxy-from", "127.0.0.1", "--quiz", quiz, "--players", "3", *extra],
                env=env, close_fds=False, preexec_fn=listener_as_fd_3,
                stdout=log, stderr=log)
        self.listener.close()
        received = b""
        deadline = time.monotonic() + 20 * TIMEOUT_FACTOR
        while b"READY=1" not in received:
            check(self.process.poll() is None, f"node {name} exited: {self.log()}")
            left = deadline - time.monotonic()
            check(left > 0, f"node {name} did not get ready")
            ready, _, _ = select.select([notify], [], [], min(left, 0.5))
            if ready:
                received += notify.recv(4096)
        notify.close()
        os.unlink(notify_path)

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class Proxy:
    """HAProxy with the example configuration, its frontend on a socket
    bound here (bind fd@N), its state read on its stats socket."""

    def __init__(self, folder, nodes, maxconn=2000, inter="100ms"):
        self.listener = listening_socket()
        self.port = self.listener.getsockname()[1]
        self.stats = os.path.join(folder, "haproxy.sock")
        map_path = os.path.join(folder, "pupitre-nodes.map")
        with open(map_path, "w") as f:
            for node in nodes:
                f.write(f"{node.name} node_{node.name.lower()}\n")
        with open(EXAMPLE, encoding="utf-8") as f:
            config = f.read()
        fd = self.listener.fileno()
        os.set_inheritable(fd, True)
        config = config.replace("log /dev/log local0", f"stats socket {self.stats} level admin")
        config = config.replace("bind :50026\n", f"bind fd@{fd}\n")
        config = config.replace("/etc/haproxy/pupitre-nodes.map", map_path)
        # Checks every 100 ms: the test sees a node's state change at once.
        config = config.replace("inter 2s", f"inter {inter}")
        # Within the descriptors a test may have.
        config = config.replace("maxconn 60000", f"maxconn {maxconn}")
        config = config.replace("maxconn 50000", f"maxconn {maxconn * 3 // 4}")
        for i, node in enumerate(nodes):
            config = config.replace(f"10.0.0.1{i + 1}:50026", f"127.0.0.1:{node.port}")
        check(all(f"127.0.0.1:{n.port}" in config for n in nodes), "the example's servers")
        self.config_path = os.path.join(folder, "haproxy.cfg")
        with open(self.config_path, "w") as f:
            f.write(config)
        check_config = subprocess.run(["haproxy", "-c", "-f", self.config_path],
                                      capture_output=True, text=True, pass_fds=(fd,))
        check(check_config.returncode == 0, f"haproxy -c: {check_config.stderr}")
        self.log_path = os.path.join(folder, "haproxy.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(["haproxy", "-db", "-f", self.config_path],
                                            pass_fds=(fd,), stdout=log, stderr=log)
        self.listener.close()
        poll(lambda: os.path.exists(self.stats) or self.process.poll() is not None,
             "haproxy's stats socket")
        check(self.process.poll() is None, f"haproxy exited: {self.log()}")

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def command(self, line):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(WAIT)
        sock.connect(self.stats)
        sock.sendall(line.encode() + b"\n")
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        return data.decode()

    def states(self):
        """{(backend, server): "UP"|"DOWN"|...} from "show stat"."""
        text = self.command("show stat").lstrip("# ")
        states = {}
        for row in csv.DictReader(io.StringIO(text)):
            if row["svname"] not in ("FRONTEND", "BACKEND"):
                states[(row["pxname"], row["svname"])] = row["status"].split(" ")[0]
        return states

    def wait_state(self, backend, server, state):
        poll(lambda: self.states().get((backend, server)) == state,
             f"{backend}/{server} {state}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.wait()


def create_game(proxy):
    """A host that sends create_game at once, as the clients do."""
    host = Client(proxy.port)
    host.send(type="create_game", quiz=QUIZ, format="gift", name="Prof",
              options={"countdown_ms": 0})
    created = host.expect("game_created")
    return host, created["game"]


def join(proxy, name, code):
    player = Client(proxy.port)
    player.send(type="join", name=name, game=code)
    joined = player.expect("joined")
    check(joined["game"] == code.upper().replace("-", "").replace(" ", ""),
          f"{name} joined {joined['game']}, not {code}")
    return player, joined


def play_to_the_end(host, players):
    host.send(type="start")
    for player in players:
        player.expect("question")
    for player in players:
        player.send(type="answer", round=1, choice=1)
    for player in players:
        player.expect("round_result")
    host.send(type="next")
    for player in players:
        player.expect("game_over")


def sloppy(code):
    """"k7rt-4q2h": as a pupil may type it."""
    lower = code.lower()
    return f"{lower[:4]}-{lower[4:]}"


def main(folder):
    quiz = os.path.join(folder, "standing.json")
    with open(quiz, "w", encoding="utf-8") as f:
        json.dump(STANDING_QUIZ, f)
    nodes = [Node(folder, name, quiz) for name in NODES]
    by_name = {node.name: node for node in nodes}
    proxy = Proxy(folder, nodes)
    clients = []
    try:
        for node in nodes:
            proxy.wait_state("create", node.name.lower(), "UP")
            proxy.wait_state(f"node_{node.name.lower()}", node.name.lower(), "UP")
        step("haproxy sees the three nodes up, through their health checks")

        games = []
        for i in range(GAMES):
            host, code = create_game(proxy)
            clients.append(host)
            check(len(code) == 8 and code[:2] in by_name, f"code {code}")
            games.append({"host": host, "code": code, "players": []})
        spread = {name: sum(1 for g in games if g["code"][:2] == name) for name in NODES}
        print(f"# games per node: {spread}", flush=True)
        check(all(n >= GAMES // len(NODES) // 2 for n in spread.values()),
              f"least connections spread the games: {spread}")
        step(f"{GAMES} games created through the proxy, spread {spread}")

        for i, game in enumerate(games):
            name = f"P{i}"
            code = sloppy(game["code"]) if i % 3 == 0 else game["code"]
            player, joined = join(proxy, name, code)
            clients.append(player)
            game["players"].append((player, joined))
            node = by_name[game["code"][:2]]
            # The node's log names the pupil with the port it connected
            # from: the PROXY header reached the node that holds the game.
            needle = f"{name} joined (127.0.0.1:{player.local_port})"
            poll(lambda: needle in node.log(), f"{needle} in node {node.name}'s log")
            for other in nodes:
                if other is not node:
                    check(f" {name} joined " not in other.log(), f"{name} on node {other.name}")
        step("every player joined by code landed on its game's node, its address from PROXY v2")

        # A dropped player comes back with its token, through the proxy.
        game = games[1]
        player, joined = game["players"][0]
        player.close()
        node = by_name[game["code"][:2]]
        poll(lambda: f"P1 disconnected" in node.log(), "P1's drop in its node's log")
        back = Client(proxy.port)
        clients.append(back)
        back.send(type="join", name="P1", game=game["code"], token=joined["token"])
        resumed = back.expect("joined")
        check(resumed.get("resumed") is True, f"resumed: {resumed}")
        game["players"][0] = (back, resumed)

        # The standing game's token alone routes too ("K7-…").
        standing = Client(proxy.port)
        clients.append(standing)
        standing.send(type="join", name="Zoe")
        first = standing.expect("joined")
        token_node = first["token"][:2]
        check(first["token"][2] == "-" and token_node in by_name, f"token {first['token']}")
        standing.close()
        poll(lambda: "Zoe disconnected" in by_name[token_node].log(), "Zoe's drop")
        again = Client(proxy.port)
        clients.append(again)
        again.send(type="join", name="Zoe", token=first["token"])
        check(again.expect("joined").get("resumed") is True, "Zoe resumed by token alone")
        step("dropped players resumed through the proxy, by game and token, and by token alone")

        # Drain B3: no new game there, its games go on, then it exits 0.
        drained = by_name["B3"]
        drained.process.send_signal(signal.SIGUSR1)
        proxy.wait_state("create", "b3", "DOWN")
        check(proxy.states()[("node_b3", "b3")] == "UP", "B3's own backend stays up")
        for _ in range(3):
            host, code = create_game(proxy)
            clients.append(host)
            check(code[:2] != "B3", f"a new game {code} on the draining node")
        b3_games = [g for g in games if g["code"][:2] == "B3"]
        late, _ = join(proxy, "Late", b3_games[0]["code"])
        clients.append(late)
        play_to_the_end(b3_games[0]["host"], [p for p, _ in b3_games[0]["players"]] + [late])
        for game in b3_games[1:]:
            game["host"].send(type="close_game")
        check(drained.process.wait(timeout=WAIT) == 0, "the drained node's exit status")
        check("Drained: every game is over" in drained.log(), "the drain in B3's log")
        step(f"B3 drained: no new game, its {len(b3_games)} games finished, exit 0")

        # Kill M4: its games are lost, and their codes go nowhere else.
        killed = by_name["M4"]
        killed.process.kill()
        killed.process.wait()
        proxy.wait_state("node_m4", "m4", "DOWN")
        m4_game = next(g for g in games if g["code"][:2] == "M4")
        orphan = Client(proxy.port)
        clients.append(orphan)
        orphan.send(type="join", name="Orphan", game=m4_game["code"])
        check(orphan.closed_without("joined"), "a code of the dead node joined somewhere")
        step("M4 killed: a join to its code is refused, not served elsewhere")

        # K7's games go on untouched: each plays to its end.
        k7_games = [g for g in games if g["code"][:2] == "K7"]
        for game in k7_games:
            play_to_the_end(game["host"], [p for p, _ in game["players"]])
        check("Drained" not in by_name["K7"].log(), "K7 kept running")
        check(by_name["K7"].process.poll() is None, "K7 is alive")
        step(f"K7's {len(k7_games)} games played to their end meanwhile")
    finally:
        for client in clients:
            client.close()
        proxy.stop()
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    if shutil.which("haproxy") is None:
        print("1..0 # SKIP haproxy is not installed (tools/deps.sh installs it)", flush=True)
        sys.exit(0)
    print("1..7", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        try:
            main(folder)
        except Exception as error:
            first, *rest = str(error).splitlines() or [""]
            print(f"not ok {len(results) + 1} - {first}", flush=True)
            for line in rest:
                print(f"# {line}", flush=True)
            for name in ("K7", "B3", "M4", "haproxy"):
                path = os.path.join(folder, f"{name}.log")
                if os.path.exists(path):
                    with open(path, errors="replace") as f:
                        sys.stderr.write(f"--- {name}.log (tail)\n" + f.read()[-3000:])
            raise
