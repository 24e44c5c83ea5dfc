# Sourced by scripts that run the go command: use the machine's Go when new enough, else let the
# go command fetch the pinned toolchain from the Go module proxy.
BATON_GO_TOOLCHAIN=go1.26.8
if command -v go >/dev/null; then
  __v=$(go env GOVERSION 2>/dev/null | sed -E 's/^go1\.([0-9]+).*/\1/')
  if [[ -z "$__v" || "$__v" -lt 24 ]]; then export GOTOOLCHAIN=$BATON_GO_TOOLCHAIN; fi
  unset __v
fi
