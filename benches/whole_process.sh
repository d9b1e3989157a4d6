#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: `marginalia validate` and `marginalia agree --json` on
# the 10 MB / 100,000-annotation project, beside `sha256sum` of the same file as the reference of
# the same run. Needs the files `cargo bench --bench project_io` leaves in target/bench-data/.
#
#   bash benches/whole_process.sh            # 7 runs each, prints the median of each
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
data="$target/bench-data"
a="$data/10MB_100k.ron"
b="$data/10MB_100k_b.ron"
if [ ! -f "$a" ] || [ ! -f "$b" ]; then
  echo "missing $a or $b: run 'cargo bench --bench project_io' first" >&2
  exit 2
fi
cargo build --release --quiet --bin marginalia
bin="$target/release/marginalia"
runs="${RUNS:-7}"

# Median wall time in milliseconds of running "$@" $runs times (output discarded; exit code ignored
# because `agree` exits 0 and `validate` exits 0 on a valid file, but a failure is reported).
median_ms() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $a ($(du -m "$a" | cut -f1) MB)"
ref=$(median_ms sha256sum "$a")
val=$(median_ms "$bin" validate "$a")
agr=$(median_ms "$bin" agree "$a" "$b" --json)
echo "reference: sha256sum of the file          ${ref} ms"
echo "marginalia validate                       ${val} ms  ($(awk "BEGIN{printf \"%.1f\", $val/$ref}")× reference)"
echo "marginalia agree A B --json               ${agr} ms  ($(awk "BEGIN{printf \"%.1f\", $agr/$ref}")× reference)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
