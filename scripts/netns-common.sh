# shellcheck shell=bash
# What a node in its own network namespace needs to run a dockerd, in one place. Sourced by
# scripts/netns-cluster.sh (Skep nodes) and bench/swarm-netns.sh (Docker Swarm nodes for the failover benchmark).

# The commands that re-create the root namespace's cgroup v1/v2 mounts (ip netns exec remounts /sys).
cgroup_mounts() {
  echo "mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup"
  awk '$5 ~ "^/sys/fs/cgroup/" {
         for (i = 7; $i != "-"; i++) {}
         fstype = $(i + 1); opts = $(i + 3)
         if (fstype == "cgroup" || fstype == "cgroup2")
           printf "mkdir -p %s && mount -t %s -o %s %s %s\n", $5, fstype, opts, fstype, $5
       }' /proc/self/mountinfo
}

# netns_dockerd_script HOSTNAME DOCKERD_ARGS...: the shell script that runs dockerd in a node's namespace (run it
# with `ip netns exec NS unshare --uts sh`): the node's host name, its own /run/docker, the host's cgroup mounts.
netns_dockerd_script() {
  local host=$1
  shift
  echo "set -e"
  echo "hostname $host"
  echo "mount -t tmpfs tmpfs /run/docker 2>/dev/null || { mkdir -p /run/docker && mount -t tmpfs tmpfs /run/docker; }"
  cgroup_mounts
  echo "exec dockerd $*"
}
