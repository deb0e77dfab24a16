"""Seeds impersonation tokens with python-gitlab (Debian's python3-gitlab), as seeding scripts do, and prints JSON."""
import json
import os
import sys

import gitlab

url, root_token, user_id = os.environ["GITLAB_URL"], os.environ["ROOT_TOKEN"], int(os.environ["USER_ID"])
admin = gitlab.Gitlab(url, private_token=root_token)
user = admin.users.get(user_id)
result = {}


def whoami(token):
    """The username the token acts as, or the status GitLab refused it with."""
    client = gitlab.Gitlab(url, private_token=token)
    try:
        client.auth()
        return client.user.username
    except gitlab.exceptions.GitlabAuthenticationError as error:
        return error.response_code


created = [
    user.impersonationtokens.create({"name": f"seed{i}", "scopes": ["api", "read_user"], "expires_at": "2099-01-01"})
    for i in range(3)
]
first = created[0]
result["created"] = [
    {"name": t.name, "scopes": t.scopes, "impersonation": t.impersonation, "active": t.active, "has_token": bool(t.token)}
    for t in created
]
result["acts_as"] = whoami(first.token)
result["listed"] = [t.name for t in user.impersonationtokens.list(get_all=True, per_page=2)]
result["fetched"] = user.impersonationtokens.get(first.id).name

first.delete()
user.impersonationtokens.delete(created[1].id)
result["after_delete"] = whoami(first.token)
result["active"] = [t.name for t in user.impersonationtokens.list(state="active", get_all=True)]
result["inactive"] = [
    {"name": t.name, "revoked": t.revoked, "active": t.active}
    for t in user.impersonationtokens.list(state="inactive", get_all=True)
]
try:
    user.impersonationtokens.get(987654321)
    result["unknown"] = "no error"
except gitlab.exceptions.GitlabGetError as error:
    result["unknown"] = [error.response_code, error.error_message]
json.dump(result, sys.stdout)
