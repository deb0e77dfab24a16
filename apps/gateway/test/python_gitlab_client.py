"""Drives the running server with python-gitlab (Debian's python3-gitlab) and prints JSON."""
import json
import os
import sys

import gitlab

url, alice_token, bob_id = os.environ["GITLAB_URL"], os.environ["ALICE_TOKEN"], int(os.environ["BOB_ID"])
gl = gitlab.Gitlab(url, private_token=alice_token)
result = {}

bob = gl.users.get(bob_id)
result["bob_username"] = bob.username
bob.follow()
result["followed"] = True
try:
    bob.follow()
    result["repeat_follow"] = "no error"
except gitlab.exceptions.GitlabFollowError as error:
    result["repeat_follow"] = error.response_code

gl.auth()
result["me"] = gl.user.username
result["followers"] = [u.username for u in bob.followers_users.list(get_all=True, per_page=2)]
result["bob_followers_count"] = gl.users.get(bob_id).followers
bob.unfollow()
try:
    bob.unfollow()
    result["repeat_unfollow"] = "no error"
except gitlab.exceptions.GitlabUnfollowError as error:
    result["repeat_unfollow"] = error.response_code
result["followers_after"] = [u.username for u in bob.followers_users.list(get_all=True, per_page=2)]
json.dump(result, sys.stdout)
