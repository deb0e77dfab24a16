"""PyGithub (Debian's python3-github) reading this server's rate limit, and hitting it; prints JSON."""
import json
import os

import github
from github import Github

base_url = os.environ["GITHUB_BASE_URL"]
token = os.environ["TOKEN"]

try:  # PyGithub >= 1.59
    from github import Auth

    g = Github(base_url=base_url, auth=Auth.Token(token), retry=None)
except ImportError:  # Debian's 1.55 takes the token as login_or_token and does not retry
    g = Github(login_or_token=token, base_url=base_url)


def error_of(call):
    try:
        call()
        return "no error"
    except github.GithubException as error:
        return {"type": type(error).__name__, "status": error.status, "message": error.data.get("message")}


result = {}
if os.environ.get("EXPECT_LIMITS") == "1":
    result["login"] = g.get_user().login
    result["rate_limiting"] = list(g.rate_limiting)  # (remaining, limit) from the last headers
    result["resettime_is_future"] = g.rate_limiting_resettime > 0
    core = g.get_rate_limit().core
    result["core"] = {"limit": core.limit, "remaining": core.remaining}
    spent = 0
    while True:
        outcome = error_of(lambda: g.get_user(os.environ["OTHER_LOGIN"]).login)
        if outcome != "no error":
            result["exceeded"] = outcome
            break
        spent += 1
    result["spent_before_refusal"] = spent
    result["rate_limiting_after"] = list(g.rate_limiting)
else:
    result["get_rate_limit"] = error_of(g.get_rate_limit)
print(json.dumps(result))
