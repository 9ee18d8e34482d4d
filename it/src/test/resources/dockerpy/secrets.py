"""docker-py (Debian's python3-docker) with secrets: create one, a service that mounts it, read it inside the task's
container (through the host's dockerd), list, then remove the service and the secret.

Usage: secrets.py SOCKET IMAGE HOST_DOCKER_SOCKET. Prints one line per step and exits non-zero on the first failure.
"""
import sys
import time
import uuid

import docker

sock, image, host_sock = sys.argv[1:4]
client = docker.DockerClient(base_url="unix://" + sock, version="1.41")
host = docker.DockerClient(base_url="unix://" + host_sock)
value = "py-secret-" + uuid.uuid4().hex
state = {}


def step(name, fn):
    try:
        fn()
    except Exception as e:  # the step's name and docker-py's own error, for the test's message
        print("FAIL %s: %s" % (name, e))
        sys.exit(1)
    print("ok %s" % name)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def create_secret():
    s = client.secrets.create(name="pysecret", data=value, labels={"from": "docker-py"})
    state["secret"] = s
    expect("Data" not in client.secrets.get(s.id).attrs["Spec"], "inspect shows no data")


def create_service():
    ref = docker.types.SecretReference(state["secret"].id, "pysecret", filename="pw", mode=0o400)
    state["service"] = client.services.create(image, command=["sleep", "1000"], name="pysec", secrets=[ref])


def running_container():
    deadline = time.time() + 90
    while time.time() < deadline:
        for t in state["service"].tasks():
            status = t["Status"]
            if status["State"] == "running" and status.get("ContainerStatus", {}).get("ContainerID"):
                state["container"] = status["ContainerStatus"]["ContainerID"]
                return
        time.sleep(1)
    raise AssertionError("no running task within 90s: %s" % state["service"].tasks())


def read_inside():
    r = host.containers.get(state["container"]).exec_run(["cat", "/run/secrets/pw"])
    expect(r.exit_code == 0, "cat exited %d: %r" % (r.exit_code, r.output))
    expect(r.output.decode() == value, "the container reads %r" % r.output)


def listed():
    names = [s.name for s in client.secrets.list(filters={"label": "from=docker-py"})]
    expect(names == ["pysecret"], "secrets listed by label: %s" % names)


def remove():
    state["service"].remove()
    state["secret"].remove()
    expect(client.secrets.list() == [], "no secret left")


step("create secret", create_secret)
step("create service with the secret", create_service)
step("task running", running_container)
step("read the secret inside the container", read_inside)
step("list secrets", listed)
step("remove service and secret", remove)
print("done")
