"""良好信息撤回: the request dialog and the list of requests (issue 10)."""
