"""Drives the running server with PyGithub (Debian's python3-github) and prints JSON."""
import json
import os
import sys

import github
from github import Github

base_url = os.environ["GITHUB_BASE_URL"]  # http://127.0.0.1:PORT/api/v3
alice_token, bob_token, reader_token = (
    os.environ["ALICE_TOKEN"],
    os.environ["BOB_TOKEN"],
    os.environ["READER_TOKEN"],
)
bob_login = os.environ["BOB_LOGIN"]

try:  # PyGithub >= 1.59
    from github import Auth

    def connect(token, **kwargs):
        return Github(base_url=base_url, auth=Auth.Token(token), **kwargs)

except ImportError:  # older PyGithub (Debian's 1.55) takes the token as login_or_token

    def connect(token, **kwargs):
        return Github(login_or_token=token, base_url=base_url, **kwargs)


def logins(users):
    return [u.login for u in users]


result = {}
# per_page=2 forces every list below onto several pages.
g = connect(alice_token, per_page=2)
me = g.get_user()
result["me"] = me.login
bob = g.get_user(bob_login)
result["bob"] = {"login": bob.login, "url": bob.url, "followers": bob.followers, "following": bob.following}
alice = g.get_user(me.login)  # the NamedUser, for the /users/{login}/… routes

result["has_in_following_before"] = me.has_in_following(bob)
me.add_to_following(bob)
result["has_in_following_after_add"] = me.has_in_following(bob)
result["named_has_in_following"] = [alice.has_in_following(bob), bob.has_in_following(alice)]
result["oauth_scopes"] = g.oauth_scopes

followers = bob.get_followers()
result["followers_total_count"] = followers.totalCount
result["followers"] = logins(followers)
result["followers_pages"] = [logins(followers.get_page(i)) for i in range(5)]
result["followers_reversed"] = logins(bob.get_followers().reversed)
result["bob_followers_count"] = g.get_user(bob_login).followers
result["my_following"] = logins(me.get_following())
result["alice_following"] = logins(alice.get_following())

# bob's own view of his followers: GET /user/followers.
g_bob = connect(bob_token, per_page=2)
result["bob_sees_followers"] = logins(g_bob.get_user().get_followers())

me.remove_from_following(bob)
result["has_in_following_after_remove"] = me.has_in_following(bob)
after = g.get_user(bob_login).get_followers()
result["followers_after"] = logins(after)
result["followers_after_total_count"] = after.totalCount
me.remove_from_following(bob)  # a repeat unfollow is a 204 too, so no exception
result["repeat_remove"] = "ok"

# A token without user:follow: GitHub's 404, which PyGithub raises as UnknownObjectException.
g_reader = connect(reader_token)
try:
    g_reader.get_user().add_to_following(g_reader.get_user(bob_login))
    result["reader_follow"] = "no error"
except github.GithubException as error:
    result["reader_follow"] = {
        "type": type(error).__name__,
        "status": error.status,
        "message": error.data.get("message"),
    }

json.dump(result, sys.stdout)
