"""python-gitlab (Debian's python3-gitlab) walking on from `next` links a client edited; prints JSON.

EDITED_URLS is a JSON list of absolute URLs. For each: the ids python-gitlab's http_list lists
walking from it by rel="next", or the error it raised.
"""
import json
import os

import gitlab

gl = gitlab.Gitlab(os.environ["GITLAB_URL"], private_token=os.environ["TOKEN"])


def walk(url):
    try:
        return {"ids": [user["id"] for user in gl.http_list(url, iterator=True)]}
    except gitlab.exceptions.GitlabError as error:
        return {"status": error.response_code, "message": error.error_message}


print(json.dumps([walk(url) for url in json.loads(os.environ["EDITED_URLS"])]))
