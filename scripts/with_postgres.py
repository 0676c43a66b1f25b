#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster: ``with_postgres.py CMD ARGS…``.

The cluster lives in a temporary directory, listens on a free loopback port, and is removed when
the command ends. DATABASE_URL points at it for the command. As root the server runs as the
``postgres`` user, because PostgreSQL refuses to run as root. Where the server binaries are
missing, Debian's ``postgresql`` package is installed first.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile

DB_NAME = "ecoplan"


def find_bindir():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for path in candidates:
        if os.path.exists(os.path.join(path, "initdb")):
            return path
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def ensure_bindir():
    bindir = find_bindir()
    if bindir:
        return bindir
    print("PostgreSQL server not found: installing Debian's postgresql", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=env)
    bindir = find_bindir()
    if not bindir:
        sys.exit("PostgreSQL server binaries still missing after install")
    return bindir


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(cmd):
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def main(argv):
    if not argv:
        sys.exit(__doc__)
    bindir = ensure_bindir()
    workdir = tempfile.mkdtemp(prefix="pgtmp-")
    datadir = os.path.join(workdir, "data")
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    os.chmod(workdir, 0o755)
    port = free_port()
    log = os.path.join(workdir, "server.log")
    run = lambda cmd: subprocess.run(as_server_user(cmd), check=True, stdout=subprocess.DEVNULL)  # noqa: E731
    try:
        run(
            [
                f"{bindir}/initdb",
                "-D",
                datadir,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        # Tests fill and empty tables fast; prompt statistics keep the planner off pathological nested loops.
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            " -c autovacuum_naptime=1 -c autovacuum_analyze_threshold=20"
        )
        run([f"{bindir}/pg_ctl", "-D", datadir, "-l", log, "-o", options, "-w", "start"])
        run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DB_NAME])
        url = f"postgres://postgres@127.0.0.1:{port}/{DB_NAME}"
        print(f"PostgreSQL {os.path.basename(os.path.dirname(bindir))} running at {url}", flush=True)
        env = dict(
            os.environ,
            DATABASE_URL=url,
            PG_BINDIR=bindir,
            PG_DATADIR=datadir,
            PG_PORT=str(port),
            PG_SOCKET_DIR=workdir,
        )
        return subprocess.call(argv, env=env)
    finally:
        subprocess.run(
            as_server_user([f"{bindir}/pg_ctl", "-D", datadir, "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
