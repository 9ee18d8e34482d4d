"""docker-py (Debian's python3-docker) driving a Skep manager as third-party tools do.

Usage: services.py SOCKET IMAGE IMAGE2. Prints one line per step and exits non-zero on the first failure.
"""
import sys

import docker

sock, image, image2 = sys.argv[1:4]
client = docker.DockerClient(base_url="unix://" + sock, version="1.41")


def step(name, fn):
    try:
        fn()
    except Exception as e:  # the step's name and docker-py's own error, for the test's message
        print("FAIL %s: %s" % (name, e))
        sys.exit(1)
    print("ok %s" % name)


net = client.networks.create("pynet", driver="overlay")
services = []


def create_and_scale(i):
    # scale() right after create(): docker-py updates with the version create() read back, so the manager's own
    # follow-up write (the endpoint's virtual IP and published port) must already be in it.
    s = client.services.create(
        image,
        command=["sleep", "1000"],
        name="py%d" % i,
        networks=["pynet"],
        endpoint_spec=docker.types.EndpointSpec(ports={18080 + i: 80}),
    )
    services.append(s)
    s.scale(2)


for i in range(8):
    step("create then scale py%d" % i, lambda i=i: create_and_scale(i))


def update_image():
    s = client.services.get("py0")
    s.update(image=image2)
    assert client.services.get("py0").attrs["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] == image2


step("update image", update_image)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


step("list by name filter", lambda: expect([s.name for s in client.services.list(filters={"name": "py1"})] == ["py1"],
                                           "the name filter"))
step("tasks of a service", lambda: expect(len(client.services.get("py1").tasks()) >= 1, "py1 has tasks"))
step("nodes", lambda: expect(len(client.nodes.list()) == 1, "one node"))
for s in services:
    step("remove %s" % s.name, s.remove)
print("done")
