#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Pupitre client written from the wire contract alone, with Python's
standard library: what someone outside the project would write.

Without arguments (as the test suite runs it): starts $PUPITRE_SERVER on a
loopback socket handed to it, as systemd would, with a small quiz, plays a
whole game with two instances of this client, and fails if either saw
something the contract forbids.
`stranger-client.py play HOST PORT NAME first|last` is one player: it always
picks the first (or the last) choice.
"""

import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

MAX_LINE = 65536
# One factor scales every deadline, larger on slow builds (as in the C tests).
TIMEOUT_FACTOR = max(float(os.environ.get("PUPITRE_TEST_TIMEOUT_FACTOR", "1")), 1.0)
QUESTION_MEMBERS = {"type", "round", "rounds", "text", "choices", "time_limit_ms"}

# Right choices 1, 3, 2: "first" scores 2 - 1 - 1, "last" -1 + 2 + 2.
QUIZ = {
    "title": "Stranger",
    "questions": [
        {"text": "Free software?", "choices": ["Linux", "Windows", "MacOS"], "answer": 1},
        {"text": "2 + 2?", "choices": ["3", "5", "4"], "answer": 3},
        {"text": "Default port?", "choices": ["80", "50026"], "answer": 2},
    ],
}
EXPECTED_SCORES = {"Ada": 0, "Linus": 3}


class Connection:
    """One JSON object per line, both ways."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=10 * TIMEOUT_FACTOR)
        self.pending = b""

    def send(self, **message):
        self.sock.sendall(json.dumps(message).encode("utf-8") + b"\n")

    def receive(self):
        while b"\n" not in self.pending:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        check(len(line) + 1 <= MAX_LINE, "line over the limit")
        message = json.loads(line.decode("utf-8"))
        check(isinstance(message, dict) and isinstance(message.get("type"), str),
              f"not a message: {line!r}")
        return message


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def expected_points(results, correct):
    """Classic scoring, from the round's results alone."""
    players = len(results)
    right = sorted((r["time_ms"], i) for i, r in enumerate(results) if r["choice"] == correct)
    points = {}
    for i, r in enumerate(results):
        if r["choice"] is None or r["choice"] == 0:
            points[r["name"]] = 0
        elif r["choice"] != correct:
            points[r["name"]] = -1
    for k, (_, i) in enumerate(right, start=1):
        points[results[i]["name"]] = players - k + 1
    return points


def check_totals(totals):
    """By score, highest first, ties by name sharing a rank (1, 1, 3)."""
    for i, entry in enumerate(totals):
        higher = sum(1 for other in totals if other["score"] > entry["score"])
        check(entry["rank"] == higher + 1, f"rank of {entry}")
        if i > 0:
            prev = totals[i - 1]
            check((-prev["score"], prev["name"].casefold()) < (-entry["score"], entry["name"].casefold()),
                  f"totals out of order: {prev} before {entry}")


def play(host, port, name, strategy):
    conn = Connection(host, port)
    welcome = conn.receive()
    check(welcome["type"] == "welcome" and welcome["protocol"] == 1, f"welcome: {welcome}")

    conn.send(type="ping", id={"who": name, "n": [1, 2]})
    conn.send(type="join", name=name, protocol=1)
    conn.send(type="chat", text=f"hello from {name}")
    score = 0
    opened = {}
    my_choice = {}
    seen = set()
    while True:
        message = conn.receive()
        if message is None:
            break
        kind = message["type"]
        seen.add(kind)
        if kind == "pong":
            check(message["id"] == {"who": name, "n": [1, 2]}, f"pong: {message}")
        elif kind == "joined":
            check(message["name"] == name and isinstance(message["token"], str), f"joined: {message}")
            check(message["state"] == "lobby" and message["needed"] == 2, f"joined: {message}")
        elif kind == "chat":
            check(message["text"].startswith("hello from "), f"chat: {message}")
            if message["from"] == name:
                print("joined", flush=True)
        elif kind == "error":
            # The second player's hello may arrive while a question is open.
            check(message["code"] == "chat-closed", f"error: {message}")
        elif kind == "players":
            check(message["count"] == len(message["players"]), f"players: {message}")
        elif kind == "question":
            check(set(message) == QUESTION_MEMBERS, f"question reveals too much: {message}")
            choice = 1 if strategy == "first" else len(message["choices"])
            opened[message["round"]] = time.monotonic()
            my_choice[message["round"]] = choice
            conn.send(type="answer", round=message["round"], choice=choice)
        elif kind == "answer_ack":
            check(message["choice"] == my_choice[message["round"]], f"ack: {message}")
            elapsed_ms = (time.monotonic() - opened[message["round"]]) * 1000
            check(0 <= message["time_ms"] <= elapsed_ms + 1000, f"ack time: {message}")
        elif kind == "progress":
            check(0 <= message["answered"] <= message["players"], f"progress: {message}")
        elif kind == "round_result":
            points = expected_points(message["results"], message["correct"])
            for entry in message["results"]:
                check(entry["points"] == points[entry["name"]], f"points of {entry}")
            check_totals(message["totals"])
            score += points[name]
        elif kind == "standing":
            check(message["score"] == score, f"standing: {message}, expected score {score}")
        elif kind == "game_over":
            check_totals(message["totals"])
        elif kind == "shutdown":
            break
    check({"joined", "question", "round_result", "standing", "game_over", "shutdown"} <= seen,
          f"missing messages, saw {sorted(seen)}")
    print("score", score, flush=True)


def start_server(folder, arguments):
    """Starts the server as systemd would: on a listening socket handed to it
    as fd 3 (LISTEN_FDS, LISTEN_PID), ready once it sends READY=1 to
    NOTIFY_SOCKET. Returns the process and the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    notify_path = os.path.join(folder, "notify")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    env = dict(os.environ, LISTEN_FDS="1", NOTIFY_SOCKET=notify_path)
    env.pop("LISTEN_FDNAMES", None)

    def listener_as_fd_3():
        # dup2 onto itself would keep the close-on-exec flag.
        if listener.fileno() != 3:
            os.dup2(listener.fileno(), 3)
        os.set_inheritable(3, True)

    # LISTEN_PID must be the server's own pid: the shell execs it.
    server = subprocess.Popen(["/bin/sh", "-c", 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"',
                               os.environ["PUPITRE_SERVER"]] + arguments,
                              env=env, close_fds=False,
                              preexec_fn=listener_as_fd_3)
    port = listener.getsockname()[1]
    listener.close()
    deadline = time.monotonic() + 20 * TIMEOUT_FACTOR
    received = b""
    while b"READY=1" not in received:
        left = deadline - time.monotonic()
        check(server.poll() is None, "the server exited")
        check(left > 0, "the server did not get ready")
        ready, _, _ = select.select([notify], [], [], min(left, 0.5))
        if ready:
            received += notify.recv(4096) + b"\n"
    # Nothing more is read: closed, its later notifications fail at once
    # instead of filling a queue nobody reads.
    notify.close()
    os.unlink(notify_path)
    return server, port


def main():
    with tempfile.TemporaryDirectory() as folder:
        quiz = os.path.join(folder, "quiz.json")
        with open(quiz, "w", encoding="utf-8") as f:
            json.dump(QUIZ, f)
        server, port = start_server(folder, ["--quiz", quiz, "--players", "2",
                                             "--countdown", "0", "--pause", "0.1", "--once"])
        players = []
        try:
            me = [sys.executable, os.path.abspath(__file__), "play", "127.0.0.1", str(port)]
            # The second player comes once the first is in the lobby.
            players.append(subprocess.Popen(me + ["Ada", "first"], stdout=subprocess.PIPE, text=True))
            check(players[0].stdout.readline().strip() == "joined", "Ada did not join")
            players.append(subprocess.Popen(me + ["Linus", "last"], stdout=subprocess.PIPE, text=True))
            for name, player in zip(EXPECTED_SCORES, players):
                output, _ = player.communicate(timeout=30 * TIMEOUT_FACTOR)
                check(player.returncode == 0, f"{name} failed")
                check(f"score {EXPECTED_SCORES[name]}" in output, f"{name}: {output!r}")
            check(server.wait(timeout=10 * TIMEOUT_FACTOR) == 0, "the server's exit status")
        finally:
            for process in players + [server]:
                if process.poll() is None:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "play":
        play(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        # TAP, as every test of the suite speaks it.
        print("1..1", flush=True)
        try:
            main()
        except Exception:
            print("not ok 1 - two strangers played a whole game", flush=True)
            raise
        print("ok 1 - two strangers played a whole game")
