#!/usr/bin/env bash
# Goodput under overload (issue 13): single-image samples of a 32x32 DCGAN from wrk connections that ignore
# Retry-After, as load tools and naive retry loops do. Per level: 200s and 429s per second, the service's CPU
# and what one answer cost it. Talks to 127.0.0.1 only; stops the service and removes its data at the end.
#
# Usage: bash tests/GenService.Benchmarks/overload.sh [--connections 32,128,512] [--seconds 10] [--bin DIR]
#   --bin DIR  a built service to measure instead of building this checkout (e.g. an older commit's)
# The service's own settings pass through the environment, e.g. Inference__QueueCapacity=64 (the old fixed queue).
# Needs wrk and time (apt-get install wrk time) and the Debian package dataset-fashion-mnist.
set -euo pipefail

connections=32,128,512
seconds=10
bin=
while [[ $# -gt 0 ]]; do
  case $1 in
    --connections) connections=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/genservice-overload.XXXXXX)
service=
cleanup() {
  if [[ -n $service ]]; then kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z $bin ]]; then
  bin=$work/bin
  dotnet build -c Release "$repo/src/GenService.Api" -o "$bin" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
key=gs_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
auth="Authorization: Bearer $key"

# Started in its own folder so that its appsettings.json applies, whatever the build.
(cd "$bin" && exec env Storage__DataDirectory="$work/data" Auth__AdminKey="$key" Evaluation__AfterTraining=false ASPNETCORE_URLS="$base" \
  dotnet GenService.Api.dll >"$work/service.log" 2>&1) &
service=$!
for _ in $(seq 120); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.5; done
curl -sf "$base/health/live" >/dev/null || { cat "$work/service.log"; exit 1; }

json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
dataset=$(curl -sf "$base/v1/datasets/fashion-mnist" -H "$auth" -H 'content-type: application/json' -d '{"limit":2000}' | json '["id"]')
model=$(curl -sf "$base/v1/training-runs" -H "$auth" -H 'content-type: application/json' \
  -d "{\"architecture\":\"dcgan\",\"datasetId\":\"$dataset\",\"hyperparameters\":{\"steps\":20}}" | json '["modelId"]')
for _ in $(seq 300); do
  [[ $(curl -sf -H "$auth" "$base/v1/models/$model" | json '["status"]') == Ready ]] && break
  sleep 1
done

# Counts answers by status over all of wrk's threads; samples.lua adds the POST.
cat >"$work/count.lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + count end
  end
  for status, count in pairs(totals) do io.write(string.format("status %d %d\n", status, count)) end
  io.write(string.format("seconds %.3f\n", summary.duration / 1e6))
end
EOF
{
  echo 'wrk.method = "POST"'
  echo 'wrk.headers["Content-Type"] = "application/json"'
  echo "wrk.headers[\"Authorization\"] = \"Bearer $key\""
  echo "wrk.body = '{\"count\":1,\"seed\":5,\"layout\":\"single\"}'"
  cat "$work/count.lua"
} >"$work/samples.lua"

# The service's CPU per thread. Threads named ".NET ..." serve requests (Kestrel's sockets, the thread pool, the
# GC); the others are the engine's worker ("inference cpu") and libtorch's threads, idle unless the model runs.
# Ticks of 1/CLK_TCK s, utime + stime.
threads_cpu() {
  for task in /proc/"$service"/task/*; do
    echo "${task##*/} $(tr ' ' _ <"$task/comm") $(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
  done 2>/dev/null
}

# measure LABEL CONNECTIONS URL SCRIPT: one table row.
measure() {
  threads_cpu >"$work/before"
  /usr/bin/time -f '%U %S' -o "$work/wrk-time" wrk -t1 -c"$2" -d"${seconds}s" --timeout 60s -s "$4" "$3" >"$work/wrk.txt"
  threads_cpu >"$work/after"
  python3 - "$1" "$2" "$work" "$(getconf CLK_TCK)" <<'EOF'
import sys
label, connections, work, ticks = sys.argv[1:]
statuses, seconds = {}, None
for line in open(f"{work}/wrk.txt"):
    words = line.split()
    if words[:1] == ["status"]:
        statuses[int(words[1])] = int(words[2])
    elif words[:1] == ["seconds"]:
        seconds = float(words[1])
def snapshot(name):
    rows = [line.split() for line in open(f"{work}/{name}")]
    return {row[0]: (row[1], int(row[2])) for row in rows if len(row) == 3}  # a thread may end while read
before, after = snapshot("before"), snapshot("after")
model = requests = 0.0
for tid, (comm, cpu) in after.items():
    used = (cpu - before.get(tid, (comm, 0))[1]) / float(ticks)
    if comm.startswith(".NET"):
        requests += used
    else:
        model += used
ok, refused = statuses.get(200, 0), statuses.get(429, 0)
other = sum(statuses.values()) - ok - refused
answers = max(1, ok + refused + other)
wrk_cpu = sum(map(float, open(f"{work}/wrk-time").read().split()))
print(f"| {label} | {connections} | {ok / seconds:.0f} | {refused / seconds:.0f} | {other / seconds:.0f} "
      f"| {model / seconds:.2f} | {requests / seconds:.2f} | {requests / answers * 1e6:.0f} | {wrk_cpu / seconds:.2f} |")
EOF
}

samples=$base/v1/models/$model/samples
wrk -t1 -c8 -d3s -s "$work/samples.lua" "$samples" >/dev/null   # warm-up: loads the model, JIT

echo "Machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "Settings: --connections $connections --seconds $seconds; $(env | grep -E '^(Inference|Torch)__' | tr '\n' ' ')"
echo
echo "| requests | connections | 200/s | 429/s | other/s | model threads' CPU (cores) | request threads' CPU (cores) | request threads' CPU per answer (µs) | wrk CPU (cores) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in ${connections//,/ }; do
  measure "POST samples, count 1" "$c" "$samples" "$work/samples.lua"
done
# What any answer costs the request threads, with no model, JSON or database: the floor under a 429.
measure "GET /health/live" "${connections##*,}" "$base/health/live" "$work/count.lua"
