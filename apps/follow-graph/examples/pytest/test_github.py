"""PyGithub 1.55 (Debian's python3-github) against the GitHub Enterprise layout (/api/v3)."""
import os

from github import Github

GHES_URL = os.environ["FOLLOW_GRAPH_GHES_URL"]


def connect(token):
    # PyGithub 1.55 has no Auth module: the token goes in login_or_token.
    return Github(base_url=GHES_URL, login_or_token=token)


def test_follows_made_in_either_dialect_are_one_graph(tokens):
    alice = connect(tokens["alice"])
    bob = alice.get_user("bob")
    alice.get_user().add_to_following(bob)
    assert sorted(user.login for user in bob.get_followers()) == ["alice", "carol"]
    assert connect(tokens["bob"]).get_user().followers == 2


def test_reset_between_tests(tokens):
    me = connect(tokens["alice"]).get_user()
    assert [user.login for user in me.get_following()] == []
