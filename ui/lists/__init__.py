"""名单与信用提示: list memberships (red, black, key attention) and the Xiamen 第二十八条 alerts."""
