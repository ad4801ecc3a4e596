#!/usr/bin/env python3
"""startup.py — start `jalon ui` and time it from exec to its first complete response.

    python3 bench/startup.py JALON DB LOG

Starts `JALON --db DB ui --listen 127.0.0.1:0` with its output in LOG, reads the address
it prints from its standard output as soon as it is written (no polling delay), sends
GET / on a fresh connection and waits for the whole answer. Prints one line: the
address, the milliseconds from exec to that answer, and the server's process id (it
keeps running: the caller stops it).
"""
import re
import socket
import subprocess
import sys
import time


def main():
    jalon, db, log = sys.argv[1:4]
    out = open(log, "wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen([jalon, "--db", db, "ui", "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=out, start_new_session=True)
    line = proc.stdout.readline().decode("utf-8", "replace")
    out.write(line.encode())
    out.flush()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        sys.exit("startup.py: jalon ui printed no address: " + line)
    port = int(m.group(1))
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    t1 = time.perf_counter()
    if not data.startswith(b"HTTP/1.1 200"):
        sys.exit("startup.py: the first answer is not a 200: %r" % data[:40])
    # The rest of the server's output goes to the log from now on.
    subprocess.Popen(["cat"], stdin=proc.stdout, stdout=out, start_new_session=True)
    print("http://127.0.0.1:%d %.1f %d" % (port, (t1 - t0) * 1000, proc.pid))


if __name__ == "__main__":
    main()
