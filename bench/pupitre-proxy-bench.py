#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The same hosted-games load (pupitre-games) on one server directly, then
through HAProxy (data/haproxy/pupitre.cfg) in front of three nodes, on
loopback. Prints pupitre-games' JSON line for each, and the two side by
side. Reuses the processes of tests/proxy/test-haproxy.py.

Usage: meson compile -C _build && \\
       PUPITRE_SERVER=_build/src/server/pupitre-server \\
       bench/pupitre-proxy-bench.py _build/bench/pupitre-games [-g 100 -p 30 -q 3]
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "proxy_test", os.path.join(HERE, "..", "tests", "proxy", "test-haproxy.py"))
proxy_test = importlib.util.module_from_spec(spec)
spec.loader.exec_module(proxy_test)


def run(games_exe, args):
    done = subprocess.run([games_exe, "--json", *args], capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    games_exe, args = sys.argv[1], sys.argv[2:]
    direct = run(games_exe, args)
    print("direct", json.dumps(direct), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        quiz = os.path.join(folder, "standing.json")
        with open(quiz, "w", encoding="utf-8") as f:
            json.dump(proxy_test.STANDING_QUIZ, f)
        nodes = [proxy_test.Node(folder, name, quiz, ("--max-games", "1000"))
                 for name in proxy_test.NODES]
        proxy = proxy_test.Proxy(folder, nodes, maxconn=9000, inter="2s")
        try:
            for node in nodes:
                proxy.wait_state("create", node.name.lower(), "UP")
            pids = []
            for process in [node.process for node in nodes] + [proxy.process]:
                pids += ["--pid", str(process.pid)]
            proxied = run(games_exe, ["--connect", str(proxy.port), *pids, *args])
        finally:
            proxy.stop()
            for node in nodes:
                node.stop()
    print("haproxy", json.dumps(proxied), flush=True)
    for key in ("create_p99_ms", "join_s", "join_p99_ms", "spread_p50_ms", "spread_p99_ms",
                "result_p50_ms", "result_p99_ms", "server_cpu_s", "errors"):
        print(f"{key:15} direct {direct[key]:>9} haproxy {proxied[key]:>9}")


if __name__ == "__main__":
    main()
