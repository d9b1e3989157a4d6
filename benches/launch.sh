#!/usr/bin/env bash
# Launch to first frame, whole process, for BENCHMARKS.md: the release window on the sample and
# on the 10 MB / 100,000-annotation project, each closing itself after the first frame that
# paints document text (MARGINALIA_EXIT_AFTER_FIRST_TEXT), beside an empty eframe window built
# the same way (benches/empty_window.rs) that closes after its first frame: the reference of the
# same run. Needs xvfb and mesa-vulkan-drivers (software Vulkan), and the project files that
# `cargo bench --bench project_io` leaves in target/bench-data/.
#
#   bash benches/launch.sh            # 9 runs each, prints the median of each
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
book="$target/bench-data/10MB_100k.ron"
[ -f "$book" ] || { echo "missing $book: run 'cargo bench --bench project_io' first" >&2; exit 2; }
cargo build --release --quiet --bin marginalia
empty=$(cargo bench --no-run --bench empty_window 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
bin="$target/release/marginalia"
runs="${RUNS:-9}"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display" MARGINALIA_EXIT_AFTER_FIRST_TEXT=1 MARGINALIA_LAUNCH_BENCH=1

# Median wall time in milliseconds of "$@" over $runs runs, each with fresh saved state.
median_ms() {
  local times=() start end data
  for _ in $(seq "$runs"); do
    data=$(mktemp -d)
    start=$(date +%s%N)
    XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$data" timeout 60 "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    end=$(date +%s%N)
    rm -rf "$data"
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
ref=$(median_ms "$empty")
sample=$(median_ms "$bin")
big=$(median_ms "$bin" "$book")
echo "reference: empty eframe window, launch to first frame   ${ref} ms"
echo "marginalia (the sample), launch to first text frame     ${sample} ms  ($(awk "BEGIN{printf \"%.2f\", $sample/$ref}")× reference)"
echo "marginalia BOOK.ron (10 MB / 100k), to first text frame ${big} ms  ($(awk "BEGIN{printf \"%.2f\", $big/$ref}")× reference)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
