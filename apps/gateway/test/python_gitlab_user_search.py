"""Looks users up with python-gitlab's gl.users.list (search, username, order_by) and prints JSON."""
import json
import os
import sys

import gitlab

url = os.environ["GITLAB_URL"]
member = gitlab.Gitlab(url, private_token=os.environ["MEMBER_TOKEN"])
admin = gitlab.Gitlab(url, private_token=os.environ["ROOT_TOKEN"])
names = lambda users: [u.username for u in users]
result = {}

# A non-admin's search: best match first, then by name; blocked users hidden; root not among them.
result["search"] = names(member.users.list(search="carol", get_all=True))
result["search_paged"] = names(member.users.list(search="carol", get_all=True, per_page=1))
result["search_mention"] = names(member.users.list(search="@CAROL"))
result["search_wildcard"] = names(member.users.list(search="carol%"))
result["search_nobody"] = names(member.users.list(search="'; drop table users; --"))
result["username"] = names(member.users.list(username="Carol"))
result["blocked_hidden"] = names(member.users.list(search="carol", blocked=True))
# An administrator's: blocked users too, ordered as asked.
result["admin_by_name"] = names(admin.users.list(search="carol", order_by="name", sort="asc", get_all=True))
result["admin_blocked"] = names(admin.users.list(search="carol", blocked=True))
result["admin_default"] = names(admin.users.list(search="carol", get_all=True))
try:
    member.users.list(order_by="email")
    result["bad_order_by"] = "no error"
except gitlab.exceptions.GitlabListError as error:
    result["bad_order_by"] = [error.response_code, error.error_message]
json.dump(result, sys.stdout)
