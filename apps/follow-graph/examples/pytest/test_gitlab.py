"""python-gitlab (Debian's python3-gitlab) against the GitLab v4 dialect."""
import gitlab

from conftest import URL


def test_alice_follows_bob(tokens):
    gl = gitlab.Gitlab(URL, private_token=tokens["alice"])
    bob = gl.users.get(3)
    bob.follow()
    followers = [user.username for user in bob.followers_users.list(get_all=True)]
    assert sorted(followers) == ["alice", "carol"]
    assert gl.users.get(3).followers == 2


def test_each_test_starts_from_the_fixtures(tokens):
    # Runs after the test above: its follow is gone, carol's (from the fixtures) is back.
    gl = gitlab.Gitlab(URL, private_token=tokens["alice"])
    assert [user.username for user in gl.users.get(3).followers_users.list(get_all=True)] == ["carol"]


def test_unfollow(tokens):
    gl = gitlab.Gitlab(URL, private_token=tokens["carol"])
    gl.users.get(3).unfollow()
    assert gl.users.get(3).followers == 0
