#!/usr/bin/env bash
# Mosaic build setup.
#
# Prepares everything the build and the tests need that is not in the repo:
#   1. installs the Debian packages (compiler, emulator, boot loader, test
#      tools) if any is missing; without root it prints the install command;
#   2. builds newlib 3.3.0 for i686-elf from Debian's newlib-source package,
#      using clang through the wrappers in tools/cross/;
#   3. fetches the lwIP 2.1.3 sources from Debian's source package `lwip`
#      through a private apt configuration (nothing under /etc is touched);
#   4. writes env.mk, the makefile fragment the top Makefile includes.
# Results live in a per-user cache folder ($MOSAIC_CACHE, by default
# ~/.cache/mosaic), keyed by version with stamp files, so fresh clones reuse
# them and a second run does nothing.
#
# Usage: tools/setup.sh                set up (idempotent)
#        tools/setup.sh --print-cache  print the cache folder and exit
set -euo pipefail

NEWLIB_VERSION=3.3.0
NEWLIB_TARBALL=/usr/src/newlib/newlib-$NEWLIB_VERSION.tar.xz
LWIP_VERSION=2.1.3

PACKAGES=(clang lld llvm libclang-rt-14-dev qemu-system-x86 grub-pc-bin
          grub-common xorriso mtools newlib-source python3-pytest cpio
          dnsmasq-base iproute2 make iperf patch)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CROSS=$ROOT/tools/cross
MOSAIC_CACHE=${MOSAIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mosaic}
case $MOSAIC_CACHE in /*) ;; *) MOSAIC_CACHE=$PWD/$MOSAIC_CACHE ;; esac

case ${1:-} in
  "") ;;
  --print-cache) printf '%s\n' "$MOSAIC_CACHE"; exit 0 ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  *) echo "setup: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

did_work=no
TMP_DIRS=()
cleanup() { if ((${#TMP_DIRS[@]})); then rm -rf "${TMP_DIRS[@]}"; fi; }
trap cleanup EXIT

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
install_packages() {
  local installed missing=() p
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
  for p in "${PACKAGES[@]}"; do
    grep -q "^$p ii" <<<"$installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0

  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  did_work=yes
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/mosaic-apt.XXXXXX")
  TMP_DIRS+=("$log")
  if ! { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "apt-get install ${missing[*]} failed"
  fi
}

# ---------------------------------------------------------------------------
# 2. newlib for i686-elf
# ---------------------------------------------------------------------------
NEWLIB_PREFIX=$MOSAIC_CACHE/newlib-$NEWLIB_VERSION
NEWLIB_DIR=$NEWLIB_PREFIX/i686-elf
# HAVE_FCNTL/HAVE_BLKSIZE: stdio sizes its buffers from st_blksize and only
# line-buffers terminals (see NOTES.md "newlib in practice").
NEWLIB_CFLAGS="-g -O2 -DHAVE_FCNTL -DHAVE_BLKSIZE"
NEWLIB_CONFIG=(--target=i686-elf --prefix="$NEWLIB_PREFIX" --disable-multilib
               --enable-newlib-io-long-long --enable-newlib-io-c99-formats
               --disable-newlib-supplied-syscalls --disable-nls)
# The stamp records the recipe, so changing a flag here rebuilds newlib.
NEWLIB_STAMP_TEXT="newlib $NEWLIB_VERSION; ${NEWLIB_CONFIG[*]/#--prefix=*/}; CFLAGS_FOR_TARGET=$NEWLIB_CFLAGS"

build_newlib() {
  local stamp=$NEWLIB_PREFIX/.stamp
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$NEWLIB_STAMP_TEXT" ] \
     && [ -f "$NEWLIB_DIR/lib/libc.a" ] && [ -f "$NEWLIB_DIR/lib/libm.a" ]; then
    return 0
  fi
  did_work=yes
  [ -f "$NEWLIB_TARBALL" ] || die "$NEWLIB_TARBALL not found (package newlib-source)"
  local t
  for t in cc as ld ar ranlib nm objcopy objdump readelf strip; do
    [ -x "$CROSS/i686-elf-$t" ] || die "$CROSS/i686-elf-$t is missing or not executable"
  done

  local log=$MOSAIC_CACHE/newlib-$NEWLIB_VERSION.log
  local work=$MOSAIC_CACHE/newlib-$NEWLIB_VERSION.work
  say "building newlib $NEWLIB_VERSION for i686-elf (about a minute; log: $log)"
  rm -rf "$work" "$NEWLIB_PREFIX"
  mkdir -p "$work/src" "$work/build"
  : >"$log"

  # The tarball's top folder is not newlib-$NEWLIB_VERSION: strip it.
  tar -xf "$NEWLIB_TARBALL" -C "$work/src" --strip-components=1
  # clang's assembler wants an explicit operand size on fild (GNU as assumes l).
  sed -i -E 's/^([[:space:]]*)fild([[:space:]])/\1fildl\2/' \
    "$work/src/newlib/libm/machine/i386/f_ldexp.S" \
    "$work/src/newlib/libm/machine/i386/f_ldexpf.S"

  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  # errexit does not apply inside an "if !" condition: chain with &&.
  if ! (
      cd "$work/build" &&
      export PATH="$CROSS:$PATH" &&
      set -x &&
      "$work/src/configure" "${NEWLIB_CONFIG[@]}" \
        CC_FOR_TARGET=i686-elf-cc GCC_FOR_TARGET=i686-elf-cc \
        AS_FOR_TARGET=i686-elf-as LD_FOR_TARGET=i686-elf-ld \
        AR_FOR_TARGET=i686-elf-ar RANLIB_FOR_TARGET=i686-elf-ranlib \
        NM_FOR_TARGET=i686-elf-nm OBJCOPY_FOR_TARGET=i686-elf-objcopy \
        OBJDUMP_FOR_TARGET=i686-elf-objdump READELF_FOR_TARGET=i686-elf-readelf \
        STRIP_FOR_TARGET=i686-elf-strip \
        CFLAGS_FOR_TARGET="$NEWLIB_CFLAGS" &&
      make -j"$jobs" all-target-newlib &&
      make install-target-newlib
    ) >>"$log" 2>&1; then
    echo "setup: newlib build failed; first errors in $log:" >&2
    grep -m 5 -E 'error:|Error [0-9]' "$log" >&2 || true
    echo "setup: last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  if [ ! -f "$NEWLIB_DIR/lib/libc.a" ] || [ ! -f "$NEWLIB_DIR/lib/libm.a" ]; then
    die "newlib installed no libc.a/libm.a under $NEWLIB_DIR/lib (see $log)"
  fi
  rm -rf "$work"
  printf '%s\n' "$NEWLIB_STAMP_TEXT" >"$NEWLIB_PREFIX/.stamp"
  say "newlib installed in $NEWLIB_DIR"
}

# ---------------------------------------------------------------------------
# 3. lwIP sources from Debian's source package
# ---------------------------------------------------------------------------
LWIP_DIR=$MOSAIC_CACHE/lwip-$LWIP_VERSION

# Print deb-src versions of the machine's enabled apt sources: deb822
# *.sources files with "Types:" rewritten, and one-line "deb" entries of
# sources.list (and sources.list.d/*.list) turned into "deb-src".
# Files with other names (e.g. *.disabled) are ignored, as apt does.
write_src_lists() {
  local out=$1 f n=0
  mkdir -p "$out/sources.list.d"
  : >"$out/sources.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$out/sources.list.d/$(basename "$f")"
    n=$((n + 1))
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >>"$out/sources.list"
    n=$((n + 1))
  done
  ((n)) || die "no apt sources found under /etc/apt"
}

fetch_lwip() {
  local stamp=$LWIP_DIR/.stamp
  if [ -f "$stamp" ] && [ -f "$LWIP_DIR/src/core/tcp.c" ]; then
    return 0
  fi
  did_work=yes
  say "fetching lwIP $LWIP_VERSION (Debian source package lwip)"

  local tmp
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mosaic-lwip.XXXXXX")
  TMP_DIRS+=("$tmp")
  write_src_lists "$tmp/etc"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/dl"
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
    # apt downloads as the unprivileged _apt user: let it reach our dirs.
    chmod 755 "$tmp"
    chown _apt "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/dl"
  fi
  local apt_opts=(
    -o "Dir::Etc::SourceList=$tmp/etc/sources.list"
    -o "Dir::Etc::SourceParts=$tmp/etc/sources.list.d"
    -o "Dir::State::Lists=$tmp/lists"
    -o "Dir::Cache=$tmp/cache"
  )
  local log=$tmp/apt.log
  if ! apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
    cat "$log" >&2
    die "apt-get update (private source lists) failed"
  fi

  local versions version
  versions=$(apt-cache "${apt_opts[@]}" showsrc --only-source lwip 2>/dev/null \
               | sed -n 's/^Version: //p' | sort -u)
  [ -n "$versions" ] || die "Debian's apt sources offer no source package 'lwip'"
  version=$(grep -E "^([0-9]+:)?$LWIP_VERSION([+~-]|\$)" <<<"$versions" | sort -V | tail -n 1 || true)
  [ -n "$version" ] || die "Debian offers lwip $(tr '\n' ' ' <<<"$versions")but Mosaic needs lwIP $LWIP_VERSION"

  if ! (cd "$tmp/dl" && apt-get "${apt_opts[@]}" source --download-only "lwip=$version") >"$log" 2>&1; then
    cat "$log" >&2
    die "apt-get source --download-only lwip=$version failed"
  fi
  local orig="" f
  for f in "$tmp/dl/lwip_$LWIP_VERSION"*.orig.tar.*; do
    [ -f "$f" ] && orig=$f && break
  done
  [ -n "$orig" ] || die "no lwip_${LWIP_VERSION}*.orig.tar.* in the downloaded source package"

  # Only the upstream (orig) tarball: Debian's patches are not applied.
  local new=$LWIP_DIR.new
  rm -rf "$new" "$LWIP_DIR"
  mkdir -p "$new"
  tar -xf "$orig" -C "$new" --strip-components=1
  [ -f "$new/src/core/tcp.c" ] || die "$(basename "$orig") has no src/core/tcp.c"
  printf 'lwip %s from %s\n' "$LWIP_VERSION" "$(basename "$orig")" >"$new/.stamp"
  mv "$new" "$LWIP_DIR"
  say "lwIP sources in $LWIP_DIR"
}

# ---------------------------------------------------------------------------
# 4. env.mk for the top Makefile
# ---------------------------------------------------------------------------
write_env_mk() {
  local rt env=$MOSAIC_CACHE/env.mk text
  rt=$(clang --target=i686-linux-gnu --rtlib=compiler-rt -print-libgcc-file-name)
  [ -f "$rt" ] || die "compiler-rt builtins for i386 not found at $rt (package libclang-rt-14-dev)"
  text="# Written by tools/setup.sh; do not edit.
NEWLIB_DIR := $NEWLIB_DIR
LWIP_DIR := $LWIP_DIR
CLANG_RT_I386 := $rt"
  if [ -f "$env" ] && [ "$(cat "$env")" = "$text" ]; then
    return 0
  fi
  did_work=yes
  printf '%s\n' "$text" >"$env.tmp"
  mv "$env.tmp" "$env"
  say "wrote $env"
}

install_packages
mkdir -p "$MOSAIC_CACHE"
# One setup at a time per cache (parallel make runs may call us together).
exec 9>"$MOSAIC_CACHE/.lock"
flock 9
build_newlib
fetch_lwip
write_env_mk

if [ "$did_work" = no ]; then
  say "everything is up to date (cache: $MOSAIC_CACHE)"
else
  say "done (cache: $MOSAIC_CACHE)"
fi
