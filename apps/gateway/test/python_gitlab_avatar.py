"""Creates a user with an avatar through python-gitlab, replaces it, and downloads both; prints JSON."""
import json
import os
import sys
import urllib.request

import gitlab

url, root_token = os.environ["GITLAB_URL"], os.environ["ROOT_TOKEN"]
png_path, gif_path = os.environ["PNG_PATH"], os.environ["GIF_PATH"]
gl = gitlab.Gitlab(url, private_token=root_token)
result = {}


def download(avatar_url):
    with urllib.request.urlopen(avatar_url) as response:
        return response.headers["Content-Type"], response.read()


def same_bytes(path, body):
    with open(path, "rb") as f:
        return f.read() == body


with open(png_path, "rb") as png:
    # The documented form: a file object as `avatar` makes python-gitlab send multipart/form-data.
    user = gl.users.create(
        {
            "email": "pic@example.com",
            "username": "pic",
            "name": "Pic Ture",
            "password": "long-enough-password",
            # Sent in the multipart body as Python's spelling, "True".
            "private_profile": True,
            "avatar": png,
        }
    )
result["avatar_url"] = user.avatar_url
result["private_profile"] = user.private_profile
content_type, body = download(user.avatar_url)
result["created"] = {"content_type": content_type, "same_bytes": same_bytes(png_path, body)}

with open(gif_path, "rb") as gif:
    user.avatar = gif
    user.save()
fetched = gl.users.get(user.id)
result["updated_url"] = fetched.avatar_url
content_type, body = download(fetched.avatar_url)
result["updated"] = {"content_type": content_type, "same_bytes": same_bytes(gif_path, body)}
# A client that resolves the user by search finds it, with its avatar.
found = gl.users.list(search="Pic Tu")
result["found_by_search"] = [(u.username, u.avatar_url == fetched.avatar_url) for u in found]

try:
    with open(__file__, "rb") as not_an_image:
        gl.users.create(
            {"email": "x@example.com", "username": "x", "name": "X", "password": "long-enough-password", "avatar": not_an_image}
        )
    result["refused"] = "no error"
except gitlab.exceptions.GitlabCreateError as error:
    result["refused"] = {"code": error.response_code, "message": error.error_message}
json.dump(result, sys.stdout)
