"""A test agent for the agent protocol, in plain Python with no imports from the project.

``python agent.py MODE``: ``first`` plays the first legal action with a reason; ``hang`` never
answers a decision; ``crash`` dies at its first decision; ``garbage`` answers with text that is
not JSON; ``illegal`` answers with an id that is not legal; ``silent`` never answers hello.
"""

import json
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "first"


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        if MODE == "silent":
            time.sleep(3600)
        send({"type": "ready", "name": f"test-{MODE}"})
    elif message["type"] == "decide":
        if MODE == "hang":
            time.sleep(3600)
        if MODE == "crash":
            sys.stderr.write("agent: out of ideas\n")
            sys.exit(3)
        if MODE == "garbage":
            sys.stdout.write("I think I will pass\n")
            sys.stdout.flush()
            continue
        legal = {a["id"] for a in message["legal"]}
        choice = message["legal"][0]["id"]
        if MODE == "illegal":
            choice = next(i for i in range(100000) if i not in legal)
        send({"type": "act", "decision": message["decision"], "action": choice, "reason": "first"})
    elif message["type"] == "end":
        break
