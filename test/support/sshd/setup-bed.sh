#!/usr/bin/env bash
# Shared, idempotent part of the loopback SSH test bed (run as root, under flock by testbed.ts):
# the non-root test user and the client keys. Never touches /etc/ssh or the system sshd.
set -euo pipefail
BED=$1
mkdir -p "$BED/keys" "$BED/home"
chmod 755 "$BED" "$BED/home"
if ! id seiftest >/dev/null 2>&1; then
  useradd -M -d "$BED/home/seiftest" -s /bin/bash -c "SEIF Studio ssh test user" seiftest
fi
usermod -d "$BED/home/seiftest" seiftest 2>/dev/null || true
mkdir -p "$BED/home/seiftest"
chown seiftest: "$BED/home/seiftest"
# '!' (locked) is refused by sshd with UsePAM=no; '*' = no password, not locked.
usermod -p '*' seiftest
k=$BED/keys
[ -f "$k/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C bed-client -f "$k/id_ed25519"
[ -f "$k/id_rsa" ] || ssh-keygen -q -t rsa -b 2048 -N '' -C bed-client-rsa -f "$k/id_rsa"
[ -f "$k/id_ed25519_enc" ] || ssh-keygen -q -t ed25519 -N 'correct horse' -C bed-client-enc -f "$k/id_ed25519_enc"
[ -f "$k/id_wrong" ] || ssh-keygen -q -t ed25519 -N '' -C bed-wrong -f "$k/id_wrong"
chmod 700 "$k"
mkdir -p "$BED/authorized_keys.d"
chmod 755 "$BED/authorized_keys.d"
cat "$k/id_ed25519.pub" "$k/id_rsa.pub" "$k/id_ed25519_enc.pub" > "$BED/authorized_keys.d/seiftest"
chown seiftest: "$BED/authorized_keys.d/seiftest"
chmod 600 "$BED/authorized_keys.d/seiftest"
[ -d /run/sshd ] || install -d -m 0755 /run/sshd
