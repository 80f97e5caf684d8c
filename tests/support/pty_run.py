#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal and answers its prompts, as a person would.

Usage: pty_run.py STEPS.json COMMAND [ARGS...]

STEPS is a JSON list of ["expect", TEXT] (wait until TEXT appears on the terminal, ANSI
escapes removed) and ["send", TEXT] (type TEXT; "\r" is Enter, "\u001b[B" is the down arrow).
Prints the whole transcript (escapes removed) and exits with the command's exit code (a
command killed by signal N adds "[pty_run: killed by signal N]" and exits 128+N, as a shell
reports it); exits 124 if an expected text does not appear within 20 seconds. A command that
leaves the terminal without echo adds "[pty_run: echo left off]". With PTY_RAW_OUT set, the raw
transcript (escapes kept) is also written to that file.
"""
import json
import os
import pty
import re
import select
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def save_raw(transcript):
    if os.environ.get("PTY_RAW_OUT"):
        with open(os.environ["PTY_RAW_OUT"], "wb") as raw:
            raw.write(transcript)


def main():
    steps = json.load(open(sys.argv[1]))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    transcript = b""
    seen = 0  # how much of the clean transcript earlier expects consumed

    def pump(timeout):
        nonlocal transcript
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        transcript += chunk
        return True

    for kind, text in steps:
        if kind == "send":
            time.sleep(0.1)  # let the prompt finish drawing before typing
            os.write(fd, text.encode())
            continue
        deadline = time.time() + 20
        while True:
            clean = ANSI.sub(b"", transcript).decode(errors="replace")
            at = clean.find(text, seen)
            if at >= 0:
                seen = at + len(text)
                break
            if time.time() > deadline or not pump(0.2):
                save_raw(transcript)
                sys.stdout.write(clean)
                sys.stdout.write(f"\n[pty_run: `{text}` did not appear]\n")
                sys.exit(124)
    while pump(10):
        pass
    _, status = os.waitpid(pid, 0)
    save_raw(transcript)
    sys.stdout.write(ANSI.sub(b"", transcript).decode(errors="replace"))
    # The master shares the terminal's settings: what the command left is what a shell gets.
    local_flags = termios.tcgetattr(fd)[3]
    if not local_flags & termios.ECHO:
        sys.stdout.write("\n[pty_run: echo left off]\n")
    if os.WIFSIGNALED(status):
        sys.stdout.write(f"\n[pty_run: killed by signal {os.WTERMSIG(status)}]\n")
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
