#!/usr/bin/env node
// A wargame agent in JavaScript (Node.js 18+), speaking the agent protocol of docs/agents.md:
// one JSON object per line on stdin and stdout.
//
//   wargame run israeli-strike --bots israel=cmd:"node examples/agents/random-agent.js" --explain
//
// It plays a card as an event when it can, else for operations, else passes — choosing among
// those at random with a generator seeded from the seed the engine sends, so a game with the
// same seed plays the same. Seeds are 64-bit: they arrive as strings and are read as BigInt.
"use strict";
const readline = require("node:readline");

let state = 0n; // xorshift64* state, from the seed
const MASK = (1n << 64n) - 1n;
function next() {
  state ^= state >> 12n;
  state ^= (state << 25n) & MASK;
  state ^= state >> 27n;
  return (state * 2685821657736338717n) & MASK;
}
function below(n) {
  return Number(next() % BigInt(n));
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function choose(legal) {
  const byKind = (kind) => legal.filter((a) => a.text.split(" ")[1] === kind);
  for (const [kind, why] of [
    ["react", "answering the trigger"],
    ["event", "playing a card for its event"],
    ["ops", "spending a card on operations"],
  ]) {
    const options = byKind(kind);
    if (options.length) return [options[below(options.length)], why];
  }
  return [legal[0], "nothing better to do"];
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.type === "hello") {
    state = (BigInt(message.seed) ^ 0x9e3779b97f4a7c15n) & MASK || 1n;
    send({ type: "ready", name: "random-agent.js" });
  } else if (message.type === "decide") {
    const [action, why] = choose(message.legal);
    send({ type: "act", decision: message.decision, action: action.id, reason: why });
  } else if (message.type === "end") {
    lines.close();
  }
});
lines.on("close", () => process.exit(0));
