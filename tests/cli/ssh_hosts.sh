#!/bin/sh
# ssh_hosts.sh LEDE SCRIPT ARTICLES.jsonl ROWS.ndjson
#
# `lede map` across two hosts with GNU parallel --sshlogin, as a newsroom
# would spread it over machines. The two hosts are network namespaces
# made here, joined by a veth pair with their own addresses (10.231.7.1
# and 10.231.7.2), each running its own sshd on port 2222 with a key made
# here; parallel runs in the first and sends blocks of articles to both.
# No traffic leaves those two addresses; everything is removed on exit.
# Exit status 77 (with a line on stderr) means "cannot run here": not root,
# namespaces not allowed, or sshd/parallel missing.
set -u
lede=$(readlink -f "$1"); script=$(readlink -f "$2"); input=$(readlink -f "$3"); rows=$4
skip() { echo "ssh_hosts: skipped: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
command -v parallel >/dev/null || skip "GNU parallel is not installed"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed"
command -v ip >/dev/null || skip "iproute2 is not installed"

tag=lede$$
a=${tag}a; b=${tag}b
dir=$(mktemp -d)
cleanup() {
  for p in "$dir"/sshd.*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done
  ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

ip netns add "$a" 2>/dev/null || skip "network namespaces are not allowed here"
ip netns add "$b" || exit 1
ip link add "v$a" type veth peer name "v$b" || skip "veth links are not allowed here"
ip link set "v$a" netns "$a" && ip link set "v$b" netns "$b" || exit 1
ip -n "$a" addr add 10.231.7.1/24 dev "v$a" && ip -n "$a" link set "v$a" up && ip -n "$a" link set lo up
ip -n "$b" addr add 10.231.7.2/24 dev "v$b" && ip -n "$b" link set "v$b" up && ip -n "$b" link set lo up

ssh-keygen -q -t ed25519 -N '' -f "$dir/host" || exit 1
ssh-keygen -q -t ed25519 -N '' -f "$dir/user" || exit 1
cp "$dir/user.pub" "$dir/authorized_keys"
mkdir -p /run/sshd
for host in a b; do
  ns=$(eval echo "\$$host"); addr=10.231.7.$([ $host = a ] && echo 1 || echo 2)
  cat >"$dir/sshd.$host.conf" <<EOF
ListenAddress $addr:2222
HostKey $dir/host
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.$host.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
  ip netns exec "$ns" /usr/sbin/sshd -f "$dir/sshd.$host.conf" -E "$dir/sshd.$host.log" || exit 1
done

ssh="ssh -p 2222 -i $dir/user -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
# wait for both sshd to answer
for addr in 10.231.7.1 10.231.7.2; do
  n=0
  until ip netns exec "$a" $ssh root@$addr true 2>/dev/null; do
    n=$((n + 1)); [ $n -gt 50 ] && { echo "ssh_hosts: sshd on $addr does not answer" >&2; cat "$dir"/sshd.*.log >&2; exit 1; }
    sleep 0.1
  done
done

# one block of 7 articles at a time to each host; rows come back in order
ip netns exec "$a" parallel --will-cite --pipe -N 7 --keep-order \
  --sshlogin "1/$ssh root@10.231.7.1" --sshlogin "1/$ssh root@10.231.7.2" \
  "cd $(pwd) && $lede map $script" <"$input" >"$rows" || exit 1
# both hosts took part: each sshd logged a session
for host in a b; do
  grep -q "Accepted publickey" "$dir/sshd.$host.log" ||
    { echo "ssh_hosts: host $host ran nothing" >&2; exit 1; }
done
exit 0
