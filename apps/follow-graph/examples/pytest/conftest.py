"""pytest fixtures for a suite run under `follow-graph exec -- /usr/bin/python3 -m pytest`.

exec starts a fresh server and puts its coordinates in the environment; every test starts
from the same graph: the control API resets it and loads FIXTURES before each one.
"""
import json
import os
import urllib.request

import pytest

# requests would send even loopback traffic through a configured proxy.
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

URL = os.environ["FOLLOW_GRAPH_URL"]
ROOT_TOKEN = os.environ["FOLLOW_GRAPH_ROOT_TOKEN"]

# Fixed secrets, so the tests can sign in as each user; ids are chosen for GitLab's routes.
FIXTURES = {
    "users": [
        {"id": 2, "username": "alice", "token": "alice-token-0001"},
        {"id": 3, "username": "bob", "token": "bob-token-00001"},
        {"id": 4, "username": "carol", "token": "carol-token-0001"},
    ],
    "follows": [["carol", "bob"]],
}


def control(method, path, body=None):
    """Calls the control API with root's token and returns its JSON answer (or None)."""
    request = urllib.request.Request(
        f"{URL}/__follow-graph/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"PRIVATE-TOKEN": ROOT_TOKEN, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        text = response.read()
    return json.loads(text) if text else None


@pytest.fixture(autouse=True)
def fresh_graph():
    """Root, alice, bob and carol (who follows bob), and nothing else, before every test."""
    control("POST", "reset")
    control("POST", "fixtures", FIXTURES)
    yield


@pytest.fixture
def tokens():
    return {user["username"]: user["token"] for user in FIXTURES["users"]}
