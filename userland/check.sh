#!/usr/bin/env bash
# Checks of the user programs and the initrd that need no running kernel;
# `make check-userland` runs this with the programs as arguments and
# ABI_CHECK_CMD (a compile of libc/abi_check.c), MKINITRD, INITRD and
# INITRD_MEMBERS (mkinitrd's DEST=SRC / DIR/ list) in the environment.  Every check runs even after a failure; the script
# prints each failure, one summary line, and exits 1 if anything failed.
#
#   0. the ABI _Static_asserts of libc/abi_check.c, all of them;
#   1. each program: a static i386 ELF32 executable whose entry is _start,
#      with exactly two PT_LOAD segments, R E then RW, page-aligned, not
#      sharing a page, and no undefined symbols;
#   2. the initrd as GNU cpio sees it: the expected names, files extracted
#      byte for byte, programs executable, and a rebuild gives the same bytes;
#   3. an independent reader of the newc layout (alignment, padding, fields);
#   4. mkinitrd's corner cases: name and size padding, refused arguments.
set -u

: "${MKINITRD:?}" "${INITRD:?}" "${INITRD_MEMBERS:?}"
PYTHON=${PYTHON:-python3}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "check-userland: FAIL: $*" >&2; }
# expect MESSAGE COMMAND...: pass if COMMAND succeeds, else fail with MESSAGE.
expect() { local what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-userland.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- 0. the ABI checks -------------------------------------------------------
if [ -n "${ABI_CHECK_CMD:-}" ]; then
  if eval "$ABI_CHECK_CMD" 2>"$tmp/abi.err"; then pass
  else fail "ABI _Static_asserts in libc/abi_check.c:
$(grep -o "static_assert failed.*" "$tmp/abi.err" || cat "$tmp/abi.err")"; fi
fi

# ---- 1. programs ------------------------------------------------------------
# Print "offset vaddr memsz flags align" for each PT_LOAD ("R E" becomes "RE").
load_segments() {
  llvm-readelf -lW "$1" | awk '$1 == "LOAD" {
    flags = ""; for (i = 7; i < NF; i++) flags = flags $i
    print $2, $3, $6, flags, $NF }'
}

check_program() {
  local f=$1 hdr entry start loads n
  if ! hdr=$(llvm-readelf -h "$f" 2>&1); then fail "$f: not an ELF file"; return; fi
  if grep -q 'Class: *ELF32' <<<"$hdr" && grep -q 'Type: *EXEC' <<<"$hdr" &&
     grep -q 'Machine: *Intel 80386' <<<"$hdr"; then pass
  else fail "$f: not an i386 ELF32 executable"; fi

  entry=$(awk '/Entry point address/ {print $NF}' <<<"$hdr")
  start=$(llvm-nm "$f" | awk '$3 == "_start" {print $1}')
  if [ -n "$start" ] && [ $((entry)) -eq $((16#$start)) ]; then pass
  else fail "$f: entry $entry is not _start (${start:-missing})"; fi

  loads=$(load_segments "$f")
  n=$(grep -c . <<<"$loads")
  if [ "$n" -ne 2 ]; then fail "$f: $n PT_LOAD segments, want 2"; return; fi
  pass
  local o1 v1 m1 f1 a1 o2 v2 f2 a2
  read -r o1 v1 m1 f1 a1 <<<"$(sed -n 1p <<<"$loads")"
  read -r o2 v2 _ f2 a2 <<<"$(sed -n 2p <<<"$loads")"
  if [ "$f1" = RE ] && [ "$f2" = RW ]; then pass
  else fail "$f: segment flags '$f1' '$f2', want 'RE' 'RW'"; fi
  if [ $((v1)) -eq $((0x08048000)) ]; then pass
  else fail "$f: text segment at $v1, want 0x08048000"; fi
  if [ $((o1 % 4096)) -eq 0 ] && [ $((v1 % 4096)) -eq 0 ] && [ $((o2 % 4096)) -eq 0 ] &&
     [ $((v2 % 4096)) -eq 0 ] && [ $((a1)) -eq 4096 ] && [ $((a2)) -eq 4096 ]; then pass
  else fail "$f: segments not page-aligned ($o1 $v1 $a1, $o2 $v2 $a2)"; fi
  if [ $((v2)) -ge $(( (v1 + m1 + 4095) / 4096 * 4096 )) ]; then pass
  else fail "$f: the data segment starts inside the text segment's last page"; fi

  local undef
  undef=$(llvm-nm -u "$f")
  if [ -z "$undef" ]; then pass
  else fail "$f: undefined symbols: $(tr '\n' ' ' <<<"$undef")"; fi
}

[ $# -gt 0 ] || fail "no programs given"
for prog in "$@"; do check_program "$prog"; done

# ---- 2. the initrd through GNU cpio ------------------------------------------
# Expected names: every DEST and DIR, and every directory above them.
expected_names() {
  local m name
  for m in $INITRD_MEMBERS; do
    name=${m%%=*}; name=${name%/}
    while :; do
      echo "$name"
      case $name in */*) name=${name%/*} ;; *) break ;; esac
    done
  done | LC_ALL=C sort -u
}

if cpio -itv <"$INITRD" >"$tmp/listing" 2>"$tmp/cpio.err"; then pass
else fail "cpio -itv rejects $INITRD: $(cat "$tmp/cpio.err")"; fi
cpio -it <"$INITRD" 2>/dev/null | LC_ALL=C sort >"$tmp/names"
if expected_names | cmp -s - "$tmp/names"; then pass
else fail "initrd names differ from the member list: $(expected_names | diff - "$tmp/names" | tr '\n' ' ')"; fi

mkdir "$tmp/x"
if (cd "$tmp/x" && cpio -idm --quiet) <"$INITRD" 2>"$tmp/cpio.err"; then pass
else fail "cpio -idm failed: $(cat "$tmp/cpio.err")"; fi
for m in $INITRD_MEMBERS; do
  case $m in *=*) ;; *) expect "directory ${m%/} missing" test -d "$tmp/x/${m%/}"; continue ;; esac
  dest=${m%%=*} src=${m#*=}
  if cmp -s "$src" "$tmp/x/$dest"; then pass; else fail "$dest differs from $src after extraction"; fi
  if { [ -x "$src" ] && [ -x "$tmp/x/$dest" ]; } || { [ ! -x "$src" ] && [ ! -x "$tmp/x/$dest" ]; }; then pass
  else fail "$dest: execute permission not kept"; fi
done

# shellcheck disable=SC2086  # the member list is meant to split into words
if "$MKINITRD" "$tmp/again.cpio" $INITRD_MEMBERS && cmp -s "$INITRD" "$tmp/again.cpio"; then pass
else fail "rebuilding the initrd does not give the same bytes"; fi

# ---- 3. an independent reader of the newc layout ------------------------------
verify_newc() {
  "$PYTHON" - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
pos, ino, names, errors = 0, 0, [], []
while True:
    h = data[pos:pos + 110]
    if len(h) < 110 or h[:6] != b"070701":
        errors.append("bad header at %d" % pos); break
    f = [int(h[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
    mode, nlink, mtime, size, namesize, check = f[1], f[4], f[5], f[6], f[11], f[12]
    name = data[pos + 110:pos + 110 + namesize]
    if not name.endswith(b"\0") or b"\0" in name[:-1]:
        errors.append("name at %d not NUL-terminated at its size" % pos)
    name = name[:-1].decode()
    data_at = (pos + 110 + namesize + 3) & ~3
    if data[pos + 110 + namesize:data_at].strip(b"\0"):
        errors.append("%s: non-zero name padding" % name)
    end = data_at + size
    if data[end:(end + 3) & ~3].strip(b"\0"):
        errors.append("%s: non-zero data padding" % name)
    if name == "TRAILER!!!":
        if (end + 3) & ~3 != len(data):
            errors.append("bytes after the trailer")
        break
    ino += 1
    if f[0] != ino or mtime or f[2] or f[3] or check or any(f[7:11]):
        errors.append("%s: ino %d mtime %d uid %d gid %d: not deterministic" % (name, f[0], mtime, f[2], f[3]))
    if mode not in (0o40755, 0o100755, 0o100644):
        errors.append("%s: mode %o" % (name, mode))
    if mode >> 12 == 0o4 and (size or nlink != 2):
        errors.append("%s: directory with data or nlink %d" % (name, nlink))
    parent = name.rpartition("/")[0]
    if parent and parent not in names:
        errors.append("%s comes before its directory" % name)
    if names and names[-1] >= name:
        errors.append("%s: not sorted" % name)
    names.append(name)
    pos = (end + 3) & ~3
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
}
if out=$(verify_newc "$INITRD"); then pass; else fail "newc layout of $INITRD: $out"; fi

# ---- 4. mkinitrd corner cases ---------------------------------------------
mkdir "$tmp/src"
args=()
for n in 0 1 2 3 4 5 6 7; do                 # every name and data padding case
  head -c "$n" /dev/urandom >"$tmp/src/f$n"
  name=$(printf 'abcdefgh' | head -c $((n + 1)))
  args+=("d$n/$name=$tmp/src/f$n")
done
args+=("/lead/slash=$tmp/src/f3" "empty/dir/")
if "$MKINITRD" "$tmp/corner.cpio" "${args[@]}"; then
  pass
  if out=$(verify_newc "$tmp/corner.cpio"); then pass; else fail "newc layout of the corner cases: $out"; fi
  mkdir "$tmp/y"
  (cd "$tmp/y" && cpio -idm --quiet) <"$tmp/corner.cpio"
  for n in 0 1 2 3 4 5 6 7; do
    name=$(printf 'abcdefgh' | head -c $((n + 1)))
    expect "corner case: $n-byte file named '$name' changed" cmp -s "$tmp/src/f$n" "$tmp/y/d$n/$name"
  done
  expect "a leading '/' was not dropped" cmp -s "$tmp/src/f3" "$tmp/y/lead/slash"
  expect "empty directory DIR/ missing" test -d "$tmp/y/empty/dir"
else
  fail "mkinitrd refused the corner cases"
fi

refuse() {
  rm -f "$tmp/bad.cpio"
  if "$MKINITRD" "$tmp/bad.cpio" "$@" 2>/dev/null; then fail "mkinitrd accepted: $*"
  elif [ -e "$tmp/bad.cpio" ] || [ -e "$tmp/bad.cpio.tmp" ]; then fail "mkinitrd left an archive after refusing: $*"
  else pass; fi
}
refuse "../up=$tmp/src/f1"
refuse "a/../b=$tmp/src/f1"
refuse "a//b=$tmp/src/f1"
refuse "./a=$tmp/src/f1"
refuse "a=$tmp/src/f1" "a=$tmp/src/f2"
refuse "a=$tmp/src/f1" "a/b=$tmp/src/f2"
refuse "a=$tmp/src/missing"
refuse "a=$tmp/src"
refuse "noequals"
refuse "a/=$tmp/src/f1"

echo "check-userland: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
