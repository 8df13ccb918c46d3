#!/usr/bin/env bash
# Runs every test of GenService: the one command for a fresh Debian/Ubuntu machine with the .NET 10 SDK.
#
#   bash tests/run-tests.sh                  # everything
#   bash tests/run-tests.sh --filter Vae     # any extra arguments go to `dotnet test`
#
# 1. Installs with apt, only when something is missing: postgresql, dataset-fashion-mnist
#    (/usr/share/datasets/fashion-mnist), python3-skimage (photos in .../skimage/data),
#    fonts-dejavu-core (the font the plots load from its file), docker-compose (checks
#    docker-compose.yml offline), and nodejs and npm when there is no node or npm at all.
# 2. Starts a PRIVATE PostgreSQL cluster (the system cluster is never touched): initdb into a fresh
#    temporary folder, trust authentication on 127.0.0.1 only, a free TCP port, its unix socket inside
#    that folder. GENSERVICE_TEST_POSTGRES is exported as the base connection string for the API tests.
#    The cluster is stopped and the folder removed on every exit (success, failure, Ctrl-C).
# 3. Runs `dotnet test` on the solution with a TRX logger.
# 4. Checks the deployment files offline: tests/deploy-check (npm ci, then node: the Kubernetes manifests
#    against the Kubernetes schemas, what they name, the Dockerfile and its gpu target) and
#    `docker-compose config` on docker-compose.yml. Each check counts as a test.
# Prints, as the very last line, `N passed, N failed, N skipped`: the TRX files' <Counters> elements
# and the checks of step 4.
#
# Exit status: non-zero when dotnet test failed, any test failed, or no test ran at all.
#
# Settings (environment):
#   GENSERVICE_TEST_SOLUTION      solution or project to test (default: GenService.sln in the repo root)
#   GENSERVICE_TEST_RESULTS_DIR   where the TRX files go (default: .artifacts/test-results in the repo root)
#   GENSERVICE_TEST_HANG_TIMEOUT  per-test hang timeout for `dotnet test --blame-hang-timeout` (default: 15m)
#   GENSERVICE_TEST_SKIP_APT=1    never run apt (the packages must already be there)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

solution="${GENSERVICE_TEST_SOLUTION:-GenService.sln}"
results_dir="${GENSERVICE_TEST_RESULTS_DIR:-$repo_root/.artifacts/test-results}"
hang_timeout="${GENSERVICE_TEST_HANG_TIMEOUT:-15m}"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[run-tests] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK first."

# ---------------------------------------------------------------------------------------------
# 1. System packages
# ---------------------------------------------------------------------------------------------
apt_packages=(postgresql dataset-fashion-mnist python3-skimage fonts-dejavu-core docker-compose)

# The highest installed PostgreSQL version's bin folder (/usr/lib/postgresql/<version>/bin), or nothing.
find_pg_bin() {
    local dir best="" best_version=""
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
        local version="${dir%/bin}"
        version="${version##*/}"
        if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best_version" "$version" | sort -V | tail -n1)" == "$version" ]]; then
            best="$dir"
            best_version="$version"
        fi
    done
    printf '%s' "$best"
}

package_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

missing_packages() {
    local package
    for package in "${apt_packages[@]}"; do
        if command -v dpkg-query >/dev/null 2>&1; then
            package_installed "$package" || printf '%s\n' "$package"
        fi
    done
    # Whatever the package database says, the files the tests read must be there.
    [[ -n "$(find_pg_bin)" ]] || printf '%s\n' postgresql
    [[ -d /usr/share/datasets/fashion-mnist ]] || printf '%s\n' dataset-fashion-mnist
    compgen -G '/usr/lib/python3/dist-packages/skimage/data/*' >/dev/null || printf '%s\n' python3-skimage
    [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || printf '%s\n' fonts-dejavu-core
    command -v docker-compose >/dev/null 2>&1 || printf '%s\n' docker-compose
    # Any Node.js will do (the machine's own, say): Debian's only when there is none.
    command -v node >/dev/null 2>&1 || printf '%s\n' nodejs
    command -v npm >/dev/null 2>&1 || printf '%s\n' npm
}

install_packages() {
    local -a sudo_cmd=() packages=("$@")
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install ${packages[*]} by hand."
        if [[ -t 0 ]]; then sudo_cmd=(sudo); else sudo_cmd=(sudo -n); fi
    fi
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${packages[*]} by hand."
    local -a apt=("${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q
        -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    log "installing with apt: ${packages[*]}"
    if ! "${apt[@]}" install --no-install-recommends "${packages[@]}" >&2; then
        log "apt-get install failed; running apt-get update and trying again"
        "${apt[@]}" update >&2
        "${apt[@]}" install --no-install-recommends "${packages[@]}" >&2
    fi
}

mapfile -t missing < <(missing_packages | sort -u)
if (( ${#missing[@]} > 0 )); then
    if [[ "${GENSERVICE_TEST_SKIP_APT:-}" == 1 ]]; then
        die "missing: ${missing[*]} (and GENSERVICE_TEST_SKIP_APT=1)."
    fi
    # The file checks may flag a package dpkg considers installed but whose files are gone: apt
    # then reports it as already installed, and the check after it fails loudly.
    install_packages "${missing[@]}"
    mapfile -t still_missing < <(missing_packages | sort -u)
    (( ${#still_missing[@]} == 0 )) || die "still missing after apt: ${still_missing[*]}"
else
    log "system packages already installed: ${apt_packages[*]}"
fi

# ---------------------------------------------------------------------------------------------
# 2. A private PostgreSQL cluster
# ---------------------------------------------------------------------------------------------
pg_bin="$(find_pg_bin)"
[[ -n "$pg_bin" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin."

pg_tmp=""
pg_data=""
pg_started=0
run_as_pg=()

# Runs a PostgreSQL tool as the cluster's owner, from inside the cluster folder (the postgres user
# may not be allowed into the current directory) and in the C locale (whatever locales exist).
pg() {
    (cd "$pg_tmp" && "${run_as_pg[@]}" env LC_ALL=C LANG=C "$@")
}

stop_postgres() {
    # Quiet on purpose: the summary line must stay the last line of output.
    local pid=""
    if (( pg_started )) && [[ -f "$pg_data/postmaster.pid" ]]; then
        pid="$(head -n1 "$pg_data/postmaster.pid" 2>/dev/null || true)"
        pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || { [[ "$pid" =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null; } \
            || true
    fi
    pg_started=0
    if [[ -n "$pg_tmp" && -d "$pg_tmp" ]]; then
        rm -rf -- "$pg_tmp" 2>/dev/null || true
    fi
    pg_tmp=""
}

# shellcheck disable=SC2317  # invoked by the trap
on_exit() {
    local status=$?
    set +e
    trap - EXIT INT TERM HUP
    stop_postgres
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ "$(id -u)" -eq 0 ]]; then
    # initdb and postgres refuse to run as root: use the postgres OS user the package created.
    getent passwd postgres >/dev/null || die "running as root, but there is no 'postgres' OS user."
    command -v runuser >/dev/null 2>&1 || die "running as root, but runuser (util-linux) is missing."
    run_as_pg=(runuser -u postgres --)
    # /tmp rather than $TMPDIR: the postgres user must be able to reach the folder.
    pg_tmp="$(mktemp -d /tmp/genservice-pg.XXXXXX)"
    chown postgres: "$pg_tmp"
else
    pg_tmp="$(mktemp -d "${TMPDIR:-/tmp}/genservice-pg.XXXXXX")"
fi
chmod 700 "$pg_tmp"
pg_data="$pg_tmp/data"

# A TCP port nothing on 127.0.0.1 answers on.
pick_port() {
    local port attempt
    for attempt in $(seq 1 200); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s' "$port"
            return 0
        fi
    done
    return 1
}

log "PostgreSQL $(basename "$(dirname "$pg_bin")") from $pg_bin, private cluster in $pg_tmp"
pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
    >"$pg_tmp/initdb.log" 2>&1 || { cat "$pg_tmp/initdb.log" >&2; die "initdb failed."; }

# Trust, but only over the private socket and 127.0.0.1.
cat >"$pg_data/pg_hba.conf" <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
mkdir -p "$pg_tmp/socket"
[[ -z "${run_as_pg[*]}" ]] || chown postgres: "$pg_tmp/socket" "$pg_data/pg_hba.conf"

pg_port=""
for attempt in 1 2 3 4 5; do
    pg_port="$(pick_port)" || die "found no free TCP port."
    cat >"$pg_data/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_tmp/socket'
max_connections = 200
# A throwaway test cluster: durability buys nothing here.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    [[ -z "${run_as_pg[*]}" ]] || chown postgres: "$pg_data/postgresql.auto.conf"
    pg_started=1
    if pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_tmp/postgres.log" -w -t 60 start >/dev/null 2>&1; then
        break
    fi
    pg_started=0
    log "PostgreSQL did not start on port $pg_port (attempt $attempt):"
    tail -n 5 "$pg_tmp/postgres.log" >&2 2>/dev/null || true
    # A postmaster that half-started must not survive into the next attempt.
    pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
    pg_port=""
done
[[ -n "$pg_port" ]] || die "could not start PostgreSQL (log above)."

for _ in $(seq 1 60); do
    if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -t 2; then
        break
    fi
    sleep 1
done
"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -t 2 \
    || { tail -n 20 "$pg_tmp/postgres.log" >&2 || true; die "PostgreSQL is not accepting connections."; }

export GENSERVICE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
log "PostgreSQL ready: GENSERVICE_TEST_POSTGRES=$GENSERVICE_TEST_POSTGRES"

# ---------------------------------------------------------------------------------------------
# 3. The tests
# ---------------------------------------------------------------------------------------------
mkdir -p "$results_dir"
results_dir="$(cd "$results_dir" && pwd)"
# Reports of earlier runs of this script would only confuse; other files there are left alone.
rm -f -- "$results_dir"/genservice-*.trx
# Unique per run, so that only this run's TRX files are counted.
trx_prefix="genservice-$(date +%Y%m%d-%H%M%S)-$$"

log "dotnet test $solution (TRX files: $results_dir/$trx_prefix*.trx)"
test_status=0
dotnet test "$solution" \
    --results-directory "$results_dir" \
    --logger "trx;LogFilePrefix=$trx_prefix" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout "$hang_timeout" \
    --blame-hang-dump-type none \
    "$@" || test_status=$?

stop_postgres

# ---------------------------------------------------------------------------------------------
# 4. The deployment files, offline
# ---------------------------------------------------------------------------------------------
deploy_passed=0
deploy_failed=0
log "checking the deployment files: tests/deploy-check and docker-compose config"
if npm ci --prefix tests/deploy-check --no-audit --no-fund >&2; then
    deploy_output="$(node tests/deploy-check/check.mjs)" || true
    printf '%s\n' "$deploy_output"
    if [[ "$(tail -n1 <<<"$deploy_output")" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        deploy_passed=${BASH_REMATCH[1]}
        deploy_failed=${BASH_REMATCH[2]}
    else
        log "tests/deploy-check/check.mjs ended without its summary line"
        deploy_failed=1
    fi
else
    log "npm ci in tests/deploy-check failed"
    deploy_failed=1
fi
if docker-compose --project-directory "$repo_root" -f docker-compose.yml config -q >&2; then
    echo "ok - docker-compose.yml is a valid Compose file"
    deploy_passed=$((deploy_passed + 1))
else
    echo "not ok - docker-compose.yml is a valid Compose file"
    deploy_failed=$((deploy_failed + 1))
fi

# Sum the <Counters> of every TRX file of this run.
shopt -s nullglob
trx_files=("$results_dir/$trx_prefix"*.trx)
shopt -u nullglob
counts="0 0 0 0 0"
if (( ${#trx_files[@]} > 0 )); then
    counts="$(awk '
        function attr(el, name,   m) {
            if (match(el, " " name "=\"[0-9]+\"")) {
                m = substr(el, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", m)
                return m + 0
            }
            return 0
        }
        BEGIN { for (i = 1; i < ARGC; i++) { found[ARGV[i]] = 0; bad[ARGV[i]] = 0; crashed[ARGV[i]] = 0 } }
        match($0, /<Counters [^>]*>/) {
            el = substr($0, RSTART, RLENGTH)
            found[FILENAME] = 1
            passed += attr(el, "passed")
            n = attr(el, "failed") + attr(el, "error") + attr(el, "timeout") + attr(el, "aborted") \
                + attr(el, "disconnected") + attr(el, "notRunnable") + attr(el, "inconclusive")
            failed += n
            bad[FILENAME] += n
            # xunit skips are not in notExecuted: they are the recorded results that did not execute.
            notrun = attr(el, "total") - attr(el, "executed")
            skipped += (notrun > attr(el, "notExecuted") ? notrun : attr(el, "notExecuted"))
        }
        match($0, /<ResultSummary [^>]*outcome="[A-Za-z]*"/) {
            outcome = substr($0, RSTART, RLENGTH)
            sub(/.*outcome="/, "", outcome)
            sub(/"$/, "", outcome)
            if (outcome != "Completed" && outcome != "Passed" && outcome != "Warning") crashed[FILENAME] = 1
        }
        END {
            for (f in found) {
                if (!found[f]) broken++
                # A run that did not complete (test host crashed, or killed for hanging) with no failed
                # result recorded lost its results: count it as one failure.
                if (crashed[f] && bad[f] == 0) { aborted++; failed++ }
            }
            printf "%d %d %d %d %d\n", passed, failed, skipped, broken, aborted
        }' "${trx_files[@]}")"
fi
read -r passed failed skipped broken aborted <<<"$counts"

status=0
if (( test_status != 0 )); then
    log "dotnet test exited with status $test_status"
    status=1
fi
if (( broken > 0 )); then
    log "$broken TRX file(s) without a <Counters> element"
    status=1
fi
if (( aborted > 0 )); then
    log "$aborted test run(s) aborted (test host crashed or hung: see the output above)"
    status=1
fi
if (( failed > 0 )); then
    status=1
fi
if (( passed + failed == 0 )); then
    log "no test ran (TRX files found: ${#trx_files[@]})"
    status=1
fi

passed=$((passed + deploy_passed))
failed=$((failed + deploy_failed))
if (( deploy_failed > 0 )); then
    status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
