#!/usr/bin/env bash
# Idle CPU of the real window (SPEC §4: an idle window does no work), for BENCHMARKS.md.
# Starts the release build on the sample under Xvfb (software Vulkan), waits for the first frame,
# then counts the process's CPU time over 30 s: once untouched, once with the find field focused
# (a blinking caret) right after pressing Ctrl+F, and again 30 s later. Needs xvfb, xdotool and mesa-vulkan-drivers.
#
#   bash benches/idle_cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SECONDS_EACH:-30}"
cargo build --release --quiet --bin marginalia
bin="${CARGO_TARGET_DIR:-target}/release/marginalia"
display=":97"
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
data="$(mktemp -d)"
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
export DISPLAY="$display" XDG_DATA_HOME="$data" USER=bench
"$bin" >/dev/null 2>&1 &
app=$!
for _ in $(seq 100); do
  wid=$(xdotool search --pid "$app" 2>/dev/null | tail -1 || true)
  [ -n "$wid" ] && break
  sleep 0.1
done
[ -n "${wid:-}" ] || { echo "no window appeared" >&2; exit 1; }
sleep 3 # first frames, fonts, the name prompt
# The first run asks for a name: type one so the window is in its normal state.
xdotool windowfocus "$wid"; xdotool type --delay 20 bench; xdotool key Return
sleep 6 # past the caret's blinking
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$app/stat"; }
measure() {
  local a b
  a=$(cpu); sleep "$seconds"; b=$(cpu)
  awk -v d=$((b - a)) -v t="$ticks" -v s="$seconds" 'BEGIN { printf "%.2f %% of one core (%.2f s of CPU in %d s)\n", 100 * d / t / s, d / t, s }'
}
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "idle, nothing focused:          $(measure)"
xdotool windowfocus "$wid"; xdotool key ctrl+f
echo "find field focused (Ctrl+F):    $(measure)"
echo "  the same, 30 s later:          $(measure)"
