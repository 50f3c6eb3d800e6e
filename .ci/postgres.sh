#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: installs Debian's
# postgresql package when initdb is missing, initialises a cluster in a
# temporary folder owned by a non-root user, starts it on a free loopback
# port, runs the command with IPDESK_TEST_POSTGRES set to its connection
# string, and stops and removes the cluster when the command ends.
#
#   .ci/postgres.sh go test -race ./postgres/...
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi

find_bin() {
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v initdb)")"
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then
		echo "$d"
	fi
}

bin=$(find_bin)
if [ -z "$bin" ]; then
	echo "== installing postgresql (initdb not found)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq postgresql >/dev/null
	bin=$(find_bin)
	if [ -z "$bin" ]; then
		echo "postgresql installed but initdb not found under /usr/lib/postgresql/*/bin" >&2
		exit 1
	fi
fi

# PostgreSQL refuses to run as root: as root, run it as a system user.
run_as=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	if ! id "$owner" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
	fi
	run_as=(runuser -u "$owner" --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/ipdesk-pg.XXXXXX")
chmod 700 "$dir"
chown "$owner" "$dir"
started=""
cleanup() {
	if [ -n "$started" ]; then
		"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pwfile"
chown "$owner" "$dir/pwfile"
"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" \
	--encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
rm -f "$dir/pwfile"

# A port that nothing listens on now; another CI run may take it between
# the check and the start, so a failed start tries the next candidate.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for attempt in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	port_free "$port" || continue
	if "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null; then
		started=1
		break
	fi
done
if [ -z "$started" ]; then
	echo "could not start PostgreSQL; its log:" >&2
	cat "$dir/server.log" >&2 || true
	exit 1
fi

export IPDESK_TEST_POSTGRES="postgres://postgres:$password@127.0.0.1:$port/postgres?sslmode=disable"
echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (IPDESK_TEST_POSTGRES set)"
"$@"
