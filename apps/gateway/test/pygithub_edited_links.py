"""PyGithub (Debian's python3-github) walking on from `next` links a client edited; prints JSON.

EDITED_URLS is a JSON list of absolute URLs. For each: the logins PyGithub lists walking from it
by rel="next", with the PaginatedList that get_followers() itself builds, or the error it raised.
"""
import json
import os

import github
from github import Github
from github.NamedUser import NamedUser
from github.PaginatedList import PaginatedList

base_url = os.environ["GITHUB_BASE_URL"]
token = os.environ["TOKEN"]

try:  # PyGithub >= 1.59
    from github import Auth

    g = Github(base_url=base_url, auth=Auth.Token(token))
except ImportError:  # Debian's 1.55 takes the token as login_or_token
    g = Github(login_or_token=token, base_url=base_url)

# Any object PyGithub made carries the requester a PaginatedList needs; this one costs no request.
requester = g.get_user()._requester


def walk(url):
    try:
        return {"logins": [user.login for user in PaginatedList(NamedUser, requester, url, None)]}
    except github.GithubException as error:
        return {"status": error.status, "message": error.data.get("message")}


print(json.dumps([walk(url) for url in json.loads(os.environ["EDITED_URLS"])]))
