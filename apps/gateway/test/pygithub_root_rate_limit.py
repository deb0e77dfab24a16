"""PyGithub (Debian's python3-github 1.55) reading the rate limit at the api.github.com layout, signed in and anonymously; prints JSON."""
import json
import os

from github import Github

base_url = os.environ["GITHUB_BASE_URL"]
login = os.environ["LOGIN"]


def window(rate):
    return {"limit": rate.limit, "remaining": rate.remaining, "reset_is_future": rate.reset.timestamp() > 0}


signed_in = Github(login_or_token=os.environ["TOKEN"], base_url=base_url)
anonymous = Github(base_url=base_url)
result = {
    "login": signed_in.get_user().login,
    "rate_limiting": list(signed_in.rate_limiting),  # (remaining, limit) from the last headers
    "core": window(signed_in.get_rate_limit().core),
    "anonymous_core": window(anonymous.get_rate_limit().core),
    "anonymous_read": anonymous.get_user(login).login,
    "anonymous_rate_limiting": list(anonymous.rate_limiting),
}
print(json.dumps(result))
